import { Link } from "@remix-run/react";
import type { ScoreBandKey } from "~/domain/score-bands";
import { useI18n } from "~/i18n/use-i18n";
import { scoreBandClass, useBandName } from "./score-band";

/**
 * A score as a link to its explanation: the relationship page's score
 * section for the same quarter. Lists show many scores, so each carries the
 * number and the way to its explanation, not the explanation itself. The
 * colour is the score's band in its model (see ScoreBandLegend).
 */
export function ScoreLink({
  relationshipId,
  score,
}: {
  relationshipId: number;
  score: { value: number | null; period: string; band: ScoreBandKey | null } | null;
}) {
  const { t, fixed, quarter } = useI18n();
  const bandName = useBandName();
  if (!score || score.value === null) {
    return (
      <span className="score-none" title={t("chain.noScoreHint")}>
        {t("chain.noScore")}
      </span>
    );
  }
  const shown = fixed(score.value, 1);
  return (
    <Link
      to={`/relationships/${relationshipId}?period=${encodeURIComponent(score.period)}#score`}
      className={`score-link ${scoreBandClass(score.band)}`}
      aria-label={
        score.band
          ? t("chain.scoreLinkBand", { score: shown, band: bandName(score.band), period: quarter(score.period) })
          : t("chain.scoreLink", { score: shown, period: quarter(score.period) })
      }
      data-testid="score"
      data-band={score.band ?? undefined}
    >
      {shown}
    </Link>
  );
}
