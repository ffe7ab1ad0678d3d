import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { CommentBody } from "~/components/comments/comment-body";
import {
  COMMENT_EDIT_WINDOW_MS,
  mentionToken,
  mentionedUserIds,
  parseCommentMarkdown,
  plainText,
  safeHref,
  threadHref,
  withinEditWindow,
} from "~/domain/comments";

const POSTED = "2025-03-10T09:00:00.000Z";
const at = (minutes: number) => new Date(Date.parse(POSTED) + minutes * 60_000);
const render = (body: string, mentionNames: Record<number, string> = {}) => renderToStaticMarkup(createElement(CommentBody, { body, mentionNames }));

describe("the 15-minute edit window", () => {
  it.each([
    [0, true],
    [1, true],
    [14, true],
    [14.99, true],
    [15, false],
    [16, false],
    [60 * 24, false],
    [-1, false], // a clock behind the post: not editable rather than forever
  ])("at +%s min: %s", (minutes, open) => {
    expect(withinEditWindow(POSTED, at(minutes))).toBe(open);
  });
  it("is 15 minutes, and a malformed time is closed", () => {
    expect(COMMENT_EDIT_WINDOW_MS).toBe(900_000);
    expect(withinEditWindow("not a time", at(0))).toBe(false);
  });
});

describe("mentions", () => {
  it.each([
    ["no mention", []],
    ["hi @[Mikko Heinonen](user:12)", [12]],
    ["@[A](user:3) and @[B](user:4) and again @[A](user:3)", [3, 4]],
    ["an email a@[b](user:x) is not one", []],
    ["@[Name](user:0)", []],
    ["@Mikko is plain text", []],
    ["@[](user:5) needs a name", []],
    ["@[Two\nlines](user:5)", []],
  ] as Array<[string, number[]]>)("%j → %j", (text, ids) => {
    expect(mentionedUserIds(text)).toEqual(ids);
  });
  it("makes tokens that parse back, whatever the name holds", () => {
    for (const name of ["Laura Koskinen", "Odd ]name[", "x)(user:9"]) {
      expect(mentionedUserIds(mentionToken(7, name))).toEqual([7]);
    }
  });
  it("shows a mention under the person's current name only when the comment really mentions them", () => {
    expect(render("hi @[Boss](user:7)", { 7: "Laura Koskinen" })).toContain('<strong class="comment-mention">@Laura Koskinen</strong>');
    // A forged token (not among the comment's mentions) is plain text, not a mention.
    const forged = render("hi @[The CEO](user:8)", { 7: "Laura Koskinen" });
    expect(forged).not.toContain("comment-mention");
    expect(forged).toContain("@The CEO");
  });
});

describe("markdown-lite", () => {
  it("parses paragraphs, line breaks, bold, italic, code, lists and links", () => {
    expect(parseCommentMarkdown("Hello **big** *small* `x*y`\nnext line\n\n- one\n- [two](https://example.com/a)\n\nsee https://example.org/x.")).toEqual([
      {
        type: "paragraph",
        children: [
          { type: "text", text: "Hello " },
          { type: "strong", children: [{ type: "text", text: "big" }] },
          { type: "text", text: " " },
          { type: "em", children: [{ type: "text", text: "small" }] },
          { type: "text", text: " " },
          { type: "code", text: "x*y" },
          { type: "br" },
          { type: "text", text: "next line" },
        ],
      },
      {
        type: "list",
        items: [[{ type: "text", text: "one" }], [{ type: "link", href: "https://example.com/a", text: "two" }]],
      },
      {
        type: "paragraph",
        children: [
          { type: "text", text: "see " },
          { type: "link", href: "https://example.org/x", text: "https://example.org/x" },
          { type: "text", text: "." },
        ],
      },
    ]);
  });
  it.each([
    ["2 * 3 * 4", "2 * 3 * 4"],
    ["**unclosed", "**unclosed"],
    ["a ** b ** c", "a ** b ** c"],
    ["`unclosed code", "`unclosed code"],
    ["[no url]", "[no url]"],
  ])("leaves %j as written", (text, plain) => {
    expect(plainText(parseCommentMarkdown(text))).toBe(plain);
  });
  it("renders elements, and links open in a new tab without an opener or referrer", () => {
    const html = render("**b** *i* `c`\n- x\n\n[site](https://example.com/?a=1&b=2) mailto:someone@example.com");
    expect(html).toContain("<strong>b</strong>");
    expect(html).toContain("<em>i</em>");
    expect(html).toContain("<code>c</code>");
    expect(html).toContain('<a href="https://example.com/?a=1&amp;b=2" target="_blank" rel="noopener noreferrer">site</a>');
    expect(html).toContain('<a href="mailto:someone@example.com" target="_blank" rel="noopener noreferrer">mailto:someone@example.com</a>');
  });
  it.each([
    ["https://example.com", "https://example.com/"],
    ["http://example.com/a?b=c#d", "http://example.com/a?b=c#d"],
    ["HTTPS://EXAMPLE.COM/x", "https://example.com/x"],
    ["mailto:a@example.com", "mailto:a@example.com"],
    ["javascript:alert(1)", null],
    ["JaVaScRiPt:alert(1)", null],
    [" javascript:alert(1)", null],
    ["java\tscript:alert(1)", null],
    ["java\nscript:alert(1)", null],
    ["&#106;avascript:alert(1)", null],
    ["&#x6A;avascript:alert(1)", null],
    ["data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", null],
    ["vbscript:msgbox(1)", null],
    ["file:///etc/passwd", null],
    ["//evil.example/x", null],
    ["/relative", null],
    ["https:javascript:alert(1)", null],
    ['https://example.com/"onmouseover="alert(1)', null],
    ["https://example.com/'x", null],
    ["https://exa mple.com", null],
    ["https://example.com/<script>", null],
    ["https://\u0000example.com", null],
    ["http://", null],
  ] as Array<[string, string | null]>)("safeHref(%j) = %j", (raw, href) => {
    expect(safeHref(raw)).toBe(href);
  });
});

describe("stored XSS attempts render as text", () => {
  const attempts = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<svg/onload=alert(1)>",
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT:alert(1))",
    "[click]( javascript:alert(1))",
    "[click](java\tscript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](&#x6A;&#x61;vascript:alert(1))",
    "[click](javascript&colon;alert(1))",
    "[click](data:text/html,<script>alert(1)</script>)",
    "[click](vbscript:msgbox(1))",
    '[click](https://example.com/"onclick="alert(1))',
    "[click](https://example.com/'onclick='alert(1))",
    "[[nested](javascript:alert(1))](https://example.com)",
    "[a](https://example.com)](javascript:alert(1))",
    "**[x](javascript:alert(1))**",
    "javascript:alert(1)",
    "`<script>alert(1)</script>`",
    "@[<img src=x onerror=alert(1)>](user:7)",
    "https://example.com/<script>alert(1)</script>",
    '"><script>alert(1)</script>',
    "[x](https://example.com/?q=<script>)",
  ];
  it.each(attempts)("%j", (attempt) => {
    const html = render(attempt, { 7: "Laura" });
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<svg/i);
    // Every "<" in the markup is a real tag (text is escaped): only these elements, with only these attributes.
    for (const [, tag, attributes] of html.matchAll(/<([a-z]+)([^>]*)>/gi)) {
      expect(["div", "p", "ul", "li", "strong", "em", "code", "br", "a"]).toContain(tag);
      for (const [, name] of attributes.matchAll(/\s([^\s=]+)=/g)) expect(["class", "href", "target", "rel"]).toContain(name);
    }
    expect(html).not.toMatch(/href="(?!https?:|mailto:)/i);
    expect(html).not.toMatch(/href="[^"]*javascript:/i);
    for (const [, attributes] of html.matchAll(/<a ([^>]*)>/g)) expect(attributes).toContain('rel="noopener noreferrer"');
  });
  it("keeps what was written readable, escaped", () => {
    expect(render("<script>alert(1)</script>")).toBe('<div class="comment-body"><p>&lt;script&gt;alert(1)&lt;/script&gt;</p></div>');
    expect(render("[click](javascript:alert(1))")).toBe('<div class="comment-body"><p>[click](javascript:alert(1))</p></div>');
  });
});

describe("links to a thread", () => {
  it("names the quarter, the factor and the comment", () => {
    expect(threadHref(5, { period: "2025-Q1" })).toBe("/relationships/5/discussion?period=2025-Q1");
    expect(threadHref(5, { period: "2025-Q1", factor: "trust" }, 9)).toBe("/relationships/5/discussion?period=2025-Q1&factor=trust#comment-9");
  });
});
