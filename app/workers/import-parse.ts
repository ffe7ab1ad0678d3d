/**
 * Reading an import file into validated rows, with no database: the part of
 * an import that costs CPU and memory. It runs in a worker thread
 * (import-parse.worker.ts), so one big file never holds up other requests.
 * A workbook is streamed (exceljs's WorkbookReader) and reading stops at the
 * row limit: a 540,000-row sheet is refused after its first 100,001 rows.
 */
import { Readable } from "node:stream";
import type ExcelJS from "exceljs";
import {
  MAX_IMPORT_ROWS,
  MAX_XLSX_UNPACKED_BYTES,
  csvTable,
  parseTable,
  sizeIssue,
  tooManyRowsIssue,
  zipUnpackedSize,
  type CellValue,
  type ImportIssue,
  type ParsedRow,
  type RawRow,
  type RawTable,
} from "../domain/measurement-import";

export type ParseJob = { fileName: string; bytes: Uint8Array; latestMonth: string; maxRows?: number };
/** The rows that passed, the problems, the data rows read, and the rows skipped for having no value. */
export type ParseOutcome = { rows: ParsedRow[]; issues: ImportIssue[]; rowCount: number; skipped: number };

function isXlsx(fileName: string, bytes: Uint8Array): boolean {
  // A zip's local-file-header magic: .xlsx is a zip, CSV never starts with "PK\3\4".
  return /\.xlsx$/i.test(fileName) || (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04);
}

/** An exceljs cell value as a plain CellValue (formulas give their result, rich text its text). */
function plainCell(v: ExcelJS.CellValue): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean" || v instanceof Date) return v;
  if (typeof v === "object") {
    if ("result" in v) return plainCell(v.result as ExcelJS.CellValue);
    if ("richText" in v) return v.richText.map((t) => t.text).join("");
    if ("text" in v) return String(v.text);
    if ("error" in v) return String(v.error);
  }
  return null;
}

/** The first worksheet, streamed row by row; stops once it has more than `maxRows` data rows. */
export async function xlsxTable(bytes: Uint8Array, maxRows = MAX_IMPORT_ROWS): Promise<{ table: RawTable } | { issue: ImportIssue }> {
  const unpacked = zipUnpackedSize(bytes);
  if (unpacked === null) return { issue: { row: null, column: null, code: "unreadable" } };
  if (unpacked > MAX_XLSX_UNPACKED_BYTES) return { issue: { row: null, column: null, code: "tooComplex" } };
  const rows: RawRow[] = [];
  try {
    // Loaded only for workbooks: a CSV import does not pay for it.
    const { default: Excel } = await import("exceljs");
    const reader = new Excel.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]), {
      worksheets: "emit",
      sharedStrings: "cache",
      styles: "cache",
      hyperlinks: "ignore",
      entries: "ignore",
    });
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const values = row.values as ExcelJS.CellValue[];
        // exceljs rows are 1-based: index 0 is always empty.
        const cells = Array.from(values.slice(1), (c) => plainCell(c) ?? null);
        if (!cells.some((c) => c !== null && String(c).trim() !== "")) continue;
        rows.push({ row: row.number, cells });
        // The header and maxRows data rows; one more means too many, whatever follows.
        if (rows.length > maxRows + 1) return { issue: tooManyRowsIssue(maxRows) };
      }
      break; // the first sheet only
    }
  } catch {
    return { issue: { row: null, column: null, code: "unreadable" } };
  }
  if (rows.length === 0) return { issue: { row: null, column: null, code: "empty" } };
  return { table: { dialect: "xlsx", rows } };
}

/** The raw table of an uploaded file, or the problem that stops it before any row is read. */
export async function readImportFile(fileName: string, bytes: Uint8Array, maxRows = MAX_IMPORT_ROWS): Promise<{ table: RawTable } | { issue: ImportIssue }> {
  const tooBig = sizeIssue(bytes.byteLength);
  if (tooBig) return { issue: tooBig };
  if (bytes.byteLength === 0) return { issue: { row: null, column: null, code: "empty" } };
  return isXlsx(fileName, bytes) ? await xlsxTable(bytes, maxRows) : csvTable(bytes, maxRows);
}

/** The file's rows checked on their own (no lookups): what the worker sends back. */
export async function parseImportFile(job: ParseJob): Promise<ParseOutcome> {
  const read = await readImportFile(job.fileName, job.bytes, job.maxRows);
  if ("issue" in read) return { rows: [], issues: [read.issue], rowCount: 0, skipped: 0 };
  const parsed = parseTable(read.table, { latestMonth: job.latestMonth, maxRows: job.maxRows });
  return { rows: parsed.rows, issues: parsed.issues, rowCount: Math.max(0, read.table.rows.length - 1), skipped: parsed.skipped };
}
