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
    // Quoted text keeps its `@` and `?`; a doubled quote stays inside the literal.
    [
      "select id from users where email = 'x@kipina.example' and note = 'why?' and name = 'O''Brien?' and id = ?",
      [3],
      "select id from users where email = 'x@kipina.example' and note = 'why?' and name = 'O''Brien?' and id = $1",
      [3],
    ],
    ['select "a?b" from t where c = ?', [1], 'select "a?b" from t where c = $1', [1]],
  ])("%s", (text, params, expectedText, expectedValues) => {
    expect(toPostgresStatement(text, params)).toEqual({ text: expectedText, values: expectedValues });
  });

  it("names a missing named parameter, also once the text is cached", () => {
    expect(toPostgresStatement("select @a", [{ a: 1 }])).toEqual({ text: "select $1", values: [1] });
    expect(() => toPostgresStatement("select @a", [{ b: 1 }])).toThrow("No value for @a");
  });

  it("keeps one translation per text, and picks each json_each list's type from the call's values", () => {
    const text = "select value from json_each(?) where value in (select value from json_each(?)) and x = ?";
    const numbers = toPostgresStatement(text, ["[1,2]", "[3]", 5]);
    const mixed = toPostgresStatement(text, ['["a"]', "[3]", 6]);
    const again = toPostgresStatement(text, ["[7]", '["b","c"]', 8]);
    expect(numbers).toEqual({
      text: "select value from unnest($1::bigint[]) as list(value) where value in (select value from unnest($2::bigint[]) as list(value)) and x = $3",
      values: [[1, 2], [3], 5],
    });
    expect(mixed).toEqual({
      text: "select value from unnest($1::text[]) as list(value) where value in (select value from unnest($2::bigint[]) as list(value)) and x = $3",
      values: [["a"], [3], 6],
    });
    expect(again).toEqual({
      text: "select value from unnest($1::bigint[]) as list(value) where value in (select value from unnest($2::text[]) as list(value)) and x = $3",
      values: [[7], ["b", "c"], 8],
    });
    // The same call again: the same answer, from the cache.
    expect(toPostgresStatement(text, ["[1,2]", "[3]", 5])).toEqual(numbers);
  });

  it("leaves the caller's parameters alone", () => {
    const params = [[1, 2]];
    toPostgresStatement("select value from json_each(?)", params);
    expect(params).toEqual([[1, 2]]);
  });
});
