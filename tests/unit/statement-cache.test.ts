import { describe, expect, it } from "vitest";
import { openDatabase, STATEMENT_CACHE_SIZE } from "../../db/connection";

describe("the connection's statement cache", () => {
  const database = openDatabase(":memory:");
  const sqlite = database.$client;
  sqlite.exec("create table t (id integer primary key, name text)");
  sqlite.prepare("insert into t (name) values (?), (?)").run("a", "b");

  it("compiles a statement text once and reuses it", () => {
    const first = sqlite.prepare("select id, name from t order by id");
    expect(sqlite.prepare("select id, name from t order by id")).toBe(first);
    expect(sqlite.prepare("select name from t order by id")).not.toBe(first);
  });

  it("gives objects again after a caller switched the statement to raw rows", () => {
    expect(sqlite.prepare("select id, name from t order by id").raw().all()).toEqual([
      [1, "a"],
      [2, "b"],
    ]);
    expect(sqlite.prepare("select id, name from t order by id").all()).toEqual([
      { id: 1, name: "a" },
      { id: 2, name: "b" },
    ]);
  });

  it("serves drizzle's queries with the same results on every call", () => {
    const rows = () => database.all<{ name: string }>("select name from t order by id");
    expect(rows()).toEqual([{ name: "a" }, { name: "b" }]);
    expect(rows()).toEqual([{ name: "a" }, { name: "b" }]);
  });

  it("keeps at most STATEMENT_CACHE_SIZE texts, dropping the least recently used", () => {
    const kept = sqlite.prepare("select 'kept'");
    const dropped = sqlite.prepare("select 'dropped'");
    for (let i = 0; i < STATEMENT_CACHE_SIZE - 1; i++) {
      if (i % 100 === 0) sqlite.prepare("select 'kept'");
      sqlite.prepare(`select ${i}`);
    }
    expect(sqlite.prepare("select 'kept'")).toBe(kept);
    expect(sqlite.prepare("select 'dropped'")).not.toBe(dropped);
  });
});
