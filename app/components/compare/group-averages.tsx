import { DECIMALS, groupLabel, type GroupAverage } from "~/domain/compare";
import { labelKey } from "~/i18n/labels";
import { FACTORS } from "~/domain/factors";
import { useI18n } from "~/i18n/use-i18n";
import { useLabel } from "./figures";

/**
 * Mean factor values per group, each with the importance level (1..3) the
 * digiMensa model gives that group, so a reader can check the model's
 * reading against the relationships' actual performance. Plain elements
 * (styles in compare.css).
 */
export function GroupAveragesTable({ groups, caption, signed = false }: { groups: GroupAverage[]; caption: string; signed?: boolean }) {
  const { t, fixed, number } = useI18n();
  const label = useLabel();
  const noData = t("compare.noData");
  const predictedHint = t("portfolio.predictedHint");
  const show = (v: number | null, d: number) => (v === null ? noData : signed && v > 0 ? `+${fixed(v, d)}` : fixed(v, d));
  return (
    <div className="cmp-scroll" tabIndex={0} role="region" aria-label={caption}>
      <table className="cmp-table striped" style={{ minWidth: 900 }}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("portfolio.col.group")}</th>
            <th scope="col" className="num">
              {t("portfolio.col.count")}
            </th>
            {FACTORS.map((f) => (
              <th key={f} scope="col" className="num">
                {t(labelKey("factor", f))}
              </th>
            ))}
            <th scope="col" className="num">
              {t("portfolio.col.meanScore")}
            </th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <tr key={g.value}>
              <th scope="row">{label(groupLabel(g.dimension, g.value))}</th>
              <td className="num">
                {number(g.count, 0)}
                {g.withData < g.count ? <span className="cmp-xs cmp-muted"> ({t("portfolio.withData", { count: g.withData })})</span> : null}
              </td>
              {FACTORS.map((f) => (
                <td key={f} className="num">
                  {show(g.factors[f], DECIMALS.performance)}
                  {g.predicted && g.predicted[f] !== null ? (
                    <span className="cmp-xs cmp-muted" title={predictedHint}>
                      {" "}
                      ({t("portfolio.predictedShort", { level: g.predicted[f]! })})
                    </span>
                  ) : null}
                </td>
              ))}
              <td className="num">{g.meanScore === null ? noData : fixed(g.meanScore, DECIMALS.score)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
