/**
 * @mantine/charts (recharts under it) is the heaviest dependency of the
 * client: about 130 KB gzipped. These wrappers load it in a chunk of its own
 * after hydration, so a route's own JavaScript stays small and pages without
 * charts never download it. The server renders a placeholder of the chart's
 * height; every chart in the portal also has a table of the same numbers.
 */
import type { LineChartProps, RadarChartProps, ScatterChartProps } from "@mantine/charts";
import { Skeleton } from "@mantine/core";
import { lazy, Suspense, useEffect, useState, type ComponentType } from "react";

const LineChartImpl = lazy(() => import("@mantine/charts").then((m) => ({ default: m.LineChart })));
const RadarChartImpl = lazy(() => import("@mantine/charts").then((m) => ({ default: m.RadarChart })));

/** `pointLabelKey` names each point with that field of its datum (recharts' LabelList, loaded with the chart). */
export type LabelledScatterChartProps = ScatterChartProps & { pointLabelKey?: string };

const ScatterChartImpl = lazy(async () => {
  const [{ ScatterChart }, { LabelList }] = await Promise.all([import("@mantine/charts"), import("recharts")]);
  function LabelledScatterChart({ pointLabelKey, ...props }: LabelledScatterChartProps) {
    const scatterProps = pointLabelKey
      ? { ...props.scatterProps, children: <LabelList dataKey={pointLabelKey} position="right" fontSize={12} fill="var(--mantine-color-gray-8)" /> }
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
