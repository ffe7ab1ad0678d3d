import { layoutPointLabels } from "./label-layout";

type Scale = (value: number) => number;
/** What recharts' LabelList hands each label of a Scatter when given `valueAccessor={(entry) => entry}`. */
type ScatterEntry = { payload?: Record<string, unknown>; xAxis?: { scale?: Scale }; yAxis?: { scale?: Scale } };

const FONT_SIZE = 12;
let measuring: CanvasRenderingContext2D | null | undefined;

/** The label's width as the browser draws it (charts render only in the browser); an estimate elsewhere. */
function textWidth(text: string): number {
  if (measuring === undefined) measuring = typeof document === "undefined" ? null : document.createElement("canvas").getContext("2d");
  if (!measuring) return text.length * FONT_SIZE * 0.6;
  measuring.font = `${FONT_SIZE}px ${getComputedStyle(document.body).fontFamily}`;
  return measuring.measureText(text).width;
}

/**
 * A label renderer for every point of a scatter chart: each label knows all
 * the points (of every series) and the axes' scales, so all labels agree on
 * one layout in which none overlaps another (components/charts/label-layout).
 * A label moved away from its point gets a thin line back to it.
 */
export function pointLabelRenderer(points: ReadonlyArray<Record<string, unknown>>, keys: { x: string; y: string; label: string }) {
  const texts = points.map((d) => String(d[keys.label] ?? ""));
  return function PointLabel({ value }: { value?: ScatterEntry }) {
    const xScale = value?.xAxis?.scale;
    const yScale = value?.yAxis?.scale;
    const index = texts.indexOf(String(value?.payload?.[keys.label] ?? ""));
    if (!xScale || !yScale || index < 0) return null;
    const at = points.map((d, i) => ({ x: xScale(Number(d[keys.x])), y: yScale(Number(d[keys.y])), width: textWidth(texts[i]) + 2 }));
    // A line a third taller than the font: the boxes browsers give SVG text are about 1.2 em high.
    const label = layoutPointLabels(at, { lineHeight: Math.ceil(FONT_SIZE * 1.35) })[index];
    const point = at[index];
    return (
      <g className="chart-point-label">
        {label.moved ? <line x1={point.x} y1={point.y} x2={label.x} y2={label.y} stroke="var(--mantine-color-gray-5)" strokeWidth={1} /> : null}
        <text x={label.x} y={label.y} textAnchor={label.anchor} dominantBaseline="central" fontSize={FONT_SIZE} fill="var(--mantine-color-gray-8)">
          {texts[index]}
        </text>
      </g>
    );
  };
}
