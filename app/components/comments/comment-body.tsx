import { Fragment, type ReactNode } from "react";
import { parseCommentMarkdown, type InlineNode } from "~/domain/comments";

/**
 * A comment's text as React elements, from the markdown-lite tree
 * (app/domain/comments.ts): React escapes every text and attribute, and a
 * link only ever has the http(s)/mailto href the parser accepted. No hooks,
 * so tests render it to static markup.
 */
export function CommentBody({ body, mentionNames }: { body: string; mentionNames: Readonly<Record<number, string>> }) {
  return (
    <div className="comment-body">
      {parseCommentMarkdown(body).map((block, i) =>
        block.type === "paragraph" ? (
          <p key={i}>{inline(block.children, mentionNames)}</p>
        ) : (
          <ul key={i}>
            {block.items.map((item, j) => (
              <li key={j}>{inline(item, mentionNames)}</li>
            ))}
          </ul>
        ),
      )}
    </div>
  );
}

function inline(nodes: InlineNode[], mentionNames: Readonly<Record<number, string>>): ReactNode {
  return nodes.map((n, i) => {
    switch (n.type) {
      case "text":
        return <Fragment key={i}>{n.text}</Fragment>;
      case "br":
        return <br key={i} />;
      case "code":
        return <code key={i}>{n.text}</code>;
      case "strong":
        return <strong key={i}>{inline(n.children, mentionNames)}</strong>;
      case "em":
        return <em key={i}>{inline(n.children, mentionNames)}</em>;
      case "link":
        return (
          <a key={i} href={n.href} target="_blank" rel="noopener noreferrer">
            {n.text}
          </a>
        );
      case "mention": {
        // Only a person the comment really mentions is shown as a mention, under their current name.
        const name = mentionNames[n.userId];
        return name !== undefined ? (
          <strong key={i} className="comment-mention">
            @{name}
          </strong>
        ) : (
          <Fragment key={i}>@{n.text}</Fragment>
        );
      }
    }
  });
}
