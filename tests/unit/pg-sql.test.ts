import { describe, expect, it } from "vitest";
import { toPostgresStatement } from "../../db/pg-sql";

describe("toPostgresStatement", () => {
  it.each([
    ["select * from users where id = ?", [7], "select * from users where id = $1", [7]],
    ["select a as userId from t where x = ? and y = ?", [1, "b"], 'select a as "userId" from t where x = $1 and y = $2', [1, "b"]],
    [
      "select id from t where relationship_id in (select value from json_each(?))",
      ["[3,4]"],
      "select id from t where relationship_id in (select value from unnest($1::bigint[]) as list(value))",
      [[3, 4]],
    ],
    ["select r.value as id from json_each(?) r", ["[1]"], "select r.value as id from unnest($1::bigint[]) as r(value)", [[1]]],
    [
      "where s in (select value from json_each(?)) and p = ?",
      ['["planned","in_progress"]', "2026-Q1"],
      "where s in (select value from unnest($1::text[]) as list(value)) and p = $2",
      [["planned", "in_progress"], "2026-Q1"],
    ],
    [
      "select x from json_each(@ids) ids where y <= @upTo and z = @upTo offset @keep",
      [{ ids: "[5]", upTo: "2026-Q4", keep: 2 }],
      "select x from unnest($1::bigint[]) as ids(value) where y <= $2 and z = $2 offset $3",
      [[5], "2026-Q4", 2],
    ],
    ['select "t"."a" from "t" where "t"."b" = $1', [9], 'select "t"."a" from "t" where "t"."b" = $1', [9]],
  ])("%s", (text, params, expectedText, expectedValues) => {
    expect(toPostgresStatement(text, params)).toEqual({ text: expectedText, values: expectedValues });
  });

  it("names a missing named parameter", () => {
    expect(() => toPostgresStatement("select @a", [{ b: 1 }])).toThrow("No value for @a");
  });
});
