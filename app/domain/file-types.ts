/**
 * What an uploaded file is, judged by its bytes (never by its name), and the
 * names it may be stored and downloaded under. Pure: no I/O, unit-tested in
 * tests/unit/file-types.test.ts.
 */

export const ATTACHMENT_KINDS = ["pdf", "png", "jpeg", "xlsx", "csv", "text"] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

export type DetectedType = { kind: AttachmentKind; contentType: string; extensions: readonly string[] };

const TYPES: Record<AttachmentKind, Omit<DetectedType, "kind">> = {
  pdf: { contentType: "application/pdf", extensions: ["pdf"] },
  png: { contentType: "image/png", extensions: ["png"] },
  jpeg: { contentType: "image/jpeg", extensions: ["jpg", "jpeg"] },
  xlsx: { contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", extensions: ["xlsx"] },
  csv: { contentType: "text/csv; charset=utf-8", extensions: ["csv"] },
  text: { contentType: "text/plain; charset=utf-8", extensions: ["txt", "text", "md", "log"] },
};

/** The largest file accepted, in bytes (10 MB). */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  if (bytes.length < signature.length) return false;
  return signature.every((b, i) => bytes[i] === b);
}

const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const ZIP = [0x50, 0x4b, 0x03, 0x04];

function u16(bytes: Uint8Array, at: number): number {
  return bytes[at] | (bytes[at + 1] << 8);
}
function u32(bytes: Uint8Array, at: number): number {
  return (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16)) + bytes[at + 3] * 0x1000000;
}

/**
 * The names in a ZIP's central directory, or null when it has none that
 * reads cleanly (found through the end-of-central-directory record, which
 * sits in the last 64 KB + 22 bytes).
 */
export function zipEntryNames(bytes: Uint8Array): string[] | null {
  const EOCD = 0x06054b50;
  const CENTRAL = 0x02014b50;
  const earliest = Math.max(0, bytes.length - 22 - 0xffff);
  for (let at = bytes.length - 22; at >= earliest; at--) {
    if (u32(bytes, at) !== EOCD) continue;
    const count = u16(bytes, at + 10);
    const size = u32(bytes, at + 12);
    const offset = u32(bytes, at + 16);
    if (offset + size > at) continue;
    const names: string[] = [];
    let p = offset;
    const decoder = new TextDecoder("utf-8", { fatal: false });
    for (let i = 0; i < count; i++) {
      if (p + 46 > at || u32(bytes, p) !== CENTRAL) return null;
      const nameLength = u16(bytes, p + 28);
      const extraLength = u16(bytes, p + 30);
      const commentLength = u16(bytes, p + 32);
      if (p + 46 + nameLength > at) return null;
      names.push(decoder.decode(bytes.subarray(p + 46, p + 46 + nameLength)));
      p += 46 + nameLength + extraLength + commentLength;
    }
    return names;
  }
  return null;
}

function isXlsx(bytes: Uint8Array): boolean {
  if (!startsWith(bytes, ZIP)) return false;
  const names = zipEntryNames(bytes);
  if (!names) return false;
  return names.includes("[Content_Types].xml") && names.some((n) => n.startsWith("xl/"));
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** The text of bytes that are clean UTF-8 text (no NUL, no control character but tab, newline, carriage return and form feed), else null. */
export function asPlainText(bytes: Uint8Array): string | null {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return null;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // C0 controls other than \t \n \f \r, DEL, and C1 controls.
  if (/[\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f]/.test(text)) return null;
  return text;
}

/** Records of delimited text, quote-aware: the number of `delimiter`s outside quotes on each record. */
function delimiterCounts(text: string, delimiter: string, truncated: boolean): number[] {
  const counts: number[] = [];
  let count = 0;
  let quoted = false;
  let sawAny = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === delimiter) count++;
    else if (!quoted && (c === "\n" || c === "\r")) {
      if (c === "\r" && text[i + 1] === "\n") i++;
      if (sawAny) counts.push(count);
      count = 0;
      sawAny = false;
      continue;
    }
    if (c.trim() !== "") sawAny = true;
  }
  // A last record cut off by the sample is not judged.
  if (sawAny && !truncated && !quoted) counts.push(count);
  return counts;
}

const CSV_SAMPLE = 64 * 1024;

/** Whether text reads as CSV: one delimiter (comma, semicolon or tab) the same number of times (at least once) on every record. */
export function hasConsistentDelimiter(text: string): boolean {
  const truncated = text.length > CSV_SAMPLE;
  const sample = truncated ? text.slice(0, CSV_SAMPLE) : text;
  return [",", ";", "\t"].some((d) => {
    const counts = delimiterCounts(sample, d, truncated);
    return counts.length > 0 && counts[0] > 0 && counts.every((n) => n === counts[0]);
  });
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : "";
}

/** The type of a file by its content (the name only tells CSV from plain text), or null when it is none of the accepted types. */
export function detectFileType(bytes: Uint8Array, name: string): DetectedType | null {
  const kind = detectKind(bytes, name);
  return kind ? { kind, ...TYPES[kind] } : null;
}

function detectKind(bytes: Uint8Array, name: string): AttachmentKind | null {
  if (bytes.length === 0) return null;
  if (startsWith(bytes, PDF)) return "pdf";
  if (startsWith(bytes, PNG)) return "png";
  if (startsWith(bytes, JPEG)) return "jpeg";
  if (startsWith(bytes, ZIP)) return isXlsx(bytes) ? "xlsx" : null;
  const text = asPlainText(bytes);
  if (text === null) return null;
  if (extensionOf(name) === "csv" && hasConsistentDelimiter(text)) return "csv";
  return "text";
}

// ------------------------------------------------------------------ names

const MAX_NAME_LENGTH = 150;
// Control characters, and the invisible ones that reorder text (a name could show "gpj.exe" as "exe.jpg").
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
// Separators and the characters that break headers, shells or Windows names.
const UNSAFE = /["'`;:*?<>|%\\/]/g;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)/i;

/**
 * The name a file is stored and offered under: directories stripped (the
 * last segment of `a/b\c`), control and bidi characters removed, quotes,
 * `;` and other unsafe characters replaced by `_`, no leading dots, at most
 * 150 characters, and ending in an extension of the detected type (a PNG
 * sent as `scan.pdf` is kept as `scan.pdf.png`). Null when nothing but
 * punctuation remains.
 */
export function safeFileName(raw: string, type: Pick<DetectedType, "extensions">): string | null {
  const lastSegment = raw.normalize("NFC").split(/[\\/]/).pop() ?? "";
  let name = lastSegment
    .replace(INVISIBLE, "")
    .replace(UNSAFE, "_")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^[.\s]+/, "")
    .replace(/[.\s]+$/, "");
  if (!/[\p{L}\p{N}]/u.test(name)) return null;
  if (WINDOWS_RESERVED.test(name)) name = `_${name}`;
  if (!type.extensions.includes(extensionOf(name))) name = `${name}.${type.extensions[0]}`;
  if (name.length > MAX_NAME_LENGTH) {
    const ext = extensionOf(name);
    name = `${[...name.slice(0, name.length - ext.length - 1)].slice(0, MAX_NAME_LENGTH - ext.length - 1).join("")}.${ext}`;
  }
  return name;
}

/** An ASCII-only version of a name for the old `filename=` parameter: accents dropped, anything else non-ASCII as `_`. */
export function asciiFileName(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\x20-\x7e]/g, "_")
    .replace(/["\\]/g, "_");
}

/** RFC 5987 percent-encoding (encodeURIComponent leaves ' ( ) * unescaped). */
function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `Content-Disposition` of a download: always an attachment, with an ASCII fallback and the UTF-8 name. */
export function contentDisposition(name: string): string {
  return `attachment; filename="${asciiFileName(name)}"; filename*=UTF-8''${encodeRfc5987(name)}`;
}
