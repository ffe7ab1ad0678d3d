import { describe, expect, it } from "vitest";
import { intersects, layoutPointLabels, type LabelPoint } from "~/components/charts/label-layout";

function noTwoOverlap(points: LabelPoint[]) {
  const placed = layoutPointLabels(points);
  for (let i = 0; i < placed.length; i++) {
    for (let j = i + 1; j < placed.length; j++) {
      expect(intersects(placed[i].box, placed[j].box), `labels ${i} and ${j}`).toBe(false);
    }
  }
  return placed;
}

describe("layoutPointLabels", () => {
  it("leaves a lone label beside its point, to the right", () => {
    const [label] = layoutPointLabels([{ x: 100, y: 50, width: 40 }]);
    expect(label).toMatchObject({ x: 106, y: 50, anchor: "start", moved: false });
    expect(label.box).toEqual({ left: 106, right: 146, top: 43, bottom: 57 });
  });

  it("leaves labels that do not collide where they are", () => {
    const placed = noTwoOverlap([
      { x: 50, y: 50, width: 40 },
      { x: 200, y: 50, width: 40 },
      { x: 50, y: 150, width: 40 },
    ]);
    expect(placed.map((l) => l.moved)).toEqual([false, false, false]);
  });

  it.each([
    [
      "two points at the same spot",
      [
        { x: 100, y: 100, width: 60 },
        { x: 100, y: 100, width: 50 },
      ],
    ],
    [
      "two points a pixel apart",
      [
        { x: 100, y: 100, width: 60 },
        { x: 101, y: 101, width: 50 },
      ],
    ],
    [
      "three points in a tight cluster",
      [
        { x: 100, y: 100, width: 70 },
        { x: 104, y: 98, width: 90 },
        { x: 98, y: 103, width: 40 },
      ],
    ],
    ["six factors in one corner", [0, 1, 2, 3, 4, 5].map((i) => ({ x: 200 + (i % 2) * 3, y: 120 + i * 2, width: 60 + i * 5 }))],
    [
      "a label running into a point further right",
      [
        { x: 100, y: 100, width: 80 },
        { x: 150, y: 102, width: 40 },
      ],
    ],
  ])("keeps every label clear of the others: %s", (_, points) => {
    const placed = noTwoOverlap(points);
    expect(placed.some((l) => l.moved)).toBe(true);
    // Each label stays within a few lines of its point.
    placed.forEach((l, i) => expect(Math.abs(l.y - points[i].y)).toBeLessThanOrEqual(6 * 14));
  });

  it("gives the same places whatever the order of the input", () => {
    const points = [
      { x: 100, y: 100, width: 60 },
      { x: 101, y: 100, width: 50 },
      { x: 99, y: 101, width: 30 },
    ];
    const forward = layoutPointLabels(points);
    const backward = layoutPointLabels([...points].reverse()).reverse();
    expect(backward).toEqual(forward);
  });
});
