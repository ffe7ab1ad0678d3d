import { ScatterChart } from "~/components/charts/lazy";
import { labelKey } from "~/i18n/labels";
import { Title } from "@mantine/core";
import { useI18n } from "~/i18n/use-i18n";
import type { RelationshipPage } from "~/models/relationship.server";

/** Each quadrant's series colour; its label sits in the plot corner the quadrant occupies (relationship.css, .rel-ipa-label). */
const QUADRANTS = [
  { key: "overkill", color: "yellow.6" },
  { key: "keep_up", color: "teal.7" },
  { key: "low_priority", color: "gray.6" },
  { key: "concentrate", color: "red.7" },
] as const;

type Point = { importance: number; performance: number; label: string };

/** Factors at the same spot share one dot and one label ("Trust, Knowledge"), so labels never sit on top of each other. */
function mergeCoincident(points: Point[]): Point[] {
  const merged: Point[] = [];
  for (const p of points) {
    const same = merged.find((m) => Math.abs(m.importance - p.importance) < 1e-9 && Math.abs(m.performance - p.performance) < 1e-9);
    if (same) same.label = `${same.label}, ${p.label}`;
    else merged.push({ ...p });
  }
  return merged;
}

/**
 * Importance (x, 1..3) against performance (y, 1..5) per scored factor, with
 * lines at the means that split the plot into the four IPA quadrants
 * (Martilla & James 1977), each quadrant labelled in its corner.
 */
export function IpaChart({ data }: { data: Pick<RelationshipPage, "ipa" | "period"> }) {
  const { t, fixed, quarter } = useI18n();
  const { ipa } = data;
  if (ipa.points.length === 0 || ipa.meanImportance === null || ipa.meanPerformance === null) {
    return (
      <section className="rel-section" aria-labelledby="ipa-heading">
        <Title order={2} size="h3" id="ipa-heading">
          {t("rel.ipa.title")}
        </Title>
        <p className="rel-p rel-sm rel-dim">{t("rel.ipa.empty")}</p>
      </section>
    );
  }
  const series = QUADRANTS.map((q) => ({
    name: t(labelKey("quadrant", q.key)),
    color: q.color,
    data: mergeCoincident(
      ipa.points
        .filter((p) => p.quadrant === q.key)
        .map((p) => ({ importance: p.importance, performance: p.performance, label: t(labelKey("factorShort", p.factor)) })),
    ),
  })).filter((s) => s.data.length > 0);
  const summary = series.map((s) => `${s.name}: ${s.data.map((d) => d.label).join(", ")}`).join("; ");
  return (
    <section className="rel-section" aria-labelledby="ipa-heading">
      <Title order={2} size="h3" id="ipa-heading">
        {t("rel.ipa.title")} {quarter(data.period)}
      </Title>
      <figure className="rel-p" data-testid="ipa-chart">
        {/* The drawing is for the eye; the caption and the factor matrix carry the same facts in text. */}
        <div className="rel-ipa" aria-hidden>
          <ScatterChart
            h={340}
            data={series as never}
            dataKey={{ x: "importance", y: "performance" }}
            labels={{ x: t("rel.ipa.x"), y: t("rel.ipa.y") }}
            xAxisLabel={t("rel.ipa.x")}
            yAxisLabel={t("rel.ipa.y")}
            xAxisProps={{ domain: [1, 3], ticks: [1, 1.5, 2, 2.5, 3], padding: { left: 16, right: 90 } }}
            yAxisProps={{ domain: [1, 5], ticks: [1, 2, 3, 4, 5], padding: { top: 24, bottom: 16 } }}
            valueFormatter={{ x: (v) => fixed(v, 2), y: (v) => fixed(v, 2) }}
            scatterChartProps={{ accessibilityLayer: false }}
            referenceLines={[
              {
                x: ipa.meanImportance,
                color: "gray.7",
                strokeDasharray: "6 4",
              },
              {
                y: ipa.meanPerformance,
                color: "gray.7",
                strokeDasharray: "6 4",
              },
            ]}
            pointLabelKey="label"
          />
          <div className="rel-ipa-legend">
            {QUADRANTS.map((q) => (
              <span key={q.key} className={`rel-ipa-label ${q.key}`}>
                {t(labelKey("quadrant", q.key))}
              </span>
            ))}
          </div>
        </div>
        <figcaption className="rel-xs rel-dim">
          {t("rel.ipa.note", { importance: fixed(ipa.meanImportance, 2), performance: fixed(ipa.meanPerformance, 2) })}{" "}
          <span className="visually-hidden">{summary}.</span>
        </figcaption>
      </figure>
    </section>
  );
}
