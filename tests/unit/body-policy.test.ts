import { describe, expect, it } from "vitest";
import { BODY_LIMITS, bodyKind, checkBody, checkMultipart, checkPageRequest, isApiPath, isValidFormEncoding, isValidUtf8 } from "~/http/body-policy";

const bytes = (s: string) => new TextEncoder().encode(s);

describe("bodyKind", () => {
  it.each([
    ["application/x-www-form-urlencoded", "form"],
    ["application/x-www-form-urlencoded; charset=UTF-8", "form"],
    ["multipart/form-data; boundary=x", "multipart"],
    ["application/json", "json"],
    ["application/merge-patch+json", "json"],
    ["text/plain", null],
    ["application/xml", null],
    [undefined, null],
  ] as const)("%s -> %s", (type, kind) => expect(bodyKind(type)).toBe(kind));
});

describe("checkBody", () => {
  it("accepts an empty body of any type", () => expect(checkBody(null, new Uint8Array())).toEqual({ ok: true }));
  it("accepts a well-formed form", () => expect(checkBody("form", bytes("email=a%40b.fi&name=%C3%84ij%C3%A4"))).toEqual({ ok: true }));
  it("refuses an unknown content type with 415", () => expect(checkBody(null, bytes("hello"))).toMatchObject({ ok: false, status: 415 }));
  it("refuses a form over 1 MB with 413", () => expect(checkBody("form", new Uint8Array(BODY_LIMITS.text + 1))).toMatchObject({ ok: false, status: 413 }));
  it("allows a 5 MB upload", () => expect(checkBody("multipart", new Uint8Array(5 * 1024 * 1024))).toEqual({ ok: true }));
  it("refuses raw invalid UTF-8 in a form", () =>
    expect(checkBody("form", new Uint8Array([0x61, 0x3d, 0xff, 0xfe]))).toMatchObject({ ok: false, status: 400 }));
  it("refuses a percent-escaped invalid UTF-8 sequence in a form", () =>
    expect(checkBody("form", bytes("name=%FF%FE"))).toMatchObject({ ok: false, status: 400 }));
  it("refuses invalid UTF-8 JSON", () =>
    expect(checkBody("json", new Uint8Array([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]))).toMatchObject({ ok: false, status: 400 }));
  it("does not inspect binary file uploads", () => expect(checkBody("multipart", new Uint8Array([0xff, 0xfe, 0x00]))).toEqual({ ok: true }));
});

describe("encoding checks", () => {
  it.each([
    [[0x41], true],
    [[0xc3, 0xa4], true], // ä
    [[0xc3], false], // truncated
    [[0xed, 0xa0, 0x80], false], // a surrogate
  ])("isValidUtf8(%j) -> %s", (b, expected) => expect(isValidUtf8(new Uint8Array(b))).toBe(expected));
  it("accepts SQL and HTML metacharacters as text", () => expect(isValidFormEncoding(bytes("q=%27%3B+DROP+TABLE+users%3B--&h=%3Cscript%3E"))).toBe(true));
});

describe("pages and the API", () => {
  it.each([
    ["/api/v1/measurements", true],
    ["/api", true],
    ["/apiary", false],
    // As the URL parser resolves `/api/../metrics/record`: a page, not the API.
    [new URL("http://x/api/../metrics/record").pathname, false],
    [new URL("http://x/api/%2e%2e/metrics/record").pathname, false],
  ])("isApiPath(%s) -> %s", (path, expected) => expect(isApiPath(path)).toBe(expected));

  it.each<[string, ReturnType<typeof bodyKind>, number | null]>([
    ["GET", null, null],
    ["HEAD", null, null],
    ["POST", "form", null],
    ["POST", "multipart", null],
    ["POST", "json", 415],
    ["POST", null, 415],
    ["DELETE", null, 405],
    ["PUT", "form", 405],
    ["PATCH", "json", 405],
  ])("a page takes %s with %s: %s", (method, kind, status) => {
    const verdict = checkPageRequest(method, kind);
    expect(verdict.ok ? null : verdict.status).toBe(status);
  });

  it("names the methods a page allows", () => expect(checkPageRequest("DELETE", null)).toMatchObject({ ok: false, status: 405, allow: "GET, HEAD, POST" }));
});

describe("checkMultipart", () => {
  const type = "multipart/form-data; boundary=XyZ";
  const part = (disposition: string, body: string) => `--XyZ\r\nContent-Disposition: form-data; ${disposition}\r\n\r\n${body}\r\n`;
  it.each(["mittarit; Q3.csv", "a=b.csv", "plain.csv"])("accepts a file named %j", async (name) => {
    const body = bytes(`${part('name="organisation"', "5")}${part(`name="file"; filename="${name}"`, "metric,value")}--XyZ--\r\n`);
    expect(await checkMultipart(type, body)).toEqual({ ok: true });
  });
  it.each([
    ["garbage", "not multipart at all"],
    ["an unterminated part", `--XyZ\r\nContent-Disposition: form-data; name="x"\r\n\r\nabc`],
    ["a part without headers", "--XyZ\r\nfoo\r\n\r\nabc\r\n--XyZ--"],
  ])("refuses %s with a 400", async (_name, body) => expect(await checkMultipart(type, bytes(body))).toMatchObject({ ok: false, status: 400 }));
  it("refuses a multipart type without a boundary", async () =>
    expect(await checkMultipart("multipart/form-data", bytes("a=1"))).toMatchObject({ ok: false, status: 400 }));
});
