import type { ReactNode } from "react";
import { groupLabel, type CompareSide, type ComparisonTable, type TableCell } from "~/domain/compare";
import { labelKey } from "~/i18n/labels";
import { useI18n } from "~/i18n/use-i18n";
import { scoreBandClass } from "~/components/score-band";
import { Delta, useLabel, useSigned } from "~/components/compare/figures";
import { ThreadLink } from "~/components/comments/thread";

/** A figure cell: the value (tinted by its tone), the factor's weight and the change since the previous quarter. Plain elements: a matrix has up to 168 of these. */
function FigureCell({
  cell,
  previous,
  rowKind,
  noData,
  discussion,
}: {
  cell: Extract<TableCell, { kind: "figure" }>;
  previous: string | null;
  rowKind: string;
  noData: string;
  /** The cell's factor thread with its comment count (factor rows of a quarter). */
  discussion?: ReactNode;
}) {
  const { t, fixed, percent } = useI18n();
  const signed = useSigned();
  if (cell.value === null) {
    return (
      <td className="compare-cell tone-none">
        <span className="cmp-nodata">{noData}</span>
        {discussion}
      </td>
    );
  }
  const tone = cell.tone ?? "none";
  const tinted = rowKind === "factor" || cell.tone;
  return (
    <td className={tinted ? `compare-cell tone-${tone}` : "compare-cell"}>
      {/* A relationship score wears its band's colour, as every score does. */}
      <span
        className={cell.band !== undefined ? `cmp-figure score-pill ${scoreBandClass(cell.band)}` : "cmp-figure"}
        data-testid="cell-value"
        data-band={cell.band ?? undefined}
      >
        {cell.signed ? signed(cell.value, cell.decimals) : fixed(cell.value, cell.decimals)}
      </span>
      {cell.weightPercent !== undefined && cell.weightPercent !== null ? (
        <span className="cmp-weight">{t("compare.weight", { weight: percent(cell.weightPercent / 100, 1) })}</span>
      ) : null}
      <Delta value={cell.delta} decimals={cell.decimals} previous={previous} block />
      {discussion}
    </td>
  );
}

/** The matrices side by side: factors as rows, partners as columns, then score, attention and context. */
export function MatrixTable({
  table,
  side,
  quarter,
  previous,
  comments,
}: {
  table: ComparisonTable;
  side: CompareSide;
  quarter: string | null;
  previous: string | null;
  /** Comments per `relationshipId:factor` of the quarter; each factor cell links to its thread. */
  comments?: Readonly<Record<string, number>>;
}) {
  const { t, quarter: fq } = useI18n();
  const label = useLabel();
  const caption = quarter ? t("compare.matrixCaption", { quarter: fq(quarter), side: t(labelKey("compare.side", side)) }) : t("compare.noQuarter");
  const noData = t("compare.noData");
  return (
    <div className="cmp-scroll" tabIndex={0} role="region" aria-label={caption}>
      <table className="cmp-table cols roomy compare-matrix" style={{ minWidth: 320 + table.partners.length * 150 }} data-testid="compare-matrix">
        <caption>{caption}</caption>
        <thead>
          {table.group && table.groups.length ? (
            <tr>
              <td />
              {table.groups.map((g, i) => (
                <th key={`${g.value}-${i}`} colSpan={g.span} scope="colgroup" className="group">
                  {label(groupLabel(table.group!, g.value))}
                </th>
              ))}
            </tr>
          ) : null}
          <tr>
            <th scope="col" style={{ width: 200 }}>
              {t("compare.col.factor")}
            </th>
            {table.partners.map((p) => (
              <th key={p.id} scope="col" className="cmp-partner" data-testid="partner-header">
                <p className="name">{p.name}</p>
                <p className="service">{p.serviceName}</p>
                <span className="cmp-pill">{t(labelKey("compare.role", p.role))}</span>
                {!p.hasData ? <span className="cmp-pill light">{noData}</span> : null}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row) => (
            <tr key={row.key} data-row={row.key} className={row.kind === "context" ? "compare-context-row" : row.kind === "factor" ? "factor" : undefined}>
              <th scope="row">{label(row.label)}</th>
              {row.cells.map((cell, i) =>
                cell.kind === "figure" ? (
                  <FigureCell
                    key={table.partners[i].id}
                    cell={cell}
                    previous={previous}
                    rowKind={row.kind}
                    noData={noData}
                    discussion={
                      comments && quarter && row.kind === "factor" ? (
                        <span className="cmp-weight" style={{ display: "block" }}>
                          <ThreadLink
                            relationshipId={table.partners[i].id}
                            thread={{ period: quarter, factor: row.key }}
                            count={comments[`${table.partners[i].id}:${row.key}`] ?? 0}
                            label={`${label(row.label)}, ${table.partners[i].name}`}
                          />
                        </span>
                      ) : undefined
                    }
                  />
                ) : (
                  <td key={table.partners[i].id}>{cell.labels.map(label).join(", ")}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** What the cell colours mean, in words. */
export function ToneLegend({ side }: { side: CompareSide }) {
  const { t } = useI18n();
  const tones = side === "gap" ? (["provider_higher", "aligned", "customer_higher"] as const) : (["strong", "good", "fair", "weak", "poor"] as const);
  return (
    <div className="compare-legend cmp-xs">
      <span>{t("compare.legend")}: </span>
      {tones.map((tone) => (
        <span key={tone} className={`compare-legend-item tone-${tone}`}>
          {t(labelKey("compare.tone", tone))} ({t(labelKey("compare.toneRange", tone))})
        </span>
      ))}
      <span className="compare-legend-item tone-none">{t("compare.noData")}</span>
    </div>
  );
}
