import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { mantineVariablesCss } from "~/theme-css";

describe("the generated theme stylesheet", () => {
  const file = fs.readFileSync("app/styles/mantine-variables.css", "utf8");

  it("is what MantineProvider renders for the theme today (run `npx tsx scripts/generate-theme-css.ts` after changing app/theme.ts)", () => {
    expect(file).toBe(mantineVariablesCss());
  });

  it("holds the contrast fixes and the global classes", () => {
    expect(file).toContain("--mantine-color-dimmed: var(--mantine-color-gray-7)");
    expect(file).toMatch(/--mantine-color-teal-light-color: #[0-9a-f]{6}/);
    expect(file).toContain(".mantine-visible-from-xs");
  });
});
