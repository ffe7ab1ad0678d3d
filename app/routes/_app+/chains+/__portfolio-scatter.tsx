import { CRITICALITIES, type Criticality } from "~/domain/factors";
import { labelKey } from "~/i18n/labels";
import type { ScatterPoint } from "~/domain/portfolio";
import type { ScoreBands } from "~/domain/score-bands";
import { useI18n } from "~/i18n/use-i18n";

const W = 760;
const H = 400;
const PLOT = { left: 64, right: 744, top: 20, bottom: 336 };
const BAND = (PLOT.right - PLOT.left) / CRITICALITIES.length;
const y = (score: number) => PLOT.bottom - (score / 100) * (PLOT.bottom - PLOT.top);
/** Coordinates to two decimals: finer than a pixel, without float noise in the markup. */
const round2 = (v: number) => Math.round(v * 100) / 100;

/**
 * A Kraljic-style view drawn as plain SVG (server-rendered, printable, no
 * JavaScript needed): relationship score up, service criticality across.
 * The critical-and-weak corner is shaded and labelled; points in it are
 * squares, the rest circles, so shape and the label carry the meaning along
 * with colour. Each point carries its rank in the attention list. The corner
 * is the model's lowest score band, and the circles take their band's colour,
 * as every score does (.sp-* in compare.css).
 */

export function PortfolioScatter({ points, bands }: { points: ScatterPoint[]; bands: ScoreBands }) {
  const { t, fixed, number } = useI18n();
  const cornerX = PLOT.left + 2 * BAND;
  const lowest = bands[0];
  // The corner reaches up to where the next band starts (50 by default), so 49.9 sits inside it.
  const cornerTop = bands[1]?.min ?? lowest.max;
  const criticalityName = Object.fromEntries(CRITICALITIES.map((c) => [c, t(labelKey("criticality", c))])) as Record<Criticality, string>;
  return (
    <svg viewBox={`0 0 ${W} ${H}`} className="portfolio-scatter" role="img" aria-labelledby="scatter-title scatter-desc" data-testid="portfolio-scatter">
      <title id="scatter-title">{t("portfolio.scatter.title")}</title>
      <desc id="scatter-desc">{t("portfolio.scatter.desc", { min: number(lowest.min, 1), max: number(lowest.max, 1) })}</desc>
      <rect
        x={cornerX}
        y={y(cornerTop)}
        width={PLOT.right - cornerX}
        height={PLOT.bottom - y(cornerTop)}
        fill="var(--mantine-color-red-0)"
        stroke="var(--mantine-color-red-8)"
        strokeDasharray="6 4"
        data-testid="critical-weak-corner"
      />
      <text x={PLOT.right - 8} y={PLOT.bottom - 10} textAnchor="end" fontSize={13} fontWeight={700} fill="var(--mantine-color-red-9)">
        {t("portfolio.criticalAndWeak")}
      </text>
      {[0, 25, 50, 75, 100].map((v) => (
        <g key={v}>
          <line x1={PLOT.left} x2={PLOT.right} y1={y(v)} y2={y(v)} stroke="var(--mantine-color-gray-3)" />
          <text x={PLOT.left - 8} y={y(v) + 4} textAnchor="end" fontSize={12} fill="var(--mantine-color-gray-8)">
            {v}
          </text>
        </g>
      ))}
      {CRITICALITIES.map((c, i) => (
        <g key={c}>
          {i > 0 ? <line x1={PLOT.left + i * BAND} x2={PLOT.left + i * BAND} y1={PLOT.top} y2={PLOT.bottom} stroke="var(--mantine-color-gray-3)" /> : null}
          <text x={PLOT.left + (i + 0.5) * BAND} y={PLOT.bottom + 20} textAnchor="middle" fontSize={12} fill="var(--mantine-color-gray-8)">
            {t(labelKey("criticality", c))}
          </text>
        </g>
      ))}
      <text x={(PLOT.left + PLOT.right) / 2} y={H - 16} textAnchor="middle" fontSize={13} fontWeight={600} fill="var(--mantine-color-gray-9)">
        {t("portfolio.scatter.x")} →
      </text>
      <text
        x={18}
        y={(PLOT.top + PLOT.bottom) / 2}
        textAnchor="middle"
        fontSize={13}
        fontWeight={600}
        fill="var(--mantine-color-gray-9)"
        transform={`rotate(-90 18 ${(PLOT.top + PLOT.bottom) / 2})`}
      >
        {t("portfolio.scatter.y")} →
      </text>
      {/* Up to hundreds of points: each is a translated group, its look in CSS classes (compare.css), so few attributes per point. */}
      {points.map((p) => {
        const cx = PLOT.left + (CRITICALITIES.indexOf(p.criticality) + p.offset) * BAND;
        const cy = y(p.score);
        const rank = p.rank;
        return (
          <g
            key={p.id}
            data-testid="scatter-point"
            data-critical-weak={p.criticalAndWeak ? "true" : "false"}
            data-band={p.band ?? undefined}
            transform={`translate(${round2(cx)} ${round2(cy)})`}
          >
            <title>{`${rank ? `${rank}. ` : ""}${p.name} (${p.serviceName}): ${fixed(p.score, 1)} · ${criticalityName[p.criticality]}`}</title>
            {p.criticalAndWeak ? (
              <rect x={-7} y={-7} width={14} height={14} className="sp-weak" />
            ) : (
              <circle r={7} className={`sp-dot sp-${p.band ?? "none"}`} />
            )}
            {rank ? (
              <text x={11} y={4} className="sp-rank">
                {rank}
              </text>
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}
