import { useId } from "react";
import { labelKey } from "~/i18n/labels";
import type { ScoreBandKey, ScoreBands } from "~/domain/score-bands";
import { useI18n } from "~/i18n/use-i18n";

/**
 * The one colouring of a relationship score, by the band its model puts it
 * in (styles in app.css). Every score on every page uses it, and the legend
 * below says what the colours mean.
 */
export function scoreBandClass(band: ScoreBandKey | null | undefined): string {
  return band ? `score-band score-band-${band}` : "score-band";
}

/** The band's name in the interface language ("Poor"). */
export function useBandName() {
  const { t } = useI18n();
  return (band: ScoreBandKey) => t(labelKey("score.band", band));
}

/** A score as a coloured pill: the number is the content; the colour repeats its band (see the legend). */
export function ScorePill({ value, band, size = "sm" }: { value: number; band: ScoreBandKey | null; size?: "sm" | "lg" }) {
  const { fixed } = useI18n();
  return (
    <span className={`score-pill ${size === "lg" ? "lg " : ""}${scoreBandClass(band)}`} data-testid="score" data-band={band ?? undefined}>
      {fixed(value, 1)}
    </span>
  );
}

/** What the score colours mean: each band with its range, from the model that scored the page. */
export function ScoreBandLegend({ bands, version }: { bands: ScoreBands; version?: number }) {
  const { t, number } = useI18n();
  const bandName = useBandName();
  const titleId = useId();
  return (
    <div className="score-legend" data-testid="score-legend">
      <span className="score-legend-title" id={titleId}>
        {t("score.legend.title")}
        {version !== undefined ? ` (${t("score.legend.version", { version })})` : ""}:
      </span>
      <ul aria-labelledby={titleId}>
        {bands.map((b) => (
          <li key={b.key} data-band={b.key}>
            <span className={`score-pill ${scoreBandClass(b.key)}`}>{bandName(b.key)}</span>{" "}
            {t("score.legend.range", { min: number(b.min, 1), max: number(b.max, 1) })}
          </li>
        ))}
      </ul>
    </div>
  );
}
