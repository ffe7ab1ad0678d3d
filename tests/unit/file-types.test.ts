import { describe, expect, it } from "vitest";
import { asciiFileName, contentDisposition, detectFileType, hasConsistentDelimiter, safeFileName, zipEntryNames } from "~/domain/file-types";
import { signRequest } from "~/storage/sigv4";

const bytes = (...values: number[]) => new Uint8Array(values);
const text = (s: string) => new TextEncoder().encode(s);

/** A minimal stored (uncompressed) ZIP with the given entry names and no content. */
function zip(names: string[]): Uint8Array {
  const enc = new TextEncoder();
  const locals: number[] = [];
  const centrals: number[] = [];
  const u16 = (n: number) => [n & 0xff, (n >> 8) & 0xff];
  const u32 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff];
  for (const name of names) {
    const n = [...enc.encode(name)];
    const offset = locals.length;
    locals.push(...u32(0x04034b50), ...u16(20), ...u16(0), ...u16(0), ...u16(0), ...u16(0), ...u32(0), ...u32(0), ...u32(0), ...u16(n.length), ...u16(0), ...n);
    centrals.push(
      ...u32(0x02014b50),
      ...u16(20),
      ...u16(20),
      ...u16(0),
      ...u16(0),
      ...u16(0),
      ...u16(0),
      ...u32(0),
      ...u32(0),
      ...u32(0),
      ...u16(n.length),
      ...u16(0),
      ...u16(0),
      ...u16(0),
      ...u16(0),
      ...u32(0),
      ...u32(offset),
      ...n,
    );
  }
  const eocd = [
    ...u32(0x06054b50),
    ...u16(0),
    ...u16(0),
    ...u16(names.length),
    ...u16(names.length),
    ...u32(centrals.length),
    ...u32(locals.length),
    ...u16(0),
  ];
  return new Uint8Array([...locals, ...centrals, ...eocd]);
}

describe("detectFileType: by content, not by name", () => {
  const cases: Array<[string, Uint8Array, string, string | null]> = [
    ["PDF", text("%PDF-1.7\n..."), "x.bin", "pdf"],
    ["PNG", bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0), "x", "png"],
    ["JPEG", bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10), "photo.jpg", "jpeg"],
    ["XLSX (xl/ entries in the central directory)", zip(["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml"]), "book.xlsx", "xlsx"],
    ["a DOCX is a ZIP but not a workbook", zip(["[Content_Types].xml", "word/document.xml"]), "book.xlsx", null],
    ["a ZIP of anything", zip(["evil.exe"]), "report.xlsx", null],
    ["a truncated ZIP", bytes(0x50, 0x4b, 0x03, 0x04, 1, 2, 3), "a.xlsx", null],
    ["CSV: .csv name and a consistent delimiter", text("a,b,c\n1,2,3\n4,5,6\n"), "data.csv", "csv"],
    ["CSV with semicolons and quoted delimiters", text('nimi;arvo\n"Oy; Ab";3\nB;4\r\n'), "data.CSV", "csv"],
    ["CSV with quoted newlines", text('a,b\n"line1\nline2",2\n'), "data.csv", "csv"],
    ["inconsistent delimiters named .csv are text", text("a,b,c\n1,2\n"), "data.csv", "text"],
    ["CSV content named .txt is text", text("a,b\n1,2\n"), "data.txt", "text"],
    ["plain UTF-8 text", text("Hyvä palvelu\n"), "notes.txt", "text"],
    ["UTF-8 text with a BOM", bytes(0xef, 0xbb, 0xbf, 0x61), "a.txt", "text"],
    ["an executable named .pdf", bytes(0x4d, 0x5a, 0x90, 0x00, 0x03), "invoice.pdf", null],
    ["text with a NUL", text("abc\u0000"), "a.txt", null],
    ["text with an escape character", text("abc\u001b[31m"), "a.txt", null],
    ["invalid UTF-8", bytes(0x61, 0xff, 0x62), "a.txt", null],
    ["an HTML page is text (served as text/plain, nosniff)", text("<script>alert(1)</script>"), "a.html", "text"],
    ["empty", new Uint8Array(), "a.pdf", null],
  ];
  for (const [what, content, name, kind] of cases) {
    it(what, () => expect(detectFileType(content, name)?.kind ?? null).toBe(kind));
  }

  it("reads the central directory names", () => expect(zipEntryNames(zip(["a", "xl/b"]))).toEqual(["a", "xl/b"]));
  it("a consistent delimiter needs at least one per record", () => {
    expect(hasConsistentDelimiter("a\nb\n")).toBe(false);
    expect(hasConsistentDelimiter("a\tb\nc\td\n")).toBe(true);
  });
});

describe("safeFileName", () => {
  const pdf = { extensions: ["pdf"] };
  const txt = { extensions: ["txt", "text", "md", "log"] };
  const cases: Array<[string, { extensions: string[] }, string | null]> = [
    ["report.pdf", pdf, "report.pdf"],
    ["../../etc/passwd", txt, "passwd.txt"],
    ["..\\..\\boot.ini", txt, "boot.ini.txt"],
    ['a"b;c.pdf', pdf, "a_b_c.pdf"],
    ["tab\there\nnew.pdf", pdf, "tabherenew.pdf"],
    ["evil\u202Efdp.exe", pdf, "evilfdp.exe.pdf"],
    ["  .hidden.pdf  ", pdf, "hidden.pdf"],
    ["CON.pdf", pdf, "_CON.pdf"],
    ["Räätälöity raportti 2024.PDF", pdf, "Räätälöity raportti 2024.PDF"],
    ["100%.pdf", pdf, "100_.pdf"],
    ["...", pdf, null],
    ["../", pdf, null],
    ["\u0001\u0002", pdf, null],
    ['";', pdf, null],
  ];
  for (const [raw, type, expected] of cases) {
    it(`${JSON.stringify(raw)} → ${JSON.stringify(expected)}`, () => expect(safeFileName(raw, type)).toBe(expected));
  }
  it("keeps long names to 150 characters with their extension", () => {
    const name = safeFileName(`${"a".repeat(300)}.pdf`, pdf)!;
    expect(name).toHaveLength(150);
    expect(name.endsWith(".pdf")).toBe(true);
  });
});

describe("Content-Disposition", () => {
  it("an ASCII fallback and the UTF-8 name, always as an attachment", () => {
    expect(contentDisposition("Räätäli (1).pdf")).toBe(`attachment; filename="Raatali (1).pdf"; filename*=UTF-8''R%C3%A4%C3%A4t%C3%A4li%20%281%29.pdf`);
    expect(asciiFileName("日本.pdf")).toBe("__.pdf");
  });
});

describe("Signature V4", () => {
  // AWS's published example (S3 API reference, "Example: GET Object"), so the signing is checked against S3's own numbers.
  it("matches the documented GET Object example", () => {
    const headers = signRequest(
      {
        method: "GET",
        url: new URL("https://examplebucket.s3.amazonaws.com/test.txt"),
        headers: { range: "bytes=0-9" },
        payloadHash: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        now: new Date("2013-05-24T00:00:00Z"),
      },
      { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", region: "us-east-1" },
    );
    expect(headers.authorization).toBe(
      "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
    );
  });
});

describe("the attachment upload route's body limit", () => {
  it("takes a full 10 MB file with its form on /attachments/upload only", async () => {
    const { ATTACHMENT_UPLOAD_PATH, bodyLimit, BODY_LIMITS } = await import("~/http/body-policy");
    expect(bodyLimit("multipart", ATTACHMENT_UPLOAD_PATH)).toBeGreaterThan(10 * 1024 * 1024);
    expect(bodyLimit("multipart", ATTACHMENT_UPLOAD_PATH)).toBe(BODY_LIMITS.attachmentUpload);
    expect(bodyLimit("multipart", "/metrics/import")).toBe(BODY_LIMITS.multipart);
    expect(bodyLimit("form", ATTACHMENT_UPLOAD_PATH)).toBe(BODY_LIMITS.text);
  });
});
