/**
 * Where to write each point's label in a scatter chart so that no two labels
 * overlap: beside its point if that spot is free, else moved up or down a
 * line at a time, then tried on the other side. Pure geometry in pixels, so
 * it is tested with tables of points.
 */

export type Box = { left: number; top: number; right: number; bottom: number };

/** A point's position in pixels and the width of its label text. */
export type LabelPoint = { x: number; y: number; width: number };

/** `x`, `y`: where the text is anchored (y is its vertical middle); `box`: the space the text takes. */
export type PlacedLabel = { x: number; y: number; anchor: "start" | "end"; moved: boolean; box: Box };

export type LabelLayoutOptions = {
  /** Height of one line of label text. */
  lineHeight?: number;
  /** Space between a point and its label. */
  gap?: number;
  /** Radius of a point's dot, kept clear of other points' labels. */
  dotRadius?: number;
  /** How many lines a label may move up or down. */
  maxSteps?: number;
};

export function intersects(a: Box, b: Box): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

function overlapArea(a: Box, b: Box): number {
  const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
  const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
  return w > 0 && h > 0 ? w * h : 0;
}

export function layoutPointLabels(points: readonly LabelPoint[], options: LabelLayoutOptions = {}): PlacedLabel[] {
  const { lineHeight = 14, gap = 6, dotRadius = 5, maxSteps = 6 } = options;
  const dots: Box[] = points.map((p) => ({ left: p.x - dotRadius, top: p.y - dotRadius, right: p.x + dotRadius, bottom: p.y + dotRadius }));
  // Offsets in lines: 0, +1, −1, +2, −2, …
  const steps = [0];
  for (let s = 1; s <= maxSteps; s++) steps.push(s, -s);

  const candidate = (p: LabelPoint, side: "start" | "end", step: number): PlacedLabel => {
    const y = p.y + step * lineHeight;
    const x = side === "start" ? p.x + gap : p.x - gap;
    const left = side === "start" ? x : x - p.width;
    return { x, y, anchor: side, moved: step !== 0, box: { left, right: left + p.width, top: y - lineHeight / 2, bottom: y + lineHeight / 2 } };
  };

  const placed: Array<PlacedLabel | undefined> = new Array(points.length);
  // Top to bottom, then left to right, so the result does not depend on the order of the input.
  const order = points.map((_, i) => i).sort((a, b) => points[a].y - points[b].y || points[a].x - points[b].x || a - b);
  for (const i of order) {
    const p = points[i];
    const labels = placed.filter((l): l is PlacedLabel => l !== undefined).map((l) => l.box);
    const otherDots = dots.filter((_, j) => j !== i);
    // Another label in the way weighs far more than a dot: the first spot free of both wins.
    let best: PlacedLabel | undefined;
    let bestCost = Infinity;
    search: for (const side of ["start", "end"] as const) {
      for (const step of steps) {
        const c = candidate(p, side, step);
        const cost = 1000 * labels.reduce((sum, o) => sum + overlapArea(c.box, o), 0) + otherDots.reduce((sum, o) => sum + overlapArea(c.box, o), 0);
        if (cost < bestCost) {
          best = c;
          bestCost = cost;
        }
        if (cost === 0) break search;
      }
    }
    placed[i] = best!;
  }
  return placed as PlacedLabel[];
}
