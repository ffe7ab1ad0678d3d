/**
 * KPI calculators: computes a figure from the form's
 * inputs with the pure functions of app/domain/kpi.ts and, when asked,
 * stores it as a derived measurement through recordMeasurements (the same
 * path as the recording form: access checks, history, audit).
 */
import { churn, clv, cpo, npsFromCounts, retention, roi, segmentEquity } from "../domain/kpi";
import type { KpiInput } from "../forms/kpi";
import { requireRelationshipAccess, forbidden } from "./access.server";
import { latestRecordableMonth, recordableRelationships, recordMeasurements, type RecordResult } from "./measurement.server";
import { metricIdsByKey } from "./metric.server";
import { calendarNow, type ActingUser } from "./user.server";
import { refused, type Result } from "./result";

import type { MessageKey } from "~/i18n/messages";

export type KpiFigure = {
  /** Catalogue key the figure is stored under; null when it is not storable. */
  metricKey: "nps" | "retention" | "churn" | "clv" | "roi" | "cost_per_order" | null;
  /** i18n key of the figure's name and of its formula text. */
  label: MessageKey;
  formula: MessageKey;
  /** Inputs named in the formula text, as numbers the page formats. */
  params: Record<string, number>;
  value: number | null;
  unit: "points" | "percent" | "eur";
};

export type KpiCalculation = Result<{ figures: KpiFigure[] }>;

/** Stored values: two decimals are plenty and keep 33.333… out of the database. */
const stored = (v: number) => Math.round(v * 100) / 100;

/** The figures of one calculator; a RangeError of the domain becomes an error on the field at fault. */
export function calculateKpi(input: KpiInput): KpiCalculation {
  try {
    switch (input.calculator) {
      case "nps": {
        const { promoters, passives, detractors } = input;
        const value = npsFromCounts(promoters, passives, detractors);
        return {
          ok: true,
          figures: [
            {
              metricKey: "nps",
              label: "kpi.nps.result",
              formula: "kpi.nps.formula",
              params: { promoters, passives, detractors, answers: promoters + passives + detractors },
              value,
              unit: "points",
            },
          ],
        };
      }
      case "retention": {
        const { kept, atStart } = input;
        const r = retention(kept, atStart);
        const c = churn(kept, atStart);
        return {
          ok: true,
          figures: [
            {
              metricKey: "retention",
              label: "kpi.retention.result",
              formula: "kpi.retention.formula",
              params: { kept, atStart },
              value: r === null ? null : r * 100,
              unit: "percent",
            },
            {
              metricKey: "churn",
              label: "kpi.churn.result",
              formula: "kpi.churn.formula",
              params: { lost: atStart - kept, atStart },
              value: c === null ? null : c * 100,
              unit: "percent",
            },
          ],
        };
      }
      case "clv":
      case "equity": {
        const clvInput = {
          margin: input.margin,
          retention: input.retention / 100,
          discountRate: input.discountRate / 100,
          acquisitionCost: input.acquisitionCost ?? 0,
        };
        const params = { margin: input.margin, retention: input.retention, discountRate: input.discountRate, acquisitionCost: clvInput.acquisitionCost };
        const one = clv(clvInput);
        const clvFigure: KpiFigure = { metricKey: "clv", label: "kpi.clv.result", formula: "kpi.clv.formula", params, value: one, unit: "eur" };
        if (input.calculator === "clv") return { ok: true, figures: [clvFigure] };
        const equity = segmentEquity(input.customers, clvInput);
        return {
          ok: true,
          figures: [
            { ...clvFigure, metricKey: null },
            {
              metricKey: null,
              label: "kpi.equity.result",
              formula: "kpi.equity.formula",
              params: { customers: input.customers, clv: one },
              value: equity,
              unit: "eur",
            },
          ],
        };
      }
      case "roi": {
        const value = roi(input.returnEur, input.investment);
        return {
          ok: true,
          figures: [
            {
              metricKey: "roi",
              label: "kpi.roi.result",
              formula: "kpi.roi.formula",
              params: { returnEur: input.returnEur, investment: input.investment },
              value: value === null ? null : value * 100,
              unit: "percent",
            },
          ],
        };
      }
      case "cpo": {
        const value = cpo(input.cost, input.orders);
        return {
          ok: true,
          figures: [
            {
              metricKey: "cost_per_order",
              label: "kpi.cpo.result",
              formula: "kpi.cpo.formula",
              params: { cost: input.cost, orders: input.orders },
              value,
              unit: "eur",
            },
          ],
        };
      }
    }
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    // The only RangeErrors the validated form can still reach: a CLV series that does not converge.
    return refused("retention", "kpi.error.clvDiverges");
  }
}

/** Relationships the user may store results for, and the latest month allowed. */
export async function kpiStoreTargets(user: ActingUser) {
  return {
    relationships: (await recordableRelationships(user)).map((r) => ({ id: r.id, label: `${r.providerName} → ${r.customerName} · ${r.serviceName}` })),
    latestMonth: latestRecordableMonth(calendarNow(user)),
  };
}

/**
 * Stores the storable figures for one relationship and month as measurements
 * of the catalogue metrics named by their keys. A foreign relationship is a
 * 404, a relationship the user may read but not write for a 403.
 */
export async function storeKpiFigures(
  user: ActingUser,
  relationshipId: number,
  month: string,
  figures: readonly KpiFigure[],
  options: { ip?: string | null; asOf?: Date } = {},
): Promise<RecordResult> {
  const access = await requireRelationshipAccess(user, relationshipId);
  if (!access.canWrite || access.organisationId === null) forbidden("Only a party to the relationship records its measurements");
  const ids = await metricIdsByKey(access.organisationId);
  const storable = figures.filter((f) => f.metricKey !== null && f.value !== null);
  if (storable.length === 0) return refused("intent", "kpi.error.nothingToStore");
  const cells = [];
  for (const f of storable) {
    const metricId = ids.get(f.metricKey!);
    if (metricId === undefined) return refused("intent", "kpi.error.noMetric");
    cells.push({ metricId, month, value: stored(f.value!), field: "month" });
  }
  return recordMeasurements(user, relationshipId, cells, options);
}
