/**
 * Consequences of a score for the action plan: when a poor score
 * asks for a development action, and when an action is overdue. Pure: the
 * model layer gathers the figures, this decides.
 */
import { isCriticalAndWeak } from "./attention";
import type { ActionStatus, Criticality, FactorKey } from "./factors";
import type { ScoreBands } from "./score-bands";

/** Statuses of an action that is still to be done. */
export const OPEN_ACTION_STATUSES = ["planned", "in_progress"] as const satisfies readonly ActionStatus[];

export function isOpenAction(status: ActionStatus): boolean {
  return (OPEN_ACTION_STATUSES as readonly ActionStatus[]).includes(status);
}

/**
 * An open action whose due date ('YYYY-MM-DD') is before today ('YYYY-MM-DD',
 * the calendar day where the user is). Due today is not yet overdue; an
 * action without a due date never is.
 */
export function isOverdue(action: { status: ActionStatus; dueDate: string | null }, today: string): boolean {
  return isOpenAction(action.status) && action.dueDate !== null && action.dueDate < today;
}

/** The calendar day ('YYYY-MM-DD') of an instant in a time zone. */
const dayFormats = new Map<string, Intl.DateTimeFormat>();

export function calendarDay(asOf: Date, timeZone = "Europe/Helsinki"): string {
  // Building a formatter costs far more than using one: one per zone. en-CA formats dates as YYYY-MM-DD.
  let format = dayFormats.get(timeZone);
  if (!format) dayFormats.set(timeZone, (format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" })));
  return format.format(asOf);
}

export type ActionRequiredInput = {
  /** The latest score up to now with its weakest factor (largest improvement priority); null without a score. */
  latest: { period: string; score: number; weakestFactor: FactorKey | null } | null;
  criticality: Criticality;
  bands: ScoreBands;
  /** The relationship's development actions (any status). */
  actions: ReadonlyArray<{ factor: FactorKey | null; status: ActionStatus }>;
};

export type ActionRequired = { period: string; score: number; criticality: Criticality; factor: FactorKey };

/**
 * A poor score (lowest band) on a high or critical service asks for a
 * development action on its weakest factor, until an open (planned or in
 * progress) action for that factor exists. A done or cancelled action, or one
 * for another factor, does not answer it.
 */
export function actionRequired(input: ActionRequiredInput): ActionRequired | null {
  const { latest } = input;
  if (!latest || latest.weakestFactor === null) return null;
  if (!isCriticalAndWeak(input.criticality, latest.score, input.bands)) return null;
  const answered = input.actions.some((a) => a.factor === latest.weakestFactor && isOpenAction(a.status));
  if (answered) return null;
  return { period: latest.period, score: latest.score, criticality: input.criticality, factor: latest.weakestFactor };
}
