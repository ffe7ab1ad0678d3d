import { RadarChart } from "~/components/charts/lazy";
import { labelKey } from "~/i18n/labels";
import { Paper, Stack, Text } from "@mantine/core";
import { radarData, type CompareSide, type ComparisonTable } from "~/domain/compare";
import { useI18n } from "~/i18n/use-i18n";
import { SERIES_COLORS } from "~/components/compare/figures";

type TooltipEntry = { name?: string | number; value?: unknown; color?: string };

/**
 * The partners' factor values overlaid on one radar. A partner that lacks a
 * factor is drawn all the same: its outline breaks at that spoke (drawing it
 * at the centre would read as a zero), its other values show as dots, and
 * the caption names what is missing. Only a partner without any factor
 * value in the quarter is left off.
 */
export function CompareRadar({ table, side }: { table: ComparisonTable; side: CompareSide }) {
  const { t, fixed } = useI18n();
  const radar = radarData(table);
  const index = new Map(table.partners.map((p, i) => [p.id, i]));
  const labelOf = new Map(radar.drawn.map((p) => [p.seriesKey, p.name]));
  const data = radar.points.map((point) => ({ factor: t(point.labelKey), ...point.values }));
  const gap = side === "gap";
  const maxGap = gap ? Math.max(2, ...radar.points.flatMap((p) => Object.values(p.values).map((v) => Math.abs(v ?? 0)))) : 0;
  const domain: [number, number] = gap ? [-Math.ceil(maxGap), Math.ceil(maxGap)] : [0, 5];
  const noData = t("compare.noData");
  const withGaps = radar.drawn.filter((p) => p.missing.length > 0);
  return (
    <Stack gap="xs" component="figure" m={0} aria-labelledby="compare-radar-caption" data-testid="compare-radar">
      {radar.drawn.length ? (
        <RadarChart
          h={380}
          data={data}
          dataKey="factor"
          withLegend
          withTooltip
          withDots
          withPolarRadiusAxis
          polarRadiusAxisProps={{ domain, angle: 90, tickCount: gap ? 5 : 6 }}
          series={radar.drawn.map((p) => ({
            name: p.seriesKey,
            label: p.name,
            color: SERIES_COLORS[index.get(p.id)! % SERIES_COLORS.length],
            opacity: 0.08,
          }))}
          radarProps={{ strokeWidth: 2, isAnimationActive: false, connectNulls: false }}
          tooltipProps={{
            content: ({ label, payload }: { label?: string | number; payload?: TooltipEntry[] }) =>
              payload?.length ? (
                <Paper withBorder shadow="sm" p="xs" fz="sm">
                  <Text fw={600} size="sm">
                    {label}
                  </Text>
                  {payload.map((entry) => (
                    <div key={String(entry.name)}>
                      <span style={{ color: entry.color }} aria-hidden>
                        ●{" "}
                      </span>
                      {labelOf.get(String(entry.name)) ?? entry.name}: {typeof entry.value === "number" ? fixed(entry.value, 2) : noData}
                    </div>
                  ))}
                </Paper>
              ) : null,
          }}
        />
      ) : null}
      <Text component="figcaption" id="compare-radar-caption" size="sm" c="gray.7">
        {gap ? t("compare.radar.captionGap") : t("compare.radar.caption")}
        {withGaps.length
          ? ` ${t("compare.radar.gaps", {
              names: withGaps.map((p) => `${p.name} (${p.missing.map((f) => t(labelKey("factor", f))).join(", ")})`).join("; "),
            })}`
          : ""}
        {radar.empty.length ? ` ${t("compare.radar.left", { names: radar.empty.map((p) => p.name).join(", ") })}` : ""}
      </Text>
    </Stack>
  );
}
