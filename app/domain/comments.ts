/**
 * Comments in a relationship's discussion, the pure part: the edit window,
 * mention tokens and the markdown-lite parser. No I/O.
 *
 * The parser turns a comment's text into a small tree of plain data (blocks
 * of inline nodes); the thread component maps each node to a React element,
 * so nothing a user writes ever reaches the page as HTML. A link is made only
 * from text that starts with http://, https:// or mailto: and parses as such a
 * URL; anything else (javascript:, data:, entities, odd spellings) stays text.
 */

/** The author may edit or delete a comment this long after posting it. */
export const COMMENT_EDIT_WINDOW_MS = 15 * 60 * 1000;

/** The longest comment body, in characters. */
export const COMMENT_MAX_LENGTH = 5000;

/** Whether a comment posted at `createdAt` (ISO) may still be edited or deleted at `now`. */
export function withinEditWindow(createdAt: string, now: Date): boolean {
  const posted = Date.parse(createdAt);
  if (!Number.isFinite(posted)) return false;
  const elapsed = now.getTime() - posted;
  return elapsed >= 0 && elapsed < COMMENT_EDIT_WINDOW_MS;
}

// ------------------------------------------------------------------ mentions

/**
 * A mention in the text: `@[Name](user:ID)`. The form's mention list writes
 * these (and the server adds them for the people ticked), so the text says who
 * was meant; the name in the token is only a hint: the page shows the
 * mentioned person's current name, and only for ids the comment really mentions.
 */
const MENTION_RE = /@\[([^\]\n]{1,200})\]\(user:(\d{1,10})\)/g;

/** The user ids mentioned in a text, once each, in order of appearance. */
export function mentionedUserIds(text: string): number[] {
  const ids: number[] = [];
  for (const m of text.matchAll(MENTION_RE)) {
    const id = Number(m[2]);
    if (Number.isSafeInteger(id) && id > 0 && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

/** The token that mentions a person (brackets in the name are dropped so the token stays one token). */
export function mentionToken(userId: number, name: string): string {
  return `@[${name.replace(/[[\]\n\r]/g, "").trim() || "?"}](user:${userId})`;
}

// ------------------------------------------------------------------ markdown-lite

export type InlineNode =
  | { type: "text"; text: string }
  | { type: "strong"; children: InlineNode[] }
  | { type: "em"; children: InlineNode[] }
  | { type: "code"; text: string }
  | { type: "link"; href: string; text: string }
  | { type: "mention"; userId: number; text: string }
  | { type: "br" };

export type BlockNode = { type: "paragraph"; children: InlineNode[] } | { type: "list"; items: InlineNode[][] };

const SAFE_PREFIX = /^(https?:\/\/|mailto:)/i;

/**
 * The href a link may have, or null: only http(s) and mailto, written out
 * with that scheme at the start (no leading spaces, entities or controls),
 * without spaces, quotes, angle brackets or backslashes, and accepted by the
 * URL parser with the same scheme.
 */
export function safeHref(raw: string): string | null {
  if (!SAFE_PREFIX.test(raw)) return null;
  if (/[\s"'<>\\`\u0000-\u001f\u007f]/.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:" && url.protocol !== "mailto:") return null;
  if (url.protocol !== "mailto:" && !url.hostname) return null;
  return url.href;
}

/** Bare URLs in text; trailing punctuation is left outside the link. */
const BARE_URL_RE = /\b(?:https?:\/\/|mailto:)[^\s<>"'`]+/gi;

function trimTrailingPunctuation(url: string): string {
  let end = url.length;
  while (end > 0 && /[.,;:!?)\]}*_]/.test(url[end - 1])) {
    // Keep a closing parenthesis that closes one opened inside the URL (Wikipedia-style links).
    if (url[end - 1] === ")" && (url.slice(0, end).match(/\(/g)?.length ?? 0) >= (url.slice(0, end).match(/\)/g)?.length ?? 0)) break;
    end--;
  }
  return url.slice(0, end);
}

/** Plain text with bare URLs turned into links. */
function textWithLinks(text: string): InlineNode[] {
  const out: InlineNode[] = [];
  let last = 0;
  for (const m of text.matchAll(BARE_URL_RE)) {
    const start = m.index;
    const candidate = trimTrailingPunctuation(m[0]);
    const href = safeHref(candidate);
    if (!href) continue;
    if (start > last) out.push({ type: "text", text: text.slice(last, start) });
    out.push({ type: "link", href, text: candidate });
    last = start + candidate.length;
  }
  if (last < text.length) out.push({ type: "text", text: text.slice(last) });
  return out;
}

/** Merges neighbouring text nodes (the tree stays small and tests read it easily). */
function merged(nodes: InlineNode[]): InlineNode[] {
  const out: InlineNode[] = [];
  for (const n of nodes) {
    const prev = out[out.length - 1];
    if (n.type === "text" && prev?.type === "text") prev.text += n.text;
    else if (n.type === "text" && n.text === "") continue;
    else out.push(n.type === "text" ? { ...n } : n);
  }
  return out;
}

/**
 * Inline formatting of one line: `code`, [text](url), @[Name](user:ID),
 * **bold**, *italic*, bare URLs. Unmatched markers stay as they are written.
 */
export function parseInline(text: string, depth = 0): InlineNode[] {
  const out: InlineNode[] = [];
  let plain = "";
  const flush = () => {
    if (plain) out.push(...textWithLinks(plain));
    plain = "";
  };
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const ch = text[i];
    if (ch === "`") {
      const end = text.indexOf("`", i + 1);
      if (end > i + 1) {
        flush();
        out.push({ type: "code", text: text.slice(i + 1, end) });
        i = end + 1;
        continue;
      }
    }
    if (ch === "@") {
      const m = /^@\[([^\]\n]{1,200})\]\(user:(\d{1,10})\)/.exec(rest);
      if (m) {
        flush();
        out.push({ type: "mention", userId: Number(m[2]), text: m[1] });
        i += m[0].length;
        continue;
      }
    }
    if (ch === "[") {
      // [text](url): the text holds no brackets, the url no spaces or parentheses beyond one balanced pair.
      const m = /^\[([^[\]\n]{1,500})\]\(([^\s()]*(?:\([^\s()]*\)[^\s()]*)*)\)/.exec(rest);
      if (m) {
        const href = safeHref(m[2]);
        flush();
        // A link to anything but http(s)/mailto is shown as the text it was written as.
        out.push(href ? { type: "link", href, text: m[1] } : { type: "text", text: m[0] });
        i += m[0].length;
        continue;
      }
    }
    if (ch === "*" && depth < 4) {
      const strong = rest.startsWith("**");
      const marker = strong ? "**" : "*";
      const end = text.indexOf(marker, i + marker.length);
      const inner = end > i + marker.length ? text.slice(i + marker.length, end) : "";
      // Emphasis needs text right inside its markers ("2 * 3 * 4" is arithmetic).
      if (inner && !/^\s|\s$/.test(inner) && (strong || !inner.includes("*"))) {
        flush();
        out.push({ type: strong ? "strong" : "em", children: parseInline(inner, depth + 1) });
        i = end + marker.length;
        continue;
      }
    }
    plain += ch;
    i++;
  }
  flush();
  return merged(out);
}

const LIST_ITEM_RE = /^\s*[-*+]\s+(.*)$/;

/**
 * The whole text: blocks separated by blank lines; a block whose lines all
 * start with "- " (or "* ", "+ ") is a bullet list; other line breaks inside
 * a paragraph are kept as line breaks.
 */
export function parseCommentMarkdown(text: string): BlockNode[] {
  const blocks: BlockNode[] = [];
  const normalised = text.replace(/\r\n?/g, "\n");
  for (const chunk of normalised.split(/\n[ \t]*\n+/)) {
    const lines = chunk.split("\n").filter((l, idx, all) => !(l.trim() === "" && (idx === 0 || idx === all.length - 1)));
    if (lines.length === 0 || lines.every((l) => l.trim() === "")) continue;
    if (lines.every((l) => LIST_ITEM_RE.test(l))) {
      blocks.push({ type: "list", items: lines.map((l) => parseInline(LIST_ITEM_RE.exec(l)![1].trim())) });
      continue;
    }
    const children: InlineNode[] = [];
    lines.forEach((line, idx) => {
      if (idx > 0) children.push({ type: "br" });
      children.push(...parseInline(line));
    });
    blocks.push({ type: "paragraph", children });
  }
  return blocks;
}

/** The text a tree reads as (for the audit and for tests): markers dropped, mentions as @Name. */
export function plainText(blocks: BlockNode[]): string {
  const inline = (nodes: InlineNode[]): string =>
    nodes
      .map((n) =>
        n.type === "text" || n.type === "code" || n.type === "link"
          ? n.text
          : n.type === "mention"
            ? `@${n.text}`
            : n.type === "br"
              ? "\n"
              : inline(n.children),
      )
      .join("");
  return blocks.map((b) => (b.type === "paragraph" ? inline(b.children) : b.items.map((i) => `- ${inline(i)}`).join("\n"))).join("\n\n");
}

// ------------------------------------------------------------------ links

/** The page of a thread (anchored to a comment when given). */
export function threadHref(relationshipId: number, thread: { period: string; factor?: string | null }, commentId?: number | null): string {
  const query = new URLSearchParams({ period: thread.period });
  if (thread.factor) query.set("factor", thread.factor);
  return `/relationships/${relationshipId}/discussion?${query.toString()}${commentId ? `#comment-${commentId}` : ""}`;
}
