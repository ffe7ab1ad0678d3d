/**
 * One layout for every email the portal sends, as plain text and as HTML.
 * Pure: the caller has translated every text already. Everything in the HTML
 * is escaped; the only link is the action's, which must be the portal's own.
 */
export type EmailContent = {
  /** The subject line, also the HTML heading. */
  subject: string;
  /** Opening line, e.g. "Hello Maija,". */
  greeting?: string;
  /** Paragraphs of plain text. */
  paragraphs: string[];
  /** Items listed after the paragraphs (a digest's notifications), each optionally linked. */
  items?: Array<{ text: string; url?: string }>;
  /** The one button: what the reader should do next. */
  action?: { label: string; url: string };
  /** Small print at the end (why they got this). */
  footer?: string[];
  /** For digests: a one-click way to stop them. */
  unsubscribe?: { label: string; url: string };
};

export type RenderedEmail = { subject: string; text: string; html: string };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** Only http(s) links reach an email; anything else is dropped rather than linked. */
function safeUrl(url: string): string | null {
  return /^https?:\/\//i.test(url) ? url : null;
}

export function renderEmail(content: EmailContent): RenderedEmail {
  const text: string[] = [];
  if (content.greeting) text.push(content.greeting, "");
  for (const p of content.paragraphs) text.push(p, "");
  if (content.items?.length) {
    for (const item of content.items) text.push(`- ${item.text}${item.url ? `\n  ${item.url}` : ""}`);
    text.push("");
  }
  if (content.action) text.push(`${content.action.label}: ${content.action.url}`, "");
  if (content.footer?.length) text.push("--", ...content.footer);
  if (content.unsubscribe) text.push("", `${content.unsubscribe.label}: ${content.unsubscribe.url}`);

  const link = (url: string | undefined, label: string) => {
    const safe = url ? safeUrl(url) : null;
    return safe ? `<a href="${escapeHtml(safe)}" style="color:#1c5fa8">${escapeHtml(label)}</a>` : escapeHtml(label);
  };
  const html: string[] = [
    `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(content.subject)}</title></head>`,
    `<body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1a1b1e;background:#ffffff;margin:0;padding:24px">`,
    `<div style="max-width:600px">`,
    `<h1 style="font-size:20px;margin:0 0 16px">${escapeHtml(content.subject)}</h1>`,
  ];
  if (content.greeting) html.push(`<p>${escapeHtml(content.greeting)}</p>`);
  for (const p of content.paragraphs) html.push(`<p>${escapeHtml(p).replace(/\n/g, "<br>")}</p>`);
  if (content.items?.length) html.push(`<ul>${content.items.map((i) => `<li>${link(i.url, i.text)}</li>`).join("")}</ul>`);
  if (content.action) {
    const safe = safeUrl(content.action.url);
    if (safe) {
      html.push(
        `<p><a href="${escapeHtml(safe)}" style="display:inline-block;background:#1c5fa8;color:#ffffff;padding:10px 18px;border-radius:4px;text-decoration:none">${escapeHtml(content.action.label)}</a></p>`,
        `<p style="font-size:13px;color:#495057">${escapeHtml(safe)}</p>`,
      );
    }
  }
  if (content.footer?.length)
    html.push(
      `<hr style="border:none;border-top:1px solid #dee2e6">`,
      ...content.footer.map((f) => `<p style="font-size:13px;color:#495057">${escapeHtml(f)}</p>`),
    );
  if (content.unsubscribe) html.push(`<p style="font-size:13px">${link(content.unsubscribe.url, content.unsubscribe.label)}</p>`);
  html.push(`</div></body></html>`);
  return { subject: content.subject, text: text.join("\n").trimEnd() + "\n", html: html.join("\n") };
}
