import { describe, expect, it } from "vitest";
import { optionalAmount, optionalInteger } from "~/forms/admin-fields";

const messageOf = (result: { success: boolean; error?: { issues: Array<{ message: string }> } }) => (result.success ? null : result.error!.issues[0].message);

describe("optional number fields", () => {
  it.each([
    ["", null, null],
    ["12,5", 12.5, null],
    ["abc", undefined, "admin.field.number"],
    ["-1", undefined, "admin.field.range"],
  ])("an amount %j", (text, value, message) => {
    const result = optionalAmount(100).safeParse(text);
    expect(messageOf(result)).toBe(message);
    if (result.success) expect(result.data).toBe(value);
  });

  it.each([
    ["", null, null],
    ["7", 7, null],
    ["abc", undefined, "admin.field.integer"],
    ["7,5", undefined, "admin.field.integer"],
    ["11", undefined, "admin.field.range"],
  ])("an integer %j", (text, value, message) => {
    const result = optionalInteger(0, 10).safeParse(text);
    expect(messageOf(result)).toBe(message);
    if (result.success) expect(result.data).toBe(value);
  });
});
