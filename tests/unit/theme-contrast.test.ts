import { DEFAULT_THEME } from "@mantine/core";
import { describe, expect, it } from "vitest";
import { contrastRatio, cssVariablesResolver, over, parseHex, theme, variantTextColours } from "~/theme";

const resolved = { ...DEFAULT_THEME, ...theme, colors: DEFAULT_THEME.colors } as typeof DEFAULT_THEME;
const light = cssVariablesResolver(resolved).light as Record<string, string>;
const white = parseHex("#ffffff");
const stripedRow = parseHex(DEFAULT_THEME.colors.gray[1]);

/** A variable's colour: our override, else Mantine's default (shade 9 for light-color and outline). */
function colourOf(name: string, kind: "light-color" | "outline") {
  const value = light[`--mantine-color-${name}-${kind}`];
  return parseHex(value ?? DEFAULT_THEME.colors[name][9]);
}

describe("the theme's text colours reach WCAG AA (4.5:1)", () => {
  it("dimmed text is gray 7, 8:1 on white (Mantine's gray 6 is 3.3:1)", () => {
    expect(light["--mantine-color-dimmed"]).toBe("var(--mantine-color-gray-7)");
    expect(contrastRatio(parseHex(DEFAULT_THEME.colors.gray[7]), white)).toBeGreaterThan(4.5);
    expect(contrastRatio(parseHex(DEFAULT_THEME.colors.gray[6]), white)).toBeLessThan(4.5);
  });

  it("the active navigation label (teal light variant) was 4.36:1 and is now above 4.5:1", () => {
    const teal9 = parseHex(DEFAULT_THEME.colors.teal[9]);
    const tint = over(white, teal9, 0.1);
    expect(contrastRatio(teal9, tint)).toBeCloseTo(4.36, 1);
    expect(contrastRatio(colourOf("teal", "light-color"), tint)).toBeGreaterThanOrEqual(4.5);
  });

  const colours = Object.keys(DEFAULT_THEME.colors).filter((c) => c !== "dark");
  it.each(colours)("%s: light variant text on its tint, and outline text, even on a striped row", (name) => {
    const tint = over(stripedRow, parseHex(DEFAULT_THEME.colors[name][9]), 0.1);
    expect(contrastRatio(colourOf(name, "light-color"), tint)).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(colourOf(name, "outline"), stripedRow)).toBeGreaterThanOrEqual(4.5);
  });

  it("changes only the colours that fall short", () => {
    expect(Object.keys(variantTextColours())).not.toContain("--mantine-color-blue-light-color");
    expect(Object.keys(variantTextColours())).toContain("--mantine-color-yellow-outline");
  });
});
