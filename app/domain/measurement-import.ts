/**
 * Measurement files (CSV and Excel) to validated rows, with no I/O: the
 * model reads the upload and the workbook, looks up metric keys and the
 * importer's relationships, and passes them in.
 *
 * Accepted: a header row naming the columns (English or Finnish), then one
 * value per row. CSV in the international dialect (`,` separator, `.`
 * decimal) or the Finnish Excel one (`;` separator, `,` decimal), UTF-8 with
 * or without a BOM. Months as `2026-03`, `3/2026`, `3.2026`, a full date, or
 * an Excel date cell. Every problem names its row (as a spreadsheet numbers
 * it: the header is row 1) and, where it can, the column.
 */
import { normaliseBusinessId } from "./business-id";
import { EARLIEST_MEASUREMENT_MONTH, monthProblem } from "./measurement-rules";
import { parseMonthLoose } from "./period";
import { isRecordId } from "./record-id";

/** Upload limits: a clear message beats a stalled server. */
// Below the server's 10 MB multipart body limit (app/http/body-policy.ts), so the page can say why.
export const MAX_IMPORT_BYTES = 8 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 100_000;
/** Months before this are refused as typos (`1026-03`): the same range as every other path. */
export const EARLIEST_MONTH = EARLIEST_MEASUREMENT_MONTH;

export type ImportColumn = "metric" | "relationship" | "provider_business_id" | "customer_business_id" | "month" | "value";
export const IMPORT_COLUMNS: readonly ImportColumn[] = ["metric", "relationship", "provider_business_id", "customer_business_id", "month", "value"];

/** Header spellings people use, normalised (lower case, runs of space/-/. as `_`). */
const HEADER_ALIASES: Readonly<Record<ImportColumn, readonly string[]>> = {
  metric: ["metric", "metric_key", "key", "mittari", "mittarin_avain", "mittari_avain", "avain"],
  relationship: ["relationship", "relationship_id", "suhde", "suhde_id", "suhteen_tunniste", "asiakkuus", "asiakkuus_id"],
  provider_business_id: [
    "provider_business_id",
    "provider",
    "provider_y_tunnus",
    "toimittaja",
    "toimittajan_y_tunnus",
    "toimittaja_y_tunnus",
    "palveluntarjoajan_y_tunnus",
  ],
  customer_business_id: ["customer_business_id", "customer", "customer_y_tunnus", "asiakas", "asiakkaan_y_tunnus", "asiakas_y_tunnus"],
  month: ["month", "period", "kuukausi", "kk", "kausi"],
  value: ["value", "arvo"],
};

export type ImportErrorCode =
  | "tooLarge"
  | "tooManyRows"
  | "empty"
  | "encoding"
  | "delimiter"
  | "missingColumns"
  | "duplicateColumn"
  | "unclosedQuote"
  | "columnCount"
  | "required"
  | "unknownMetric"
  | "relationshipFormat"
  | "businessId"
  | "unknownRelationship"
  | "ambiguousRelationship"
  | "month"
  | "monthRange"
  | "value"
  | "belowMin"
  | "aboveMax"
  | "duplicate"
  | "otherParty"
  | "unreadable"
  | "tooComplex"
  | "noValues";

/** One problem; `row` null is about the whole file. Messages are i18n keys `import.error.<code>`. */
export type ImportIssue = {
  row: number | null;
  column: ImportColumn | null;
  code: ImportErrorCode;
  params?: Record<string, string | number>;
};

/** A raw cell: text from CSV; text, number or date from a workbook. */
export type CellValue = string | number | Date | boolean | null;
export type Dialect = "comma" | "semicolon" | "xlsx";
export type RawRow = { row: number; cells: CellValue[] };
export type RawTable = { dialect: Dialect; rows: RawRow[] };

export type ParsedRow = {
  row: number;
  metricKey: string;
  relationshipId: number | null;
  providerBusinessId: string | null;
  customerBusinessId: string | null;
  month: string;
  value: number;
};

export type ResolvedRow = { row: number; metricId: number; relationshipId: number; month: string; value: number };

// ------------------------------------------------------------------ bytes to text

export function sizeIssue(byteLength: number, limit = MAX_IMPORT_BYTES): ImportIssue | null {
  return byteLength > limit ? { row: null, column: null, code: "tooLarge", params: { limitMb: Math.round(limit / (1024 * 1024)) } } : null;
}

/** UTF-8 (BOM or not) to text; anything that is not valid UTF-8 is refused rather than garbled. */
export function decodeUtf8(bytes: Uint8Array): { text: string } | { issue: ImportIssue } {
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
    return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  } catch {
    return { issue: { row: null, column: null, code: "encoding" } };
  }
}

// -------------------------------------------------------------------------- CSV

/** Counts a character outside double quotes in one line. */
function countOutsideQuotes(line: string, ch: string): number {
  let n = 0;
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (c === ch && !quoted) n += 1;
  }
  return n;
}

/** `;` when the header has at least as many semicolons as commas (Finnish Excel), `,` otherwise. */
export function detectDialect(text: string): "comma" | "semicolon" | null {
  const header = text.split(/\r\n|\n|\r/).find((l) => l.trim() !== "") ?? "";
  const semicolons = countOutsideQuotes(header, ";");
  const commas = countOutsideQuotes(header, ",");
  if (semicolons === 0 && commas === 0) return null;
  return semicolons >= commas ? "semicolon" : "comma";
}

/**
 * RFC 4180 records with the line each one starts on (quoted fields may
 * span lines, `""` is a quote). Blank lines are skipped.
 */
export function parseCsvRecords(text: string, delimiter: "," | ";", maxRecords = Infinity): { rows: RawRow[]; issue: ImportIssue | null } {
  const rows: RawRow[] = [];
  let field = "";
  let cells: string[] = [];
  let quoted = false;
  let line = 1;
  let startLine = 1;
  let fieldWasQuoted = false;
  const endRecord = () => {
    cells.push(fieldWasQuoted ? field : field.trim());
    if (cells.some((c) => c !== "")) rows.push({ row: startLine, cells });
    cells = [];
    field = "";
    fieldWasQuoted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === "\n" || (c === "\r" && text[i + 1] !== "\n")) line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && field.trim() === "") {
      quoted = true;
      fieldWasQuoted = true;
      field = "";
    } else if (c === delimiter) {
      cells.push(fieldWasQuoted ? field : field.trim());
      field = "";
      fieldWasQuoted = false;
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      endRecord();
      if (rows.length >= maxRecords) return { rows, issue: null };
      line++;
      startLine = line;
    } else {
      field += c;
    }
  }
  if (quoted) return { rows, issue: { row: startLine, column: null, code: "unclosedQuote" } };
  endRecord();
  return { rows, issue: null };
}

export function tooManyRowsIssue(limit = MAX_IMPORT_ROWS): ImportIssue {
  return { row: null, column: null, code: "tooManyRows", params: { limit } };
}

/** CSV bytes to a raw table, or the file-level problem that stops it (reading stops past the row limit). */
export function csvTable(bytes: Uint8Array, maxRows = MAX_IMPORT_ROWS): { table: RawTable } | { issue: ImportIssue } {
  const tooBig = sizeIssue(bytes.byteLength);
  if (tooBig) return { issue: tooBig };
  const decoded = decodeUtf8(bytes);
  if ("issue" in decoded) return decoded;
  if (decoded.text.trim() === "") return { issue: { row: null, column: null, code: "empty" } };
  const dialect = detectDialect(decoded.text);
  if (!dialect) return { issue: { row: 1, column: null, code: "delimiter" } };
  // The header and maxRows data rows; one more record means too many.
  const { rows, issue } = parseCsvRecords(decoded.text, dialect === "semicolon" ? ";" : ",", maxRows + 2);
  if (rows.length > maxRows + 1) return { issue: tooManyRowsIssue(maxRows) };
  if (issue) return { issue };
  return { table: { dialect, rows } };
}

// ------------------------------------------------------------------ workbooks

/** What a workbook may unpack to: a 100,000-row sheet is some 15 MB of XML; more is a zip bomb or not a measurement file. */
export const MAX_XLSX_UNPACKED_BYTES = 120 * 1024 * 1024;

/**
 * The sum of the uncompressed sizes a zip's central directory declares, or
 * null when the bytes hold no readable central directory (not a zip).
 */
export function zipUnpackedSize(bytes: Uint8Array): number | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-central-directory record: at least 22 bytes, followed by a comment of at most 65,535.
  const earliest = Math.max(0, bytes.byteLength - 22 - 0xffff);
  let end = -1;
  for (let i = bytes.byteLength - 22; i >= earliest; i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const entries = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > bytes.byteLength || view.getUint32(at, true) !== 0x02014b50) return null;
    const size = view.getUint32(at + 24, true);
    // 0xFFFFFFFF: a ZIP64 size, i.e. more than 4 GB.
    total += size === 0xffffffff ? Number.MAX_SAFE_INTEGER / 2 : size;
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return total;
}

// ------------------------------------------------------------------- cell values

function normaliseHeader(s: string): string {
  return s
    .replace(/^\uFEFF/, "")
    .trim()
    .toLowerCase()
    .replace(/[\s\-.]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

function cellText(v: CellValue): string {
  if (v === null) return "";
  if (v instanceof Date) return v.toISOString();
  return String(v).trim();
}

/**
 * A number as typed: `95.5` in comma files; `95,5` or `95.5` in Finnish
 * files and workbooks; spaces (also no-break) as thousands separators; the
 * Unicode minus sign. Null when it is not a plain finite number.
 */
export function parseDecimal(v: CellValue, dialect: Dialect): number | null {
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v !== "string") return null;
  let s = v
    .trim()
    .replace(/[\s\u00a0\u202f]/g, "")
    .replace(/\u2212/g, "-");
  if (dialect !== "comma") {
    if ((s.match(/,/g) ?? []).length > 1 || (s.includes(",") && s.includes("."))) return null;
    s = s.replace(",", ".");
  }
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

function monthOfDate(d: Date): string | null {
  if (Number.isNaN(d.getTime())) return null;
  return `${String(d.getUTCFullYear()).padStart(4, "0")}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
}

/**
 * A month cell: `2026-03`, `3/2026`, `3.2026`, `2026-03-01`, `1.3.2026`, a
 * date cell, or an Excel date serial (a date cell that lost its format).
 */
export function parseMonthCell(v: CellValue): string | null {
  if (v instanceof Date) return monthOfDate(v);
  if (typeof v === "number") {
    // Serials 1..2958465 are 1900-01-01..9999-12-31; anything else is not a date.
    if (!Number.isInteger(Math.floor(v)) || v < 1 || v > 2958465) return null;
    return monthOfDate(new Date(EXCEL_EPOCH_MS + Math.floor(v) * 86_400_000));
  }
  if (typeof v !== "string") return null;
  const s = v.trim();
  const loose = parseMonthLoose(s);
  if (loose) return loose;
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(T.*)?$/.exec(s);
  if (m) return parseMonthLoose(`${m[1]}-${m[2]}`);
  m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s);
  if (m && Number(m[1]) >= 1 && Number(m[1]) <= 31) return parseMonthLoose(`${m[2]}/${m[3]}`);
  return null;
}

// -------------------------------------------------------------- table to rows

type ColumnIndex = Partial<Record<ImportColumn, number>>;

function mapHeader(header: RawRow): { index: ColumnIndex } | { issue: ImportIssue } {
  const index: ColumnIndex = {};
  for (let i = 0; i < header.cells.length; i++) {
    const name = normaliseHeader(cellText(header.cells[i]));
    if (!name) continue;
    const column = IMPORT_COLUMNS.find((c) => HEADER_ALIASES[c].includes(name));
    if (!column) continue;
    if (index[column] !== undefined) return { issue: { row: header.row, column, code: "duplicateColumn" } };
    index[column] = i;
  }
  const missing: ImportColumn[] = (["metric", "month", "value"] as const).filter((c) => index[c] === undefined);
  const hasRelationship = index.relationship !== undefined || (index.provider_business_id !== undefined && index.customer_business_id !== undefined);
  if (!hasRelationship) missing.push("relationship");
  if (missing.length > 0) {
    // One unnamed column usually means the separator is neither `,` nor `;`.
    const code = header.cells.length <= 1 ? "delimiter" : "missingColumns";
    return { issue: { row: header.row, column: null, code, params: { columns: missing.join(", ") } } };
  }
  return { index };
}

/**
 * Validates each data row's cells on their own (no lookups yet). A row whose
 * only gap is its value is skipped, not refused: a blank value records
 * nothing, as in the grid, so a template's unfilled lines do no harm.
 */
export function parseTable(table: RawTable, options: { latestMonth: string; maxRows?: number }): { rows: ParsedRow[]; issues: ImportIssue[]; skipped: number } {
  const [header, ...data] = table.rows;
  if (!header) return { rows: [], issues: [{ row: null, column: null, code: "empty" }], skipped: 0 };
  const mapped = mapHeader(header);
  if ("issue" in mapped) return { rows: [], issues: [mapped.issue], skipped: 0 };
  if (data.length === 0) return { rows: [], issues: [{ row: null, column: null, code: "empty" }], skipped: 0 };
  const maxRows = options.maxRows ?? MAX_IMPORT_ROWS;
  if (data.length > maxRows) return { rows: [], issues: [tooManyRowsIssue(maxRows)], skipped: 0 };
  const { index } = mapped;
  const width = header.cells.length;
  const rows: ParsedRow[] = [];
  const issues: ImportIssue[] = [];
  let skipped = 0;

  for (const raw of data) {
    // Extra empty trailing cells are harmless; extra values mean the wrong separator or decimal mark.
    const extra = raw.cells.slice(width).some((c) => cellText(c) !== "");
    if (table.dialect !== "xlsx" && extra) {
      issues.push({ row: raw.row, column: null, code: "columnCount", params: { expected: width, actual: raw.cells.length } });
      continue;
    }
    const cell = (c: ImportColumn): CellValue => (index[c] === undefined ? null : (raw.cells[index[c]!] ?? null));
    const rowIssues: ImportIssue[] = [];
    const problem = (column: ImportColumn, code: ImportErrorCode, value?: CellValue) =>
      rowIssues.push({ row: raw.row, column, code, params: value === undefined ? undefined : { value: cellText(value).slice(0, 40) } });

    const metricKey = cellText(cell("metric"));
    if (!metricKey) problem("metric", "required");

    let relationshipId: number | null = null;
    let providerBusinessId: string | null = null;
    let customerBusinessId: string | null = null;
    const relCell = cell("relationship");
    if (cellText(relCell) !== "") {
      const text = cellText(relCell);
      // An id beyond any row (above MAX_RECORD_ID) is refused here, as on both engines it names no relationship.
      if (/^\d{1,10}$/.test(text) && isRecordId(Number(text))) relationshipId = Number(text);
      else problem("relationship", "relationshipFormat", relCell);
    } else if (index.provider_business_id !== undefined && index.customer_business_id !== undefined) {
      for (const [column, set] of [
        ["provider_business_id", (v: string) => (providerBusinessId = v)],
        ["customer_business_id", (v: string) => (customerBusinessId = v)],
      ] as const) {
        const v = cell(column);
        if (cellText(v) === "") problem(column, "required");
        else {
          const id = normaliseBusinessId(cellText(v));
          if (id) set(id);
          else problem(column, "businessId", v);
        }
      }
    } else {
      problem("relationship", "required");
    }

    const monthCell = cell("month");
    const month = cellText(monthCell) === "" ? null : parseMonthCell(monthCell);
    if (cellText(monthCell) === "") problem("month", "required");
    else if (!month) problem("month", "month", monthCell);
    else if (monthProblem(month, options.latestMonth)) {
      rowIssues.push({ row: raw.row, column: "month", code: "monthRange", params: { value: month, from: EARLIEST_MONTH, to: options.latestMonth } });
    }

    const valueCell = cell("value");
    const value = cellText(valueCell) === "" ? null : parseDecimal(valueCell, table.dialect);
    if (cellText(valueCell) === "") problem("value", "required");
    else if (value === null) problem("value", "value", valueCell);

    if (rowIssues.length === 1 && rowIssues[0].column === "value" && rowIssues[0].code === "required") skipped += 1;
    else if (rowIssues.length > 0) issues.push(...rowIssues);
    else rows.push({ row: raw.row, metricKey, relationshipId, providerBusinessId, customerBusinessId, month: month!, value: value! });
  }
  if (rows.length === 0 && issues.length === 0) issues.push({ row: null, column: null, code: "noValues" });
  return { rows, issues, skipped };
}

// ------------------------------------------------------------------- lookups

export type ImportContext = {
  /** Metric keys the importer may record (the catalogue and its own), to ids. */
  metricIdByKey: ReadonlyMap<string, number>;
  /** The importer's own relationships (it is a party): id to parties' business IDs. */
  relationships: ReadonlyMap<number, { providerBusinessId: string | null; customerBusinessId: string | null }>;
};

/**
 * Resolves keys and relationships against what the importer may write, and
 * refuses a second row for the same metric × relationship × month. A
 * relationship the importer is not party to reads as unknown, so a file
 * cannot probe for other organisations' relationships.
 */
export function resolveRows(rows: readonly ParsedRow[], context: ImportContext): { rows: ResolvedRow[]; issues: ImportIssue[] } {
  const byBusinessIds = new Map<string, number[]>();
  for (const [id, r] of context.relationships) {
    if (!r.providerBusinessId || !r.customerBusinessId) continue;
    const key = `${r.providerBusinessId}|${r.customerBusinessId}`;
    byBusinessIds.set(key, [...(byBusinessIds.get(key) ?? []), id]);
  }
  const seen = new Map<string, number>();
  const out: ResolvedRow[] = [];
  const issues: ImportIssue[] = [];
  for (const r of rows) {
    const rowIssues: ImportIssue[] = [];
    const metricId = context.metricIdByKey.get(r.metricKey) ?? context.metricIdByKey.get(r.metricKey.toLowerCase());
    if (metricId === undefined) rowIssues.push({ row: r.row, column: "metric", code: "unknownMetric", params: { value: r.metricKey.slice(0, 40) } });
    let relationshipId: number | null = null;
    if (r.relationshipId !== null) {
      if (context.relationships.has(r.relationshipId)) relationshipId = r.relationshipId;
      else rowIssues.push({ row: r.row, column: "relationship", code: "unknownRelationship", params: { value: String(r.relationshipId) } });
    } else {
      const matches = byBusinessIds.get(`${r.providerBusinessId}|${r.customerBusinessId}`) ?? [];
      const value = `${r.providerBusinessId} → ${r.customerBusinessId}`;
      if (matches.length === 1) relationshipId = matches[0];
      else
        rowIssues.push({
          row: r.row,
          column: "provider_business_id",
          code: matches.length === 0 ? "unknownRelationship" : "ambiguousRelationship",
          params: { value },
        });
    }
    if (rowIssues.length > 0) {
      issues.push(...rowIssues);
      continue;
    }
    const key = `${metricId}|${relationshipId}|${r.month}`;
    const first = seen.get(key);
    if (first !== undefined) {
      issues.push({ row: r.row, column: "month", code: "duplicate", params: { firstRow: first, value: r.month } });
      continue;
    }
    seen.set(key, r.row);
    out.push({ row: r.row, metricId: metricId!, relationshipId: relationshipId!, month: r.month, value: r.value });
  }
  return { rows: out, issues };
}

/** Issues in file order: file-level first, then by row, then by column order. */
export function sortIssues(issues: readonly ImportIssue[]): ImportIssue[] {
  const col = (c: ImportColumn | null) => (c === null ? -1 : IMPORT_COLUMNS.indexOf(c));
  return [...issues].sort((a, b) => (a.row ?? 0) - (b.row ?? 0) || col(a.column) - col(b.column));
}
