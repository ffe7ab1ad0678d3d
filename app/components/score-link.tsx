import { Link } from "@remix-run/react";
import { useI18n } from "~/i18n/use-i18n";

function scoreBand(value: number): "good" | "fair" | "weak" {
  return value >= 70 ? "good" : value >= 50 ? "fair" : "weak";
}

/**
 * A score as a link to its explanation: the relationship page's score
 * section for the same quarter. Lists show many scores, so each carries the
 * number and the way to its explanation, not the explanation itself.
 */
export function ScoreLink({ relationshipId, score }: { relationshipId: number; score: { value: number | null; period: string } | null }) {
  const { t, fixed, quarter } = useI18n();
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
      className={`score-link score-link-${scoreBand(score.value)}`}
      aria-label={t("chain.scoreLink", { score: shown, period: quarter(score.period) })}
      data-testid="score"
    >
      {shown}
    </Link>
  );
}
