import type { Label } from "~/domain/compare";
import { useI18n } from "~/i18n/use-i18n";

/**
 * A filled button dark enough for white text (teal.9, 4.9:1). Mantine would
 * hover it to teal.8 (about 4:1), so the hover keeps the same shade.
 */
export const DARK_BUTTON = {
  color: "teal.9",
  style: { "--button-hover": "var(--mantine-color-teal-9)" } as React.CSSProperties,
} as const;

/** Alert texts in near-black: Mantine's light alerts colour the title below AA contrast. */
export const NOTICE_STYLES = {
  title: { color: "var(--mantine-color-dark-9)" },
  message: { color: "var(--mantine-color-dark-9)" },
} as const;

/** Series colours for up to twelve partners. */
export const SERIES_COLORS = [
  "blue.7",
  "red.7",
  "teal.7",
  "grape.7",
  "orange.7",
  "cyan.8",
  "pink.7",
  "lime.8",
  "indigo.7",
  "yellow.8",
  "violet.7",
  "green.8",
] as const;

/**
 * The quarter select's options. The empty choice is the default, "the latest
 * completed quarter with data" (the quarter in progress is skipped; it is
 * taken only when no completed quarter has data, and then said so); the
 * quarter in progress is marked as such.
 */
export function useQuarterOptions() {
  const { t, quarter } = useI18n();
  return ({ shown, requested, current, quarters }: { shown: string | null; requested: string | null; current: string; quarters: readonly string[] }) => {
    const defaultLabel =
      !shown || requested
        ? t("compare.view.latest")
        : shown >= current
          ? t("compare.view.inProgressIs", { quarter: quarter(shown) })
          : t("compare.view.latestIs", { quarter: quarter(shown) });
    return [
      { value: "", label: defaultLabel },
      ...quarters.map((q) => ({ value: q, label: q >= current ? t("compare.view.inProgress", { quarter: quarter(q) }) : quarter(q) })),
    ];
  };
}

/** Translates a domain label (a message key with parameters). */
export function useLabel() {
  const { t } = useI18n();
  return (l: Label) => t(l.key, l.params);
}

/** A figure with a sign when asked (gaps and changes): +0,25 / −0,50 / 0,00. */
export function useSigned() {
  const { fixed } = useI18n();
  return (value: number, decimals: number) => {
    const text = fixed(Math.abs(value), decimals);
    if (Math.abs(value) < 10 ** -(decimals + 1)) return text;
    return value > 0 ? `+${text}` : `−${text}`;
  };
}

/** The change since the previous quarter, with an arrow and words for screen readers (plain elements: a matrix shows one per cell; styles in compare.css). */
export function Delta({
  value,
  decimals,
  previous,
  block = false,
}: {
  value: number | null | undefined;
  decimals: number;
  previous: string | null;
  block?: boolean;
}) {
  const { t, quarter } = useI18n();
  const signed = useSigned();
  if (value === null || value === undefined || !previous) return null;
  const arrow = Math.abs(value) < 10 ** -(decimals + 1) ? "=" : value > 0 ? "▲" : "▼";
  const since = t("compare.changeSince", { quarter: quarter(previous) });
  return (
    <span className={block ? "compare-delta cmp-block" : "compare-delta"} title={since}>
      <span aria-hidden="true">{`${arrow} `}</span>
      <span className="visually-hidden">{`${since}: `}</span>
      {signed(value, decimals)}
    </span>
  );
}
