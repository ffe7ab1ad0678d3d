/**
 * The comparison as the screen and the exports show it: rows of labelled
 * cells, the radar's points and the spreadsheet grids. Built from
 * `compare.ts`'s evaluated columns; pure, no I/O.
 */
import { DIVERSITIES, FACTORS, LIFECYCLE_STAGES, MATURITIES, SIZE_CLASSES, type FactorKey } from "./factors";
import { isOneOf, labelKey } from "../i18n/labels";
import type { MessageKey } from "../i18n/messages";
import type { Grid, GridCell } from "../http/export.server";
import type { ScoreBandKey } from "./score-bands";
import { DECIMALS, GROUP_DIMENSIONS, gapTone, type CellTone, type Comparison, type GroupDimension, type PartnerColumn } from "./compare";

// ------------------------------------------------------------------ the table (screen and exports)

/** A label the caller translates: a message key with optional parameters. */
export type Label = { key: MessageKey; params?: Record<string, string | number> };

export type TableCell =
  | {
      kind: "figure";
      value: number | null;
      decimals: number;
      weightPercent?: number | null;
      importance?: number;
      delta?: number | null;
      tone?: CellTone;
      /** A relationship score: its band, which colours it as every score is coloured. */
      band?: ScoreBandKey | null;
      signed?: boolean;
    }
  | { kind: "label"; labels: Label[] };

export type TableRow = {
  /** factor rows use the factor key; others: score, score_gap, attention, size, maturity, diversity, criticality, stage. */
  key: string;
  kind: "factor" | "score" | "attention" | "context";
  label: Label;
  cells: TableCell[];
};

export type ComparisonTable = {
  partners: Array<{ id: number; name: string; serviceName: string; chainName: string; role: PartnerColumn["role"]; hasData: boolean }>;
  groups: Comparison["groups"];
  group: GroupDimension | null;
  rows: TableRow[];
  /** The scoring model version every figure comes from. */
  modelVersion: number;
};

export function groupLabel(dimension: GroupDimension, value: string): Label {
  if (dimension === "size") return { key: isOneOf(SIZE_CLASSES, value) ? labelKey("size", value) : "size.unknown" };
  if (dimension === "maturity" && isOneOf(MATURITIES, value)) return { key: labelKey("maturity", value) };
  if (dimension === "diversity" && isOneOf(DIVERSITIES, value)) return { key: labelKey("diversity", value) };
  if (dimension === "stage" && isOneOf(LIFECYCLE_STAGES, value)) return { key: labelKey("stage", value) };
  // Not reached: group values come from the typed columns (groupKeyOf).
  return { key: labelKey("compare.row", dimension) };
}

/** The matrix as rows of cells: what the page renders and what the exports write. */
export function comparisonTable(comparison: Comparison): ComparisonTable {
  const { columns, side } = comparison;
  const gap = side === "gap";
  const rows: TableRow[] = FACTORS.map((factor) => ({
    key: factor,
    kind: "factor",
    label: { key: labelKey("factor", factor) },
    cells: columns.map((c) => {
      const cell = c.cells.find((x) => x.factor === factor)!;
      return {
        kind: "figure",
        value: cell.value,
        decimals: gap ? DECIMALS.gap : DECIMALS.performance,
        weightPercent: cell.weightPercent,
        importance: cell.importance,
        delta: cell.delta,
        tone: cell.tone,
        signed: gap,
      };
    }),
  }));
  rows.push({
    key: "score",
    kind: "score",
    label: { key: gap ? "compare.row.scoreBoth" : "compare.row.score" },
    cells: columns.map((c) => ({ kind: "figure", value: c.score, decimals: DECIMALS.score, delta: c.scoreDelta, band: c.scoreBand })),
  });
  if (gap) {
    rows.push({
      key: "score_gap",
      kind: "score",
      label: { key: "compare.row.scoreGap" },
      cells: columns.map((c) => ({
        kind: "figure",
        value: c.scoreGap,
        decimals: DECIMALS.score,
        delta: c.scoreGapDelta,
        signed: true,
        tone: gapTone(c.scoreGap === null ? null : c.scoreGap / 25),
      })),
    });
  }
  rows.push({
    key: "attention",
    kind: "attention",
    label: { key: "compare.row.attention" },
    cells: columns.map((c) => ({ kind: "figure", value: c.attention, decimals: DECIMALS.attention })),
  });
  const context = (key: (typeof GROUP_DIMENSIONS)[number] | "criticality", labels: (c: PartnerColumn) => Label[]): TableRow => ({
    key,
    kind: "context",
    label: { key: labelKey("compare.row", key) },
    cells: columns.map((c) => ({ kind: "label", labels: labels(c) })),
  });
  rows.push(
    context("size", (c) => [groupLabel("size", c.sizeGroup), ...(c.startup ? [{ key: "startup" as const }] : [])]),
    context("maturity", (c) => [{ key: labelKey("maturity", c.maturity) }]),
    context("diversity", (c) => [{ key: labelKey("diversity", c.diversity) }]),
    context("criticality", (c) => [{ key: labelKey("criticality", c.criticality) }]),
    context("stage", (c) => [{ key: labelKey("stage", c.stage) }]),
  );
  return {
    partners: columns.map((c) => ({ id: c.id, name: c.name, serviceName: c.serviceName, chainName: c.chainName, role: c.role, hasData: c.hasData })),
    groups: comparison.groups,
    group: comparison.group,
    rows,
    modelVersion: comparison.modelVersion,
  };
}

// ------------------------------------------------------------------ radar

export type RadarPartner = { id: number; name: string; seriesKey: string; missing: FactorKey[] };
export type RadarData = {
  /** One point per factor: its label key and each drawn partner's value (null: no data, drawn as a break). */
  points: Array<{ factor: FactorKey; labelKey: MessageKey; values: Record<string, number | null> }>;
  /** Partners with at least one factor value, each with the factors it lacks. */
  drawn: RadarPartner[];
  /** Partners without any factor value in the quarter: nothing to draw. */
  empty: Array<{ id: number; name: string }>;
};

/**
 * The radar of a comparison table. A partner that lacks a factor is still
 * drawn: its outline breaks at that spoke (the value is null, never 0, which
 * would read as the worst score) and the caption names what is missing.
 */
export function radarData(table: ComparisonTable): RadarData {
  const factorRows = table.rows.filter((r) => r.kind === "factor");
  const valueOf = (row: TableRow, i: number) => {
    const cell = row.cells[i];
    return cell.kind === "figure" ? cell.value : null;
  };
  const drawn: RadarPartner[] = [];
  const empty: RadarData["empty"] = [];
  table.partners.forEach((p, i) => {
    const missing = factorRows.filter((row) => valueOf(row, i) === null).map((row) => row.key as FactorKey);
    if (missing.length === factorRows.length) empty.push({ id: p.id, name: p.name });
    else drawn.push({ id: p.id, name: p.name, seriesKey: `p${p.id}`, missing });
  });
  const index = new Map(table.partners.map((p, i) => [p.id, i]));
  const points = factorRows.map((row) => ({
    factor: row.key as FactorKey,
    labelKey: row.label.key,
    values: Object.fromEntries(drawn.map((p) => [p.seriesKey, valueOf(row, index.get(p.id)!)])),
  }));
  return { points, drawn, empty };
}

// ------------------------------------------------------------------ export grids

export type Translate = (key: string, params?: Record<string, string | number>) => string;

const num = (value: number | null | undefined, decimals: number): GridCell => (value === null || value === undefined ? null : { number: value, decimals });

/**
 * The comparison table flattened for a spreadsheet: one line per row of the
 * matrix, and for each partner its value, weight % and change. "No data" is
 * written as text, never as 0.
 */
export function comparisonGrid(table: ComparisonTable, t: Translate, meta: { title: string }): Grid {
  const header = [t("compare.export.row")];
  for (const p of table.partners) {
    const name = `${p.name} (${p.serviceName})`;
    header.push(name, `${name}: ${t("compare.export.weightPercent")}`, `${name}: ${t("compare.export.change")}`);
  }
  const noData = t("compare.noData");
  const rows: GridCell[][] = table.rows.map((row) => {
    const line: GridCell[] = [t(row.label.key, row.label.params)];
    for (const cell of row.cells) {
      if (cell.kind === "label") {
        line.push(cell.labels.map((l) => t(l.key, l.params)).join(", "), null, null);
      } else {
        line.push(
          cell.value === null ? noData : num(cell.value, cell.decimals),
          num(cell.weightPercent, DECIMALS.weightPercent),
          num(cell.delta, cell.decimals),
        );
      }
    }
    return line;
  });
  // Every score and weight depends on the model: the file names its version (a last row, so the figures' rows keep their places).
  rows.push([t("export.modelVersion"), ...table.partners.flatMap((): GridCell[] => [num(table.modelVersion, 0), null, null])]);
  return { title: meta.title, header, rows };
}
