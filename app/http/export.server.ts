/**
 * Every file the portal hands out (the compare, portfolio and metrics
 * exports, the import template) is written here: a page's table as a grid,
 * the grid as CSV (with the formula guard) or as an .xlsx workbook, and the
 * download response with its content type. Nothing else writes CSV.
 */
import ExcelJS from "exceljs";
import type { Locale } from "../i18n/locale";

/**
 * A spreadsheet cell: text; a number as it is; a number with the decimals
 * the page shows; or empty. Text is never read as a formula.
 */
export type GridCell = string | number | { number: number; decimals: number } | null;
/** One table: a title (a sheet name, or a line above the table when a CSV holds several), a header and rows. */
export type Grid = { title: string; header: string[]; rows: GridCell[][] };

export const EXPORT_FORMATS = ["csv", "xlsx"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export type ExportFile = { body: Uint8Array<ArrayBuffer> | string; contentType: string; filename: string };

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/**
 * Text starting with = + - @, a tab or a carriage return is run as a formula
 * by spreadsheets (CSV injection): such text gets a leading '.
 */
export function neutraliseFormula(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

/** A number as a CSV field: a decimal comma for Finnish files, no grouping. */
function csvNumber(value: number, decimals: number | null, locale: Locale): string {
  const text = decimals === null ? String(value) : value.toFixed(decimals);
  return locale === "fi" ? text.replace(".", ",") : text;
}

/**
 * Grids as one CSV file: RFC 4180 quoting; Finnish files use ";" and a
 * decimal comma, as Finnish Excel expects; a BOM so Excel reads UTF-8.
 * Several grids are separated by a blank line, each under its title.
 */
export function gridToCsv(grids: readonly Grid[], locale: Locale): string {
  const sep = locale === "fi" ? ";" : ",";
  const quote = (s: string) => (/[";,\n\r]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const text = (s: string) => quote(neutraliseFormula(s));
  const cell = (c: GridCell): string => {
    if (c === null) return "";
    if (typeof c === "string") return text(c);
    if (typeof c === "number") return Number.isFinite(c) ? csvNumber(c, null, locale) : "";
    return csvNumber(c.number, c.decimals, locale);
  };
  const lines: string[] = [];
  grids.forEach((g, i) => {
    if (i > 0) lines.push("");
    if (grids.length > 1) lines.push(text(g.title));
    lines.push(g.header.map(text).join(sep));
    for (const row of g.rows) lines.push(row.map(cell).join(sep));
  });
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

/**
 * Grids as an .xlsx workbook: one sheet per grid, numbers as numbers (with
 * the page's decimals where given). Text goes in as text cells, which a
 * spreadsheet never runs as a formula.
 */
export async function gridsToXlsx(grids: readonly Grid[], meta: { creator: string; sheetNames?: string[] }): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = meta.creator;
  workbook.created = new Date();
  const used = new Set<string>();
  grids.forEach((grid, i) => {
    // Sheet names: at most 31 characters, none of : \ / ? * [ ], unique.
    let name =
      (meta.sheetNames?.[i] ?? grid.title)
        .replace(/[:\\/?*[\]]/g, " ")
        .slice(0, 31)
        .trim() || `Sheet ${i + 1}`;
    if (used.has(name.toLowerCase())) name = `${name.slice(0, 27)} (${i + 1})`;
    used.add(name.toLowerCase());
    const sheet = workbook.addWorksheet(name);
    const header = sheet.addRow(grid.header);
    header.font = { bold: true };
    for (const line of grid.rows) {
      const row = sheet.addRow(line.map((c) => (c === null ? null : typeof c === "object" ? c.number : c)));
      line.forEach((c, j) => {
        if (c !== null && typeof c === "object") row.getCell(j + 1).numFmt = c.decimals === 0 ? "0" : `0.${"0".repeat(c.decimals)}`;
      });
    }
    sheet.columns.forEach((col, j) => {
      col.width = j === 0 ? 34 : 16;
    });
    sheet.views = [{ state: "frozen", xSplit: 1, ySplit: 1 }];
  });
  const buffer = await workbook.xlsx.writeBuffer();
  const bytes = buffer as unknown as Uint8Array;
  return new Uint8Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
}

/** Grids as a file of the format: `filename` is without its extension. */
export async function exportFile(
  grids: readonly Grid[],
  format: ExportFormat,
  options: { locale: Locale; creator: string; filename: string; sheetNames?: string[] },
): Promise<ExportFile> {
  const filename = `${options.filename}.${format}`;
  if (format === "csv") return { body: gridToCsv(grids, options.locale), contentType: CONTENT_TYPES.csv, filename };
  return { body: await gridsToXlsx(grids, { creator: options.creator, sheetNames: options.sheetNames }), contentType: CONTENT_TYPES.xlsx, filename };
}

/** The `format` query parameter, or a 400 that says which formats there are. */
export function exportFormatOf(value: string | null): ExportFormat {
  const format = EXPORT_FORMATS.find((f) => f === value);
  if (!format)
    throw new Response(`Unknown export format: use ${EXPORT_FORMATS.join(" or ")}`, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return format;
}

/**
 * The download: an attachment (an ASCII file name, plus the exact one in
 * RFC 5987 form), never cached, since it holds the user's data.
 */
export function fileResponse(file: ExportFile): Response {
  const ascii = file.filename.replace(/[^A-Za-z0-9._-]+/g, "_");
  return new Response(file.body, {
    headers: {
      "Content-Type": file.contentType,
      "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
