import { LineChart } from "~/components/charts/lazy";
import { Badge, Stack, Table, Text, Title } from "@mantine/core";
import { ScoreWithExplanation } from "~/components/score-explanation";
import { useI18n } from "~/i18n/use-i18n";
import type { RelationshipPage } from "~/models/relationship.server";

/**
 * The relationship score per quarter as a line chart (both sides, and each
 * side's own view), with the same figures in a table whose scores open to
 * their explanation. A quarter without submissions is a gap in the line and
 * "missing" in the table, never a zero.
 */
export function ScoreTrend({ data }: { data: Pick<RelationshipPage, "trend" | "header"> }) {
  const { t, quarter, fixed } = useI18n();
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
  return (
    <Stack gap="sm" component="section" aria-labelledby="trend-heading">
      <Title order={2} size="h3" id="trend-heading">
        {t("rel.trend.title")}
      </Title>
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
        <Text size="sm" c="dimmed">
          {t("rel.trend.empty")}
        </Text>
      )}
      <Table.ScrollContainer minWidth={560}>
        <Table withTableBorder verticalSpacing={4} data-testid="trend-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t("rel.trend.quarter")}</Table.Th>
              <Table.Th scope="col">{t("rel.trend.both")}</Table.Th>
              <Table.Th scope="col">{providerLabel}</Table.Th>
              <Table.Th scope="col">{customerLabel}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {trend.map((row) => (
              <Table.Tr key={row.period} data-period={row.period}>
                <Table.Th scope="row" fw={500}>
                  {quarter(row.period)}
                  {row.current ? (
                    <Badge size="xs" variant="outline" color="gray" ml={6} tt="none">
                      {t("rel.trend.current")}
                    </Badge>
                  ) : null}
                </Table.Th>
                <Table.Td>
                  <ScoreWithExplanation score={row.both} compact missingLabel={t("rel.trend.missing")} />
                </Table.Td>
                <Table.Td>
                  <ScoreWithExplanation score={row.provider} compact missingLabel={t("rel.trend.missing")} />
                </Table.Td>
                <Table.Td>
                  <ScoreWithExplanation score={row.customer} compact missingLabel={t("rel.trend.missing")} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
