import { labelKey } from "~/i18n/labels";
import { Link } from "@remix-run/react";
import type { AttentionKind, AttentionReason } from "~/domain/attention";
import type { ActionRequired } from "~/domain/development-actions";
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
      case "poor_score":
        return t(reason.criticalAndWeak ? "attention.poor_score_critical" : "attention.poor_score", {
          score: fixed(reason.score, 1),
          period: quarter(reason.period),
          band: t("score.band.poor").toLocaleLowerCase(),
          min: number(reason.bandMin, 1),
          max: number(reason.bandMax, 1),
          criticality: t(labelKey("criticality", reason.criticality)).toLocaleLowerCase(),
        });
      case "quiet":
        return reason.lastActivityPeriod ? t("attention.quiet", { last: quarter(reason.lastActivityPeriod) }) : t("attention.quietNever");
      case "perception_gap":
        return t("attention.perception_gap", {
          period: quarter(reason.period),
          factors: reason.factors.map((f) => `${t(labelKey("factor", f.factor))} (${f.gap > 0 ? "+" : "−"}${number(Math.abs(f.gap), 2)})`).join(", "),
        });
    }
  };
}

export function AttentionList({ reasons }: { reasons: AttentionReason[] }) {
  const text = useAttentionText();
  if (reasons.length === 0) return null;
  // Plain elements (app/styles/app.css): lists show one per flagged relationship.
  if (reasons.length === 1) return <p className="attention-text">{text(reasons[0])}</p>;
  return (
    <ul className="attention-text attention-list">
      {reasons.map((r) => (
        <li key={r.kind}>{text(r)}</li>
      ))}
    </ul>
  );
}

/** Needs attention in a few words, for lists (chain rows, the portfolio table): "Needs attention: poor score, score fell". */
export function AttentionTags({ kinds, actionRequired }: { kinds: readonly AttentionKind[]; actionRequired: boolean }) {
  const { t } = useI18n();
  if (kinds.length === 0 && !actionRequired) return null;
  return (
    <span className="status-tags" data-testid="needs-attention-flag" data-kinds={kinds.join(" ")}>
      {kinds.length ? (
        <span className="status-tag attention">
          {t("attention.flagWithReasons", { reasons: kinds.map((k) => t(labelKey("attention.short", k))).join(", ") })}
        </span>
      ) : null}
      {actionRequired ? (
        <>
          {" "}
          <span className="status-tag required" data-testid="action-required">
            {t("actionRequired.badge")}
          </span>
        </>
      ) : null}
    </span>
  );
}

/** The link that opens the new-action form prefilled with the factor (a plain link: works without JavaScript). */
export function planActionHref(relationshipId: number, factor: string): string {
  return `/relationships/${relationshipId}/actions/new?factor=${encodeURIComponent(factor)}`;
}

/** "Action required": the sentence and, for writers, the prefilled link to plan it. */
export function ActionRequiredText({
  relationshipId,
  required,
  canWrite,
  compact = false,
}: {
  relationshipId: number;
  required: ActionRequired;
  canWrite: boolean;
  compact?: boolean;
}) {
  const { t, fixed, quarter } = useI18n();
  const factor = t(labelKey("factor", required.factor));
  // In a list card the link says it all; a reader gets the sentence instead of the link.
  const sentence = compact
    ? canWrite
      ? null
      : t("actionRequired.short", { factor })
    : t("actionRequired.text", {
        score: fixed(required.score, 1),
        period: quarter(required.period),
        criticality: t(labelKey("criticality", required.criticality)).toLocaleLowerCase(),
        factor,
      });
  return (
    <div className="attention-text">
      {sentence}
      {sentence ? " " : null}
      {canWrite ? (
        <Link className="plan-action-link" to={planActionHref(relationshipId, required.factor)} data-testid="plan-required-action">
          {t("actionRequired.plan", { factor })}
        </Link>
      ) : (
        t("actionRequired.readOnly")
      )}
    </div>
  );
}
