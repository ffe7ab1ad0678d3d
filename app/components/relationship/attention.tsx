import { List, Text } from "@mantine/core";
import type { AttentionReason } from "~/domain/attention";
import type { MessageKey } from "~/i18n/messages";
import { useI18n } from "~/i18n/use-i18n";

/** One needs-attention reason as a sentence. */
export function useAttentionText() {
  const { t, fixed, quarter, number } = useI18n();
  return (reason: AttentionReason): string => {
    switch (reason.kind) {
      case "score_drop":
        return t("attention.score_drop", {
          drop: fixed(reason.drop, 1),
          previous: quarter(reason.previousPeriod),
          period: quarter(reason.period),
          from: fixed(reason.from, 1),
          to: fixed(reason.to, 1),
        });
      case "quiet":
        return reason.lastActivityPeriod ? t("attention.quiet", { last: quarter(reason.lastActivityPeriod) }) : t("attention.quietNever");
      case "perception_gap":
        return t("attention.perception_gap", {
          period: quarter(reason.period),
          factors: reason.factors
            .map((f) => `${t(`factor.${f.factor}` as MessageKey)} (${f.gap > 0 ? "+" : "−"}${number(Math.abs(f.gap), 2)})`)
            .join(", "),
        });
    }
  };
}

export function AttentionList({ reasons }: { reasons: AttentionReason[] }) {
  const text = useAttentionText();
  if (reasons.length === 0) return null;
  if (reasons.length === 1) return <Text size="sm">{text(reasons[0])}</Text>;
  return (
    <List size="sm" spacing={2}>
      {reasons.map((r) => (
        <List.Item key={r.kind}>{text(r)}</List.Item>
      ))}
    </List>
  );
}
