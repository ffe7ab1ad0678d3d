/**
 * @mantine/charts (recharts under it) is the heaviest dependency of the
 * client: about 130 KB gzipped. These wrappers load it in a chunk of its own
 * after hydration, so a route's own JavaScript stays small and pages without
 * charts never download it. The server renders a placeholder of the chart's
 * height; every chart in the portal also has a table of the same numbers.
 */
import type { LineChartProps, RadarChartProps, ScatterChartProps } from "@mantine/charts";
import { Skeleton } from "@mantine/core";
import { lazy, Suspense, useEffect, useMemo, useState, type ComponentType } from "react";
import { pointLabelRenderer } from "./point-labels";

const LineChartImpl = lazy(() => import("@mantine/charts").then((m) => ({ default: m.LineChart })));
const RadarChartImpl = lazy(() => import("@mantine/charts").then((m) => ({ default: m.RadarChart })));

/** `pointLabelKey` names each point with that field of its datum, laid out so that no two labels overlap. */
export type LabelledScatterChartProps = ScatterChartProps & { pointLabelKey?: string };

const ScatterChartImpl = lazy(async () => {
  const [{ ScatterChart }, { LabelList }] = await Promise.all([import("@mantine/charts"), import("recharts")]);
  function LabelledScatterChart({ pointLabelKey, ...props }: LabelledScatterChartProps) {
    const { data, dataKey } = props;
    // One layout for the labels of all series, so that no label covers another.
    const content = useMemo(
      () =>
        pointLabelKey
          ? pointLabelRenderer(
              data.flatMap((s) => s.data),
              { x: dataKey.x, y: dataKey.y, label: pointLabelKey },
            )
          : null,
      [data, dataKey.x, dataKey.y, pointLabelKey],
    );
    const scatterProps = content
      ? { ...props.scatterProps, children: <LabelList valueAccessor={(entry: unknown) => entry} content={content as never} /> }
      : props.scatterProps;
    return <ScatterChart {...props} scatterProps={scatterProps} />;
  }
  return { default: LabelledScatterChart };
});

function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

function lazyChart<P extends { h?: unknown }>(Impl: ComponentType<P>) {
  return function LazyChart(props: P) {
    const hydrated = useHydrated();
    const height = typeof props.h === "number" ? props.h : 300;
    const placeholder = <Skeleton h={height} animate={false} aria-hidden />;
    if (!hydrated) return placeholder;
    return (
      <Suspense fallback={placeholder}>
        <Impl {...props} />
      </Suspense>
    );
  };
}

export const LineChart = lazyChart<LineChartProps>(LineChartImpl);
export const ScatterChart = lazyChart<LabelledScatterChartProps>(ScatterChartImpl);
export const RadarChart = lazyChart<RadarChartProps>(RadarChartImpl);
