import { describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { exportFile, exportFormatOf, fileResponse, gridToCsv, gridsToXlsx, type Grid } from "../../app/http/export.server";

/** Every cell of a CSV line, unquoted. */
function fields(line: string, sep: string): string[] {
  const out: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === sep) {
      out.push(field);
      field = "";
    } else field += c;
  }
  return [...out, field];
}

const DANGEROUS = ['=HYPERLINK("http://evil.example")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\r=1"];

describe("gridToCsv: the formula guard on every text cell", () => {
  const grid: Grid = { title: "=title", header: ["=name", "unit"], rows: DANGEROUS.map((d) => [d, d]) };
  for (const locale of ["fi", "en"] as const) {
    it(`${locale}: text starting with = + - @ tab or CR gets a leading '`, () => {
      const sep = locale === "fi" ? ";" : ",";
      const lines = gridToCsv([grid], locale)
        .replace(/^\uFEFF/, "")
        .split("\r\n");
      expect(fields(lines[0], sep)).toEqual(["'=name", "unit"]);
      const body = gridToCsv([grid], locale).replace(/^\uFEFF/, "");
      // Records may span lines (a quoted CR), so check every dangerous text as a whole.
      for (const d of DANGEROUS) {
        expect(body).toContain(`'${d}`.replace(/"/g, '""'));
      }
      for (const line of lines.slice(1).filter((l) => l !== "")) {
        for (const f of fields(line, sep)) expect(f).not.toMatch(/^[=+\-@\t\r]/);
      }
    });
  }

  it("leaves numbers as numbers (a negative value is not text)", () => {
    const csv = gridToCsv([{ title: "t", header: ["a", "b", "c"], rows: [[-5.5, { number: -1.25, decimals: 1 }, "x"]] }], "fi");
    expect(csv.replace(/^\uFEFF/, "").split("\r\n")[1]).toBe("-5,5;-1,3;x");
  });

  it("writes a title line per grid only when there are several", () => {
    const one = gridToCsv([{ title: "@t", header: ["h"], rows: [] }], "en");
    const two = gridToCsv(
      [
        { title: "@t", header: ["h"], rows: [] },
        { title: "u", header: ["h"], rows: [] },
      ],
      "en",
    );
    expect(one).not.toContain("@t");
    expect(two).toContain("'@t");
  });
});

describe("gridsToXlsx", () => {
  it("writes text as text cells (never formulas) and numbers as numbers", async () => {
    const bytes = await gridsToXlsx([{ title: "s", header: ["h1", "h2"], rows: [["=1+1", 2.5]] }], { creator: "t" });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes.buffer as ArrayBuffer);
    const row = workbook.worksheets[0].getRow(2);
    expect(row.getCell(1).type).toBe(ExcelJS.ValueType.String);
    expect(row.getCell(1).value).toBe("=1+1");
    expect(row.getCell(2).value).toBe(2.5);
  });
});

describe("the file response", () => {
  it("is an attachment with the content type, never cached, with a safe file name", async () => {
    const file = await exportFile([{ title: "t", header: ["h"], rows: [] }], "csv", { locale: "en", creator: "t", filename: 'mittarit; Q3 "ä"' });
    const res = fileResponse(file);
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("Cache-Control")).toBe("private, no-store");
    expect(res.headers.get("Content-Disposition")).toBe(
      `attachment; filename="mittarit_Q3_.csv"; filename*=UTF-8''${encodeURIComponent('mittarit; Q3 "ä".csv')}`,
    );
  });

  it("refuses an unknown format with a 400", () => {
    let thrown: unknown;
    try {
      exportFormatOf("pdf");
    } catch (e) {
      thrown = e;
    }
    expect((thrown as Response).status).toBe(400);
    expect(exportFormatOf("xlsx")).toBe("xlsx");
  });
});
