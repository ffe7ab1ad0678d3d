const COLORS = ["teal", "red", "orange", "gray", "blue", "indigo", "grape", "cyan", "dark"] as const;
/** Colours whose darkest shade is still too light on a tinted ("light" variant) background: text reads dark there. */
const DARK_ON_TINT = new Set<string>(["orange"]);

/**
 * Mantine draws text, links, descriptions, errors and badges with shade 6 of
 * each colour, which is below the WCAG AA 4.5:1 contrast on white for
 * normal-size text (teal.6 is 2.6:1). Inside this scope the CSS variables
 * those components read point at shade 9 (4.9:1 or more on white), and
 * dimmed text at gray.7; yellow and orange on a tint read dark.
 * A theme-wide change would make this unnecessary.
 */
export const CONTRAST_SCOPE_VARIABLES: Record<string, string> = {
  "--mantine-color-dimmed": "var(--mantine-color-gray-7)",
  "--mantine-color-error": "var(--mantine-color-red-9)",
  "--mantine-color-anchor": "var(--mantine-color-teal-9)",
  "--mantine-primary-color-filled": "var(--mantine-color-teal-9)",
  "--mantine-primary-color-filled-hover": "var(--mantine-color-teal-9)",
  "--mantine-primary-color-light-color": "var(--mantine-color-teal-9)",
  // teal.9 on Mantine's default teal tint is 4.5:1 at best; on teal.0 it is 4.7:1.
  "--mantine-primary-color-light": "var(--mantine-color-teal-0)",
  "--mantine-color-teal-light": "var(--mantine-color-teal-0)",
  "--mantine-color-yellow-light-color": "var(--mantine-color-dark-7)",
  "--mantine-color-yellow-outline": "var(--mantine-color-dark-7)",
  ...Object.fromEntries(
    COLORS.flatMap((c) => [
      [`--mantine-color-${c}-filled`, `var(--mantine-color-${c}-9)`],
      [`--mantine-color-${c}-filled-hover`, `var(--mantine-color-${c}-9)`],
      [`--mantine-color-${c}-light-color`, DARK_ON_TINT.has(c) ? "var(--mantine-color-dark-7)" : `var(--mantine-color-${c}-9)`],
      [`--mantine-color-${c}-outline`, `var(--mantine-color-${c}-9)`],
      [`--mantine-color-${c}-text`, `var(--mantine-color-${c}-9)`],
    ]),
  ),
};

/** The variables are a class in the generated stylesheet (app/theme-css.ts), not an inline style on every page. */
export const CONTRAST_SCOPE_CLASS = "contrast-scope";

export function ContrastScope({ children }: { children: React.ReactNode }) {
  return <div className={CONTRAST_SCOPE_CLASS}>{children}</div>;
}
