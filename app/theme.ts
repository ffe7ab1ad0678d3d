import { createTheme, DEFAULT_THEME, type CSSVariablesResolver, type MantineColorsTuple } from "@mantine/core";

export const theme = createTheme({
  primaryColor: "teal",
  // Shade 9 keeps white button text and teal link text above WCAG AA contrast (4.5:1).
  primaryShade: 9,
  autoContrast: true,
  defaultRadius: "md",
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  headings: { fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif" },
});

/** WCAG AA for normal text. */
export const TEXT_CONTRAST = 4.5;
/** Mantine's light variants lay the shade at this opacity over the page (get-css-color-variables). */
const LIGHT_ALPHA = 0.1;
const LIGHT_SHADE = 9;

type Rgb = [number, number, number];

export function parseHex(hex: string): Rgb {
  const h = hex.replace("#", "");
  const full = h.length === 3 ? [...h].map((c) => c + c).join("") : h;
  return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16)) as Rgb;
}

function toHex(rgb: Rgb): string {
  return `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, "0")).join("")}`;
}

function relativeLuminance([r, g, b]: Rgb): number {
  const channel = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

export function contrastRatio(a: Rgb, b: Rgb): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** `color` at `opacity` over `background`, as the eye (and axe) sees it. */
export function over(background: Rgb, color: Rgb, opacity: number): Rgb {
  return color.map((c, i) => c * opacity + background[i] * (1 - opacity)) as Rgb;
}

/** The colour darkened (mixed with black) just enough to reach `ratio` against `background`. */
export function darkenToContrast(color: Rgb, background: Rgb, ratio = TEXT_CONTRAST + 0.1): Rgb {
  for (let amount = 0; amount <= 1; amount += 0.02) {
    const candidate = color.map((c) => c * (1 - amount)) as Rgb;
    if (contrastRatio(candidate, background) >= ratio) return candidate;
  }
  return [0, 0, 0];
}

/**
 * Text colours of the light variant (Badge, Alert, NavLink, ActionIcon
 * variant="light") and the outline variant, per palette colour, wherever
 * Mantine's own (shade 9 on a 10 % tint, or on the page) falls short of 4.5:1;
 * e.g. teal 9 on its tint is 4.36:1, yellow 9 on white 2.9:1.
 */
export function variantTextColours(colors: Record<string, MantineColorsTuple> = DEFAULT_THEME.colors): Record<string, string> {
  // The darkest page background they sit on: a striped or hovered table row (gray 1).
  const page = parseHex(colors.gray[1]);
  const variables: Record<string, string> = {};
  for (const [name, tuple] of Object.entries(colors)) {
    if (name === "dark") continue; // "dark" is the page colour of the dark scheme, not a tint.
    const shade = parseHex(tuple[LIGHT_SHADE]);
    const tint = over(page, shade, LIGHT_ALPHA);
    if (contrastRatio(shade, tint) < TEXT_CONTRAST) variables[`--mantine-color-${name}-light-color`] = toHex(darkenToContrast(shade, tint));
    if (contrastRatio(shade, page) < TEXT_CONTRAST) variables[`--mantine-color-${name}-outline`] = toHex(darkenToContrast(shade, page));
  }
  return variables;
}

/**
 * Mantine writes its colour variables per colour scheme
 * (`:root[data-mantine-color-scheme="light"]`), which outranks any plain
 * `:root` rule in our CSS, so contrast fixes are made here, where Mantine
 * generates them.
 */
export const cssVariablesResolver: CSSVariablesResolver = (resolved) => ({
  variables: {},
  light: {
    // The default dimmed grey (gray.6, #868e96) is 3.3:1 on white; gray.7 (#495057) is 8:1.
    "--mantine-color-dimmed": "var(--mantine-color-gray-7)",
    ...variantTextColours(resolved.colors),
  },
  dark: {},
});
