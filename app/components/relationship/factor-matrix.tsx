import { ScrollTable } from "~/components/scroll-table";
import { SIZE_CLASSES, QUADRANTS, DIVERSITIES } from "~/domain/factors";
import { IMPORTANCE_LEVELS } from "~/domain/importance-model";
import { Title } from "@mantine/core";
import { labelKey, knownLabel } from "~/i18n/labels";
import { useI18n } from "~/i18n/use-i18n";
import type { ImportanceCell, RelationshipPage } from "~/models/relationship.server";

/** An importance level that opens to the source statement behind it (native <details>: no JavaScript needed). */
function LevelCell({ cell, levelText, sourceLabel }: { cell: ImportanceCell; levelText: string; sourceLabel: string }) {
  return (
    <details className="score-explain" data-testid="importance-cell">
      <summary>
        <span className="rel-b">{cell.level}</span> <span className="rel-xs rel-dim">{levelText}</span>
      </summary>
      <p className="rel-p rel-xs" style={{ maxWidth: 260 }}>
        <span className="rel-b">{sourceLabel}:</span> {cell.source}
      </p>
    </details>
  );
}

/** The quadrant in words, with a coloured dot (the colour is never the only signal). */
export function QuadrantBadge({ quadrant }: { quadrant: string | null }) {
  const { t } = useI18n();
  if (!quadrant) return <>–</>;
  return <span className={`rel-quadrant ${quadrant}`}>{knownLabel(t, "quadrant", QUADRANTS, quadrant)}</span>;
}

/** Rows: the six factors. Columns: importance by size, maturity and diversity, combined importance, weight, each side's performance, the scored performance and the quadrant. */
export function FactorMatrix({ data }: { data: Pick<RelationshipPage, "matrix" | "context" | "header" | "period" | "view" | "score"> }) {
  const { t, fixed, percent, quarter } = useI18n();
  const { matrix, context, header, period, view, score } = data;
  const viewLabel = t(labelKey("rel.view", view));
  const sourceLabel = t("rel.matrix.source");
  const level = (cell: ImportanceCell) => (
    <td>
      <LevelCell cell={cell} levelText={knownLabel(t, "rel.matrix.level", IMPORTANCE_LEVELS, cell.level)} sourceLabel={sourceLabel} />
    </td>
  );
  return (
    <section className="rel-section" aria-labelledby="matrix-heading">
      <Title order={2} size="h3" id="matrix-heading">
        {t("rel.matrix.title", { period: quarter(period) })}
      </Title>
      <p className="rel-p rel-sm rel-dim">{t("rel.matrix.caption")}</p>
      <ScrollTable className="rel-table cols roomy" style={{ minWidth: 900 }} data-testid="factor-matrix">
        <thead>
          <tr>
            <th scope="col" rowSpan={2}>
              {t("chain.factor")}
            </th>
            <th scope="colgroup" colSpan={4} className="center">
              {t("rel.matrix.importanceGroup")}
            </th>
            <th scope="col" rowSpan={2} className="num">
              {t("chain.weight")}
            </th>
            <th scope="colgroup" colSpan={3} className="center">
              {t("rel.matrix.performanceGroup")}
            </th>
            <th scope="col" rowSpan={2}>
              {t("chain.quadrant")}
            </th>
          </tr>
          <tr>
            <th scope="col">{t("rel.matrix.size", { value: knownLabel(t, "size", SIZE_CLASSES, context.sizeClass) })}</th>
            <th scope="col">{t("rel.matrix.maturity", { value: t(labelKey("maturity", context.maturity)) })}</th>
            <th scope="col">{t("rel.matrix.diversity", { value: knownLabel(t, "diversity", DIVERSITIES, context.diversity) })}</th>
            <th scope="col" className="num">
              {t("rel.matrix.combined")}
            </th>
            <th scope="col" className="num" title={header.provider.name}>
              {t("rel.sideName.provider")}
            </th>
            <th scope="col" className="num" title={header.customer.name}>
              {t("rel.sideName.customer")}
            </th>
            <th scope="col" className="num">
              {t("rel.matrix.scored", { view: viewLabel })}
            </th>
          </tr>
        </thead>
        <tbody>
          {matrix.map((row) => (
            <tr key={row.factor} data-factor={row.factor}>
              <th scope="row">{t(labelKey("factor", row.factor))}</th>
              {level(row.size)}
              {level(row.maturity)}
              {level(row.diversity)}
              <td className="num">{fixed(row.importance, 2)}</td>
              <td className="num">{row.performance === null ? "–" : percent(row.weight, 1)}</td>
              <td className="num">{fixed(row.providerPerformance, 2)}</td>
              <td className="num">{fixed(row.customerPerformance, 2)}</td>
              <td className="num strong">{fixed(row.performance, 2)}</td>
              <td>
                <QuadrantBadge quadrant={row.quadrant} />
              </td>
            </tr>
          ))}
        </tbody>
      </ScrollTable>
      <p className="rel-p rel-xs rel-dim">
        {score.value === null ? `${t("rel.matrix.noPerformance")} · ` : ""}
        {t("rel.matrix.weightNote")} {t("chain.modelVersion", { version: score.modelVersion })}.
      </p>
    </section>
  );
}
