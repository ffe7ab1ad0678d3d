import { LineChart } from "~/components/charts/lazy";
import { labelKey } from "~/i18n/labels";
import { Badge, Card, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useI18n } from "~/i18n/use-i18n";
import { changeIsBetter, formatChange, formatMetricValue, formatMonth } from "~/components/metrics/format";

export type SeriesCardData = {
  key: string;
  metric: {
    key: string;
    nameFi: string;
    nameEn: string;
    unit: string;
    direction: "higher_better" | "lower_better";
    target: number | null;
    category: string;
    /** The values the metric allows: the chart's axis never runs past them (no "101 %" availability). */
    bounds?: { min: number | null; max: number | null };
  };
  relationship: { id: number; serviceName: string; providerName: string; customerName: string } | null;
  subjectName: string | null;
  recordedByName: string;
  points: Array<{ month: string; value: number }>;
  latest: { month: string; value: number } | null;
  previous: { month: string; value: number } | null;
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

/**
 * One metric series: latest value, change from the previous month and the
 * status against the target (colour plus words and arrows, never colour
 * alone), a trend chart with the target line, and the values as a table
 * for screen readers and for pages without JavaScript.
 */
export function SeriesCard({ series }: { series: SeriesCardData }) {
  const { t, locale } = useI18n();
  const { metric } = series;
  const name = locale === "fi" ? metric.nameFi : metric.nameEn;
  const fmt = (v: number | null | undefined) => formatMetricValue(locale, v, metric.unit);
  const better = series.change === null ? null : changeIsBetter(series.change, metric.direction);
  const subject = series.relationship ? `${series.relationship.providerName} → ${series.relationship.customerName}` : (series.subjectName ?? "");
  const chartData = series.points.map((p) => ({ month: formatMonth(locale, p.month), value: p.value }));

  return (
    <Card withBorder padding="md" data-testid="metric-series" aria-label={`${name} · ${subject}`}>
      <Stack gap="xs">
        <div>
          <Title order={2} size="h5">
            {name}
          </Title>
          <Text size="sm" c="dimmed">
            {subject}
            {series.relationship ? ` · ${series.relationship.serviceName}` : ` · ${t("metrics.organisationLevel")}`}
          </Text>
          <Text size="xs" c="dimmed">
            {t("metrics.recordedBy", { name: series.recordedByName })}
          </Text>
        </div>
        <Group gap="md" align="baseline" wrap="wrap">
          <Text size="xl" fw={700} data-testid="latest-value">
            {fmt(series.latest?.value)}
          </Text>
          {series.latest ? (
            <Text size="sm" c="dimmed">
              {formatMonth(locale, series.latest.month)}
            </Text>
          ) : null}
          {series.change !== null ? (
            <Text size="sm" c={better === null ? "dimmed" : better ? "teal.9" : "red.9"} data-testid="change">
              {better === null ? "→" : series.change > 0 ? "▲" : "▼"} {formatChange(locale, series.change, metric.unit)}{" "}
              {t(better === null ? "metrics.change.same" : better ? "metrics.change.better" : "metrics.change.worse")}
            </Text>
          ) : null}
        </Group>
        <Group gap="xs">
          {series.status ? (
            <Badge color={series.status === "met" ? "teal" : "red"} variant="light" data-testid="target-status">
              {series.status === "met" ? "✓ " : "✗ "}
              {t(labelKey("metrics.status", series.status))}
            </Badge>
          ) : (
            <Badge color="gray" variant="outline">
              {t("metrics.status.noTarget")}
            </Badge>
          )}
          {metric.target !== null ? (
            <Text size="xs" c="dimmed">
              {t("metrics.targetIs", { target: fmt(metric.target) })} ·{" "}
              {t(metric.direction === "higher_better" ? "metrics.direction.higher_better" : "metrics.direction.lower_better")}
            </Text>
          ) : null}
        </Group>
        {chartData.length > 1 ? (
          <div aria-hidden="true">
            <LineChart
              h={180}
              data={chartData}
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
          </div>
        ) : null}
        <details>
          <summary>
            <Text span size="sm">
              {t("metrics.valuesTable")}
            </Text>
          </summary>
          <Table striped withTableBorder mt="xs" fz="sm" aria-label={`${name} · ${subject}`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t("metrics.month")}</Table.Th>
                <Table.Th scope="col" ta="right">
                  {t("metrics.value")}
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {series.points.map((p) => (
                <Table.Tr key={p.month}>
                  <Table.Td>{formatMonth(locale, p.month)}</Table.Td>
                  <Table.Td ta="right">{fmt(p.value)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </details>
      </Stack>
    </Card>
  );
}
