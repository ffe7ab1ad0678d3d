import { QUADRANTS } from "~/domain/factors";
import { knownLabel, labelKey } from "~/i18n/labels";
import { useI18n } from "~/i18n/use-i18n";
import type { ExplainedScore } from "~/models/scoring.server";

type Format = (v: number, digits: number) => string;

/**
 * What a score is made of: each factor's importance, weight, performance and
 * quadrant. Plain elements: a chain view renders one per relationship, and
 * Mantine's Table costs far more to render. `numClass` right-aligns the
 * figures cell by cell; without it the table's own class does (the trend
 * holds up to three such tables per quarter).
 */
export function FactorExplanationTable({
  factors,
  className = "explain-table",
  numClass,
  formats,
}: {
  factors: ExplainedScore["factors"];
  className?: string;
  numClass?: string;
  /** Formatters to use instead of useI18n's (the trend passes ones that remember their results). */
  formats?: { fixed: Format; percent: Format };
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const { fixed, percent } = formats ?? i18n;
  return (
    <table className={className}>
      <thead>
        <tr>
          <th scope="col">{t("chain.factor")}</th>
          <th scope="col" className={numClass}>
            {t("chain.importance")}
          </th>
          <th scope="col" className={numClass}>
            {t("chain.weight")}
          </th>
          <th scope="col" className={numClass}>
            {t("chain.performance")}
          </th>
          <th scope="col">{t("chain.quadrant")}</th>
        </tr>
      </thead>
      <tbody>
        {factors.map((f) => (
          <tr key={f.factor}>
            <td>{t(labelKey("factor", f.factor))}</td>
            <td className={numClass}>{fixed(f.importance, 2)}</td>
            <td className={numClass}>{percent(f.weight, 1)}</td>
            <td className={numClass}>{f.performance === null ? "–" : fixed(f.performance, 2)}</td>
            <td>{f.quadrant ? knownLabel(t, "quadrant", QUADRANTS, f.quadrant) : "–"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
