/**
 * The audit log reads in words: every action the code logs, and every kind
 * of record it names, has a text in both languages (a new action without
 * one fails here, not on the page).
 */
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { en, fi, type MessageKey } from "~/i18n/messages";
import { sourceFiles } from "../support/source-files";

const files = [...sourceFiles("app"), ...sourceFiles("db"), ...sourceFiles("scripts")];
const source = files.map((f) => fs.readFileSync(f, "utf8")).join("\n");

/** `action: "x.y"` and `action: cond ? "x.y" : "x.z"` in audit calls. */
const actions = [...new Set([...source.matchAll(/\baction: ([^,}\n]*)/g)].flatMap((m) => [...m[1].matchAll(/"([a-z_]+\.[a-z_]+)"/g)].map((q) => q[1])))].sort();
const entityTypes = [
  ...new Set([
    ...[...source.matchAll(/\bentityType: "([a-z_]+)"/g)].map((m) => m[1]),
    ...[...source.matchAll(/\bdeny(?:Access|Admin)\(user, "([a-z_]+)"/g)].map((m) => m[1]),
  ]),
].sort();

describe("audit log texts", () => {
  it("finds the logged actions and record types", () => {
    expect(actions).toEqual(expect.arrayContaining(["auth.login", "access.denied", "sharing.grant", "user.update"]));
    expect(entityTypes).toEqual(expect.arrayContaining(["user", "relationship", "route"]));
  });

  it.each(actions)("action %s has a text in both languages", (action) => {
    const key = `audit.action.${action}` as MessageKey;
    expect(en[key], key).toBeTruthy();
    expect(fi[key], key).toBeTruthy();
    expect(fi[key]).not.toBe(en[key]);
  });

  it.each(entityTypes)("record type %s has a text in both languages", (type) => {
    const key = `audit.entity.${type}` as MessageKey;
    expect(en[key], key).toBeTruthy();
    expect(fi[key], key).toBeTruthy();
  });
});
