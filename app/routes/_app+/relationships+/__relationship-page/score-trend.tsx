import { LineChart } from "~/components/charts/lazy";
import { scoreBandClass } from "~/components/score-band";
import { Title } from "@mantine/core";
import { useI18n } from "~/i18n/use-i18n";
import type { RelationshipPage } from "~/models/relationship.server";
import type { ExplainedScore } from "~/models/scoring.server";
import { FactorExplanationTable } from "~/components/factor-explanation-table";
import { ScrollTable } from "~/components/scroll-table";

type Format = (v: number, digits: number) => string;

/** A formatter that remembers its results: the trend's explanations repeat the same importances and weights many times. */
function remembered(format: Format): Format {
  const seen = new Map<string, string>();
  return (v, digits) => {
    const key = `${v}|${digits}`;
    let text = seen.get(key);
    if (text === undefined) seen.set(key, (text = format(v, digits)));
    return text;
  };
}

/**
 * A trend cell: the score, opening to its factors (native <details>, no
 * JavaScript). The same content as ScoreWithExplanation's compact form, in
 * plain elements: the table holds three per quarter, and Mantine's Badge,
 * Group and Stack per cell were most of the page's rendering time and size.
 */
function TrendScore({ score, missingLabel, fixed, percent }: { score: ExplainedScore | null; missingLabel: string; fixed: Format; percent: Format }) {
  const { t, number } = useI18n();
  if (!score || score.value === null) return <span className="rel-sm rel-dim rel-i">{missingLabel}</span>;
  return (
    <details className="score-explain">
      <summary aria-label={t("chain.explainScore")}>
        <span className={`rel-pill ${scoreBandClass(score.band)}`} data-testid="score" data-band={score.band ?? undefined}>
          {fixed(score.value, 1)}
        </span>
      </summary>
      {/* Columns 2-4 are right-aligned figures (relationship.css): the trend holds up to three such tables per quarter, so no class per cell. */}
      <FactorExplanationTable factors={score.factors} className="explain-table rel-trend-explain" formats={{ fixed, percent }} />
      <p className="rel-xs rel-dim rel-explain-note">
        {`${t("chain.formula")} · ${t("chain.modelVersion", { version: score.modelVersion })}${
          score.attentionPriority !== null ? ` · ${t("chain.attention")}: ${number(score.attentionPriority, 1)}` : ""
        }`}
      </p>
    </details>
  );
}

/**
 * The relationship score per quarter as a line chart (both sides, and each
 * side's own view), with the same figures in a table whose scores open to
 * their explanation. A quarter without submissions is a gap in the line and
 * "missing" in the table, never a zero.
 */
export function ScoreTrend({ data }: { data: Pick<RelationshipPage, "trend" | "header" | "modelVersion"> }) {
  const { t, quarter, fixed, percent } = useI18n();
  const { trend, header } = data;
  const providerLabel = t("rel.viewOf", { organisation: header.provider.name });
  const customerLabel = t("rel.viewOf", { organisation: header.customer.name });
  const chronological = [...trend].reverse();
  const chartData = chronological.map((row) => ({
    quarter: quarter(row.period),
    both: row.both?.value ?? null,
    provider: row.provider?.value ?? null,
    customer: row.customer?.value ?? null,
  }));
  const anyScore = trend.some((r) => r.both?.value != null);
  const missing = t("rel.trend.missing");
  const cellFormats = { fixed: remembered(fixed), percent: remembered(percent) };
  return (
    <section className="rel-section sm" aria-labelledby="trend-heading">
      <Title order={2} size="h3" id="trend-heading">
        {t("rel.trend.title")}
      </Title>
      <p className="rel-p rel-sm rel-dim" data-testid="trend-version">
        {t("score.versionRescored", { version: data.modelVersion })}
      </p>
      {anyScore ? (
        <div aria-hidden>
          <LineChart
            h={260}
            data={chartData}
            dataKey="quarter"
            series={[
              { name: "both", label: t("rel.trend.both"), color: "teal.7" },
              { name: "provider", label: providerLabel, color: "indigo.6" },
              { name: "customer", label: customerLabel, color: "orange.7" },
            ]}
            connectNulls={false}
            withLegend
            yAxisProps={{ domain: [0, 100], ticks: [0, 25, 50, 75, 100], tickFormatter: (v: number) => String(v) }}
            valueFormatter={(v) => fixed(v, 1)}
            strokeDasharray="4 4"
            lineChartProps={{ accessibilityLayer: false }}
          />
        </div>
      ) : (
        <p className="rel-p rel-sm rel-dim">{t("rel.trend.empty")}</p>
      )}
      <ScrollTable className="rel-table" style={{ minWidth: 560 }} data-testid="trend-table">
        <thead>
          <tr>
            <th scope="col">{t("rel.trend.quarter")}</th>
            <th scope="col">{t("rel.trend.both")}</th>
            <th scope="col">{providerLabel}</th>
            <th scope="col">{customerLabel}</th>
          </tr>
        </thead>
        <tbody>
          {trend.map((row) => (
            <tr key={row.period} data-period={row.period}>
              <th scope="row">
                {quarter(row.period)}
                {row.current ? (
                  <>
                    {" "}
                    <span className="rel-pill xs outline gray">{t("rel.trend.current")}</span>
                  </>
                ) : null}
                {row.assessedUnder !== null && row.assessedUnder !== data.modelVersion ? (
                  <span className="rel-block rel-xs rel-dim" data-testid="assessed-under">
                    {t("score.assessedUnder", { version: row.assessedUnder })}
                  </span>
                ) : null}
              </th>
              <td>
                <TrendScore score={row.both} missingLabel={missing} {...cellFormats} />
              </td>
              <td>
                <TrendScore score={row.provider} missingLabel={missing} {...cellFormats} />
              </td>
              <td>
                <TrendScore score={row.customer} missingLabel={missing} {...cellFormats} />
              </td>
            </tr>
          ))}
        </tbody>
      </ScrollTable>
    </section>
  );
}
