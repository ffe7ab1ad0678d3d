/** Route ids: digits of a positive safe integer, else a 404 like an unknown id. */
import { describe, expect, it } from "vitest";
import { idParam, idParams, parseId } from "~/http/route-params.server";

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
    ["9007199254740991", 9007199254740991],
  ])("%s -> %d", (text, id) => {
    expect(parseId(text)).toBe(id);
  });

  it.each([undefined, "", "0", "-1", "1.5", "1e3", " 12", "12 ", "0x10", "abc", "9007199254740992", "99999999999999999999", "1/2"])("%j is a 404", (text) => {
    expect(status(() => parseId(text))).toBe(404);
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
