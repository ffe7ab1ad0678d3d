/** Route ids: digits of a positive integer up to MAX_RECORD_ID (PostgreSQL's integer), else a 404 like an unknown id. */
import { describe, expect, it } from "vitest";
import { MAX_RECORD_ID } from "~/domain/record-id";
import { idParam, idParams, parseId, rejectIdBeyondRange } from "~/http/route-params.server";

const status = (f: () => unknown) => {
  try {
    f();
    return "ok";
  } catch (e) {
    return e instanceof Response ? e.status : "threw";
  }
};

describe("parseId", () => {
  it.each([
    ["1", 1],
    ["42", 42],
    ["2147483647", MAX_RECORD_ID],
    ["0002147483647", MAX_RECORD_ID],
  ])("%s -> %d", (text, id) => {
    expect(parseId(text)).toBe(id);
  });

  it.each([undefined, "", "0", "-1", "1.5", "1e3", " 12", "12 ", "0x10", "abc", "1/2"])("%j is a 404", (text) => {
    expect(status(() => parseId(text))).toBe(404);
  });

  // A whole number beyond what an id column holds names no row: on PostgreSQL it would fail in SQL (22003), so it stops here.
  it.each(["2147483648", "3000000000", "9007199254740991", "9007199254740992", "99999999999999999999", "00000000002147483648"])(
    "%s, beyond any id, is a 404",
    (text) => {
      expect(status(() => parseId(text))).toBe(404);
    },
  );
});

describe("rejectIdBeyondRange", () => {
  it.each(["2147483648", "3000000000", "99999999999999999999", " 3000000000 "])("%j is a 404", (text) => {
    expect(status(() => rejectIdBeyondRange(text))).toBe(404);
  });

  it.each([null, undefined, "", "1", "2147483647", "abc", "-3000000000", "1e20", "1.5"])("%j is left to the page's validation", (text) => {
    expect(status(() => rejectIdBeyondRange(text))).toBe("ok");
  });
});

describe("idParam and idParams", () => {
  it("read the named parameters", () => {
    expect(idParam({ chainId: "7" }, "chainId")).toBe(7);
    expect(idParams({ chainId: "7", relationshipId: "9" }, "chainId", "relationshipId")).toEqual({ chainId: 7, relationshipId: 9 });
  });

  it("answer 404 when any one is missing or malformed", () => {
    expect(status(() => idParams({ chainId: "7", relationshipId: "x" }, "chainId", "relationshipId"))).toBe(404);
    expect(status(() => idParam({}, "chainId"))).toBe(404);
  });
});
