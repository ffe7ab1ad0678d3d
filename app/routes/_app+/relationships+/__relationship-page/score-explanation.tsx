import { Group, Stack, Text } from "@mantine/core";
import { useI18n } from "~/i18n/use-i18n";
import type { ExplainedScore } from "~/models/scoring.server";
import { FactorExplanationTable } from "~/components/factor-explanation-table";
import { ScorePill } from "~/components/score-band";

export type { ExplainedScore };

/**
 * The score with its inputs one click away: a native <details>, so it opens without JavaScript.
 * `compact` leaves out the caption (for table cells); `missingLabel` replaces the "no score" text,
 * e.g. to say a quarter is missing.
 */
export function ScoreWithExplanation({ score, compact = false, missingLabel }: { score: ExplainedScore | null; compact?: boolean; missingLabel?: string }) {
  const { t, number, quarter } = useI18n();
  if ((!score || score.value === null) && missingLabel) {
    return (
      <Text size="sm" c="dimmed" fs="italic">
        {missingLabel}
      </Text>
    );
  }
  if (!score || score.value === null) {
    return (
      <Stack gap={0}>
        <Text fw={700} c="dimmed">
          {t("chain.noScore")}
        </Text>
        <Text size="xs" c="dimmed">
          {t("chain.noScoreHint")}
        </Text>
      </Stack>
    );
  }
  return (
    <details className="score-explain">
      <summary aria-label={t("chain.explainScore")}>
        <Group gap="xs" align="baseline" wrap="nowrap">
          <ScorePill value={score.value} band={score.band} size={compact ? "sm" : "lg"} />
          {compact ? null : (
            <Text size="xs" c="dimmed">
              {t("chain.scoreOf", { period: quarter(score.period) })} · {t("chain.explainScore")}
            </Text>
          )}
        </Group>
      </summary>
      <Stack gap={4}>
        <FactorExplanationTable factors={score.factors} numClass="num" />
        <Text size="xs" c="dimmed">
          {t("chain.formula")} · {t("chain.modelVersion", { version: score.modelVersion })}
          {score.attentionPriority !== null ? ` · ${t("chain.attention")}: ${number(score.attentionPriority, 1)}` : ""}
        </Text>
      </Stack>
    </details>
  );
}
