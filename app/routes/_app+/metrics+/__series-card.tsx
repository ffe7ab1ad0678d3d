import { LineChart } from "~/components/charts/lazy";
import { labelKey } from "~/i18n/labels";
import { useEffect, useState } from "react";
import { useI18n } from "~/i18n/use-i18n";
import { changeIsBetter, formatChange, formatMetricValue, formatMonth } from "~/components/metrics/format";

/** A series as the card shows it: the metric's name in the reader's language, its values and their reading. */
export type SeriesCardData = {
  key: string;
  metric: {
    name: string;
    unit: string;
    direction: "higher_better" | "lower_better";
    target: number | null;
    /** The values the metric allows: the chart's axis never runs past them (no "101 %" availability). */
    bounds?: { min: number | null; max: number | null };
  };
  relationship: { serviceName: string; providerName: string; customerName: string } | null;
  subjectName: string | null;
  recordedByName: string;
  points: Array<{ month: string; value: number }>;
  latest: { month: string; value: number } | null;
  change: number | null;
  status: "met" | "missed" | null;
};

/** The y axis: the values and the target with a margin, but never past the metric's bounds (no "100,2 %" availability). */
function axisDomain(values: number[], bounds: { min: number | null; max: number | null } | undefined): [number, number] | ["auto", "auto"] {
  if (!bounds || (bounds.min === null && bounds.max === null) || values.length === 0) return ["auto", "auto"];
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const pad = hi > lo ? (hi - lo) * 0.1 : Math.max(Math.abs(hi) * 0.05, 1);
  return [bounds.min === null ? lo - pad : Math.max(bounds.min, lo - pad), bounds.max === null ? hi + pad : Math.min(bounds.max, hi + pad)];
}

function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

/**
 * One metric series: latest value, change from the previous month and the
 * status against the target (colour plus words and arrows, never colour
 * alone), a trend chart with the target line, and the values as a table
 * for screen readers and for pages without JavaScript.
 * Plain elements with the classes of app/styles/metrics-dashboard.css: a page
 * draws a dozen of these, and a Mantine component per text and cell was most
 * of its server time (ADR 0016).
 */
export function SeriesCard({ series }: { series: SeriesCardData }) {
  const { t, locale } = useI18n();
  const hydrated = useHydrated();
  const { metric } = series;
  const { name } = metric;
  const fmt = (v: number | null | undefined) => formatMetricValue(locale, v, metric.unit);
  const better = series.change === null ? null : changeIsBetter(series.change, metric.direction);
  const subject = series.relationship ? `${series.relationship.providerName} → ${series.relationship.customerName}` : (series.subjectName ?? "");
  const months = series.points.map((p) => formatMonth(locale, p.month));

  return (
    <div className="mdash-card" data-testid="metric-series" aria-label={`${name} · ${subject}`}>
      <div>
        <h2 className="mdash-title">{name}</h2>
        <p className="mdash-sm mdash-dimmed">
          {subject}
          {series.relationship ? ` · ${series.relationship.serviceName}` : ` · ${t("metrics.organisationLevel")}`}
        </p>
        <p className="mdash-xs mdash-dimmed">{t("metrics.recordedBy", { name: series.recordedByName })}</p>
      </div>
      <div className="mdash-row mdash-row-values">
        <p className="mdash-latest" data-testid="latest-value">
          {fmt(series.latest?.value)}
        </p>
        {series.latest ? <p className="mdash-sm mdash-dimmed">{formatMonth(locale, series.latest.month)}</p> : null}
        {series.change !== null ? (
          <p className={`mdash-sm ${better === null ? "mdash-dimmed" : better ? "mdash-better" : "mdash-worse"}`} data-testid="change">
            {`${better === null ? "→" : series.change > 0 ? "▲" : "▼"} ${formatChange(locale, series.change, metric.unit)} ${t(
              better === null ? "metrics.change.same" : better ? "metrics.change.better" : "metrics.change.worse",
            )}`}
          </p>
        ) : null}
      </div>
      <div className="mdash-row">
        {series.status ? (
          <span className={`mdash-badge ${series.status === "met" ? "mdash-badge-met" : "mdash-badge-missed"}`} data-testid="target-status">
            {`${series.status === "met" ? "✓ " : "✗ "}${t(labelKey("metrics.status", series.status))}`}
          </span>
        ) : (
          <span className="mdash-badge mdash-badge-none">{t("metrics.status.noTarget")}</span>
        )}
        {metric.target !== null ? (
          <p className="mdash-xs mdash-dimmed">
            {`${t("metrics.targetIs", { target: fmt(metric.target) })} · ${t(
              metric.direction === "higher_better" ? "metrics.direction.higher_better" : "metrics.direction.lower_better",
            )}`}
          </p>
        ) : null}
      </div>
      {series.points.length > 1 ? (
        <div aria-hidden="true">
          {hydrated ? (
            <LineChart
              h={180}
              data={series.points.map((p, i) => ({ month: months[i], value: p.value }))}
              dataKey="month"
              series={[{ name: "value", label: name, color: "teal.7" }]}
              curveType="linear"
              withLegend={false}
              lineProps={{ isAnimationActive: false }}
              valueFormatter={(v) => fmt(v)}
              referenceLines={
                metric.target !== null
                  ? [
                      {
                        y: metric.target,
                        label: t("metrics.target"),
                        labelPosition: "insideBottomRight",
                        color: "orange.7",
                        strokeDasharray: "6 4",
                        ifOverflow: "extendDomain",
                      },
                    ]
                  : []
              }
              yAxisProps={{
                width: 70,
                domain: axisDomain([...series.points.map((p) => p.value), ...(metric.target === null ? [] : [metric.target])], metric.bounds),
              }}
            />
          ) : (
            // The chart loads in the browser (components/charts/lazy.tsx); until then, its place.
            <div className="mdash-chart-placeholder" />
          )}
        </div>
      ) : null}
      <details>
        <summary>
          <span className="mdash-sm">{t("metrics.valuesTable")}</span>
        </summary>
        <table className="mdash-table" aria-label={`${name} · ${subject}`}>
          <thead>
            <tr>
              <th scope="col">{t("metrics.month")}</th>
              <th scope="col" className="num">
                {t("metrics.value")}
              </th>
            </tr>
          </thead>
          <tbody>
            {series.points.map((p, i) => (
              <tr key={p.month}>
                <td>{months[i]}</td>
                <td className="num">{fmt(p.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}
