import { z } from "zod";
import { parseDecimal } from "~/domain/measurement-import";
import { MAX_RECORD_ID } from "~/domain/record-id";

/**
 * The grid posts every cell as `cell:<metricId>:<YYYY-MM>`. A blank cell
 * records nothing (it does not delete a stored value); any other text must
 * be a number, with `.` or `,` as the decimal mark. A field named like a
 * cell but naming no metric (`cell:0:…`) or no month is an error on that
 * field, never a crash; the month range is checked where every path checks
 * it (app/domain/measurement-rules.ts).
 */
const CELL_NAME = /^cell:([^:]*):(.*)$/;
const METRIC_ID = /^[1-9]\d{0,8}$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export const metricGridCellSchema = z.object({
  metricId: z.number().int().positive().max(MAX_RECORD_ID),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
  value: z.number().finite(),
  field: z.string(),
});

export type GridParse = {
  cells: Array<z.infer<typeof metricGridCellSchema>>;
  /** Field name to i18n message key. */
  errors: Record<string, string>;
  /** What was typed, to show it again next to its error. */
  typed: Record<string, string>;
};

export function parseGridForm(formData: FormData): GridParse {
  const out: GridParse = { cells: [], errors: {}, typed: {} };
  for (const [name, raw] of formData) {
    const m = CELL_NAME.exec(name);
    if (!m || typeof raw !== "string") continue;
    const text = raw.trim();
    if (!METRIC_ID.test(m[1]) || !MONTH.test(m[2])) {
      // Only a hand-made form gets here: name the field, keep nothing of it.
      out.errors[name.slice(0, 60)] = METRIC_ID.test(m[1]) ? "metrics.error.month" : "metrics.error.metric";
      continue;
    }
    out.typed[name] = raw.slice(0, 40);
    if (text === "") continue;
    const value = text.length > 40 ? null : parseDecimal(text, "xlsx");
    if (value === null) {
      out.errors[name] = "metrics.error.value";
      continue;
    }
    out.cells.push(metricGridCellSchema.parse({ metricId: Number(m[1]), month: m[2], value, field: name }));
  }
  return out;
}
