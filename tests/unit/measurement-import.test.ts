import { describe, expect, it } from "vitest";
import {
  MAX_IMPORT_BYTES,
  csvTable,
  detectDialect,
  parseCsvRecords,
  parseDecimal,
  parseMonthCell,
  parseTable,
  resolveRows,
  sortIssues,
  type CellValue,
  type Dialect,
  type ImportContext,
  type ImportIssue,
  type RawTable,
} from "../../app/domain/measurement-import";

const enc = (s: string) => new TextEncoder().encode(s);
const BOM = "\uFEFF";
const LATEST = "2026-10";

/** CSV text straight to parsed rows and issues. */
function parse(text: string | Uint8Array, latestMonth = LATEST) {
  const result = csvTable(typeof text === "string" ? enc(text) : text);
  if ("issue" in result) return { rows: [], issues: [result.issue], dialect: null };
  return { ...parseTable(result.table, { latestMonth }), dialect: result.table.dialect };
}

const context: ImportContext = {
  metricIdByKey: new Map([
    ["on_time_delivery", 1],
    ["nps", 5],
  ]),
  relationships: new Map([
    [10, { providerBusinessId: "2096417-3", customerBusinessId: "2734519-9" }],
    [11, { providerBusinessId: "0000001-9", customerBusinessId: "2734519-9" }],
  ]),
};

describe("detectDialect", () => {
  it.each<[string, "comma" | "semicolon" | null]>([
    ["metric,relationship,month,value\n", "comma"],
    ["mittari;suhde;kuukausi;arvo\r\n", "semicolon"],
    ["\n\nmetric;relationship;month;value", "semicolon"],
    ['"a,b";c;d\n', "semicolon"],
    ["metric\trelationship\tmonth\tvalue\n", null],
    ["metric|relationship|month|value\n", null],
  ])("%j -> %s", (text, expected) => expect(detectDialect(text)).toBe(expected));
});

describe("parseCsvRecords", () => {
  it("keeps the line each record starts on, across quoted newlines and blank lines", () => {
    const { rows, issue } = parseCsvRecords('a,b\n\n"x\ny",2\r\n"say ""hi""",3\n', ",");
    expect(issue).toBeNull();
    expect(rows).toEqual([
      { row: 1, cells: ["a", "b"] },
      { row: 3, cells: ["x\ny", "2"] },
      { row: 5, cells: ['say "hi"', "3"] },
    ]);
  });

  it("reports an unclosed quote with its starting row", () => {
    expect(parseCsvRecords('a;b\n"open;1\n2;3\n', ";").issue).toEqual({ row: 2, column: null, code: "unclosedQuote" });
  });
});

describe("parseDecimal", () => {
  it.each<[CellValue, Dialect, number | null]>([
    ["95.5", "comma", 95.5],
    ["95,5", "comma", null],
    ["95,5", "semicolon", 95.5],
    ["95.5", "semicolon", 95.5],
    ["1 234,5", "semicolon", 1234.5],
    ["1\u00a0234,5", "semicolon", 1234.5],
    ["\u22123,25", "semicolon", -3.25],
    ["-12", "comma", -12],
    ["1,234,5", "semicolon", null],
    ["1.234,5", "semicolon", null],
    ["95 %", "comma", null],
    ["abc", "semicolon", null],
    ["", "comma", null],
    [42.25, "xlsx", 42.25],
    ["42,25", "xlsx", 42.25],
    [true, "xlsx", null],
  ])("%j (%s) -> %s", (v, d, expected) => expect(parseDecimal(v, d)).toBe(expected));
});

describe("parseMonthCell", () => {
  it.each<[CellValue, string | null]>([
    ["2026-03", "2026-03"],
    ["2026-3", "2026-03"],
    ["3/2026", "2026-03"],
    ["03/2026", "2026-03"],
    ["3.2026", "2026-03"],
    ["2026-03-01", "2026-03"],
    ["15.3.2026", "2026-03"],
    ["13/2026", null],
    ["2026-13", null],
    ["March 2026", null],
    // Excel date cells arrive as UTC-midnight dates; serials when the format was lost.
    [new Date(Date.UTC(2026, 2, 1)), "2026-03"],
    [new Date(Date.UTC(2025, 11, 31)), "2025-12"],
    [46082, "2026-03"],
    [0, null],
    [true, null],
  ])("%j -> %s", (v, expected) => expect(parseMonthCell(v)).toBe(expected));
});

describe("CSV files in both dialects", () => {
  it("reads an international file (`,` and `.`)", () => {
    const { rows, issues, dialect } = parse("metric,relationship,month,value\non_time_delivery,10,2026-03,95.5\nnps,10,3/2026,-4\n");
    expect(dialect).toBe("comma");
    expect(issues).toEqual([]);
    expect(rows).toEqual([
      { row: 2, metricKey: "on_time_delivery", relationshipId: 10, providerBusinessId: null, customerBusinessId: null, month: "2026-03", value: 95.5 },
      { row: 3, metricKey: "nps", relationshipId: 10, providerBusinessId: null, customerBusinessId: null, month: "2026-03", value: -4 },
    ]);
  });

  it("reads a Finnish Excel file (`;`, decimal comma, BOM, CRLF, Finnish headers, business IDs)", () => {
    const text = `${BOM}Mittari;Toimittajan Y-tunnus;Asiakkaan Y-tunnus;Kuukausi;Arvo\r\non_time_delivery;2096417-3;2734519-9;3/2026;95,5\r\nnps;2096417-3;2734519-9;2026-04;"1 234,5"\r\n`;
    const { rows, issues, dialect } = parse(text);
    expect(dialect).toBe("semicolon");
    expect(issues).toEqual([]);
    expect(rows.map((r) => [r.row, r.metricKey, r.providerBusinessId, r.customerBusinessId, r.month, r.value])).toEqual([
      [2, "on_time_delivery", "2096417-3", "2734519-9", "2026-03", 95.5],
      [3, "nps", "2096417-3", "2734519-9", "2026-04", 1234.5],
    ]);
  });

  it("reads the same file with and without a BOM identically", () => {
    const body = "metric;relationship;month;value\nnps;10;2026-03;12,5\n";
    expect(parse(BOM + body).rows).toEqual(parse(body).rows);
    expect(parse(BOM + body).rows[0].value).toBe(12.5);
  });
});

describe("file-level problems", () => {
  it.each<[string, string | Uint8Array, Partial<ImportIssue>]>([
    ["an empty file", "", { code: "empty", row: null }],
    ["only blank lines", "\n \r\n", { code: "empty" }],
    ["a header without data", "metric,relationship,month,value\n", { code: "empty" }],
    ["tabs as the separator", "metric\trelationship\tmonth\tvalue\nnps\t10\t2026-03\t1\n", { code: "delimiter", row: 1 }],
    ["pipes as the separator", "metric|relationship|month|value\nnps|10|2026-03|1\n", { code: "delimiter", row: 1 }],
    ["a missing value column", "metric,relationship,month\nnps,10,2026-03\n", { code: "missingColumns", row: 1, params: { columns: "value" } }],
    [
      "only one business ID column",
      "metric;provider_business_id;month;value\nnps;2096417-3;2026-03;1\n",
      { code: "missingColumns", params: { columns: "relationship" } },
    ],
    ["a repeated column", "metric,value,relationship,month,arvo\n", { code: "duplicateColumn", column: "value" }],
    ["Latin-1 bytes", new Uint8Array([...enc("metric;relationship;month;value\nnps;10;2026-03;1 "), 0xe4, 0x0a]), { code: "encoding" }],
  ])("%s", (_name, input, expected) => {
    const { rows, issues } = parse(input);
    expect(rows).toEqual([]);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject(expected);
  });

  it("refuses an oversized file before reading it, naming the limit", () => {
    const result = csvTable(new Uint8Array(MAX_IMPORT_BYTES + 1));
    expect(result).toEqual({ issue: { row: null, column: null, code: "tooLarge", params: { limitMb: 8 } } });
  });

  it("refuses more rows than the limit", () => {
    const table: RawTable = {
      dialect: "comma",
      rows: [{ row: 1, cells: ["metric", "relationship", "month", "value"] }, ...[2, 3, 4].map((row) => ({ row, cells: ["nps", "10", "2026-03", "1"] }))],
    };
    expect(parseTable(table, { latestMonth: LATEST, maxRows: 2 }).issues).toEqual([{ row: null, column: null, code: "tooManyRows", params: { limit: 2 } }]);
  });
});

describe("per-row problems name the row and the column", () => {
  it.each<[string, string, ImportIssue[]]>([
    ["a non-numeric value", "nps,10,2026-03,lots", [{ row: 2, column: "value", code: "value", params: { value: "lots" } }]],
    [
      "a decimal comma in a comma file (wrong delimiter)",
      "nps,10,2026-03,95,5",
      [{ row: 2, column: null, code: "columnCount", params: { expected: 4, actual: 5 } }],
    ],
    ["month 13", "nps,10,2026-13,1", [{ row: 2, column: "month", code: "month", params: { value: "2026-13" } }]],
    ["a future month", "nps,10,2027-01,1", [{ row: 2, column: "month", code: "monthRange", params: { value: "2027-01", from: "2000-01", to: LATEST } }]],
    ["a year typo", "nps,10,1026-01,1", [{ row: 2, column: "month", code: "monthRange", params: { value: "1026-01", from: "2000-01", to: LATEST } }]],
    [
      "a blank metric and value",
      ",10,2026-03,",
      [
        { row: 2, column: "metric", code: "required" },
        { row: 2, column: "value", code: "required" },
      ],
    ],
    ["a relationship that is not an id", "nps,ten,2026-03,1", [{ row: 2, column: "relationship", code: "relationshipFormat", params: { value: "ten" } }]],
    // Beyond any id (PostgreSQL's integer): refused here rather than failing in SQL.
    [
      "a relationship id beyond any row",
      "nps,3000000000,2026-03,1",
      [{ row: 2, column: "relationship", code: "relationshipFormat", params: { value: "3000000000" } }],
    ],
  ])("%s", (_name, line, expected) => {
    const { rows, issues } = parse(`metric,relationship,month,value\non_time_delivery,10,2026-02,90\n${line}\n`);
    expect(rows.map((r) => r.row)).toEqual([2]);
    expect(issues).toEqual(expected.map((e) => ({ ...e, row: 3 })));
  });

  it("checks business IDs, check digit included", () => {
    const { issues } = parse("metric;provider_business_id;customer_business_id;month;value\nnps;2096417-4;;2026-03;1\n");
    expect(sortIssues(issues)).toEqual([
      { row: 2, column: "provider_business_id", code: "businessId", params: { value: "2096417-4" } },
      { row: 2, column: "customer_business_id", code: "required" },
    ]);
  });
});

describe("resolveRows", () => {
  const rowsOf = (text: string) => parse(text).rows;

  it("maps keys and both kinds of relationship reference to ids", () => {
    const rows = rowsOf(
      "metric;relationship;provider_business_id;customer_business_id;month;value\non_time_delivery;10;;;2026-03;95\nnps;;2096417-3;2734519-9;2026-03;30\n",
    );
    expect(resolveRows(rows, context)).toEqual({
      rows: [
        { row: 2, metricId: 1, relationshipId: 10, month: "2026-03", value: 95 },
        { row: 3, metricId: 5, relationshipId: 10, month: "2026-03", value: 30 },
      ],
      issues: [],
    });
  });

  it("names an unknown metric, a relationship the importer is not party to, and duplicates", () => {
    const rows = rowsOf(
      "metric,relationship,month,value\nno_such_metric,10,2026-03,1\nnps,99,2026-03,1\nnps,10,2026-03,1\nnps,10,3/2026,2\nnps,11,2026-03,3\n",
    );
    const result = resolveRows(rows, context);
    expect(result.issues).toEqual([
      { row: 2, column: "metric", code: "unknownMetric", params: { value: "no_such_metric" } },
      { row: 3, column: "relationship", code: "unknownRelationship", params: { value: "99" } },
      { row: 5, column: "month", code: "duplicate", params: { firstRow: 4, value: "2026-03" } },
    ]);
    expect(result.rows.map((r) => r.row)).toEqual([4, 6]);
  });

  it("refuses a business-ID pair that matches no relationship of the importer", () => {
    const rows = rowsOf("metric;provider_business_id;customer_business_id;month;value\nnps;2734519-9;2096417-3;2026-03;1\n");
    expect(resolveRows(rows, context).issues).toEqual([
      { row: 2, column: "provider_business_id", code: "unknownRelationship", params: { value: "2734519-9 → 2096417-3" } },
    ]);
  });
});

describe("workbook tables", () => {
  it("takes date cells, serials and numbers as Excel gives them", () => {
    const table: RawTable = {
      dialect: "xlsx",
      rows: [
        { row: 1, cells: ["Metric", "Relationship", "Month", "Value"] },
        { row: 2, cells: ["nps", 10, new Date(Date.UTC(2026, 2, 1)), 31] },
        { row: 4, cells: ["nps", 10, 46113, "12,5"] },
        { row: 5, cells: ["nps", 10, "4/2026", "x"] },
      ],
    };
    const { rows, issues } = parseTable(table, { latestMonth: LATEST });
    expect(rows.map((r) => [r.row, r.month, r.value])).toEqual([
      [2, "2026-03", 31],
      [4, "2026-04", 12.5],
    ]);
    expect(issues).toEqual([{ row: 5, column: "value", code: "value", params: { value: "x" } }]);
  });
});
