import { RadarChart } from "~/components/charts/lazy";
import { Stack, Text } from "@mantine/core";
import type { CompareSide, ComparisonTable } from "~/domain/compare";
import type { MessageKey } from "~/i18n/messages";
import { useI18n } from "~/i18n/use-i18n";
import { SERIES_COLORS } from "./figures";

/**
 * The partners' factor values overlaid on one radar. A partner with a factor
 * without data is left off (a radar cannot skip a spoke, and drawing it at
 * the centre would read as a zero) and named below the chart.
 */
export function CompareRadar({ table, side }: { table: ComparisonTable; side: CompareSide }) {
  const { t } = useI18n();
  const factorRows = table.rows.filter((r) => r.kind === "factor");
  const complete = table.partners.filter((_, i) => factorRows.every((r) => r.cells[i].kind === "figure" && r.cells[i].value !== null));
  const left = table.partners.filter((p) => !complete.includes(p));
  const index = new Map(table.partners.map((p, i) => [p.id, i]));
  const data = factorRows.map((row) => {
    const point: Record<string, string | number | null> = { factor: t(row.label.key as MessageKey) };
    for (const p of complete) {
      const cell = row.cells[index.get(p.id)!];
      point[`p${p.id}`] = cell.kind === "figure" ? cell.value : null;
    }
    return point;
  });
  const gap = side === "gap";
  const maxGap = gap
    ? Math.max(2, ...data.flatMap((d) => complete.map((p) => Math.abs(Number(d[`p${p.id}`]) || 0))))
    : 0;
  const domain: [number, number] = gap ? [-Math.ceil(maxGap), Math.ceil(maxGap)] : [0, 5];
  return (
    <Stack gap="xs" component="figure" m={0} aria-labelledby="compare-radar-caption" data-testid="compare-radar">
      {complete.length ? (
        <RadarChart
          h={380}
          data={data}
          dataKey="factor"
          withLegend
          withTooltip
          withPolarRadiusAxis
          polarRadiusAxisProps={{ domain, angle: 90, tickCount: gap ? 5 : 6 }}
          series={complete.map((p) => ({
            name: `p${p.id}`,
            label: p.name,
            color: SERIES_COLORS[index.get(p.id)! % SERIES_COLORS.length],
            opacity: 0.08,
          }))}
          radarProps={{ strokeWidth: 2, isAnimationActive: false }}
        />
      ) : null}
      <Text component="figcaption" id="compare-radar-caption" size="sm" c="gray.7">
        {gap ? t("compare.radar.captionGap") : t("compare.radar.caption")}
        {left.length ? ` ${t("compare.radar.left", { names: left.map((p) => p.name).join(", ") })}` : ""}
      </Text>
    </Stack>
  );
}
