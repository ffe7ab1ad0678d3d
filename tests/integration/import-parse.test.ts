/**
 * Reading import files off the request thread (app/workers): a workbook is
 * streamed and reading stops at the row limit, and the worker thread answers
 * with rows or a problem, never a crash.
 */
import { describe, expect, it } from "vitest";
import { readImportFile } from "../../app/workers/import-parse";
import { parseImportInWorker } from "../../app/workers/import-parse.server";
import { bigMeasurementWorkbook } from "../support/big-xlsx";

describe("reading a workbook", () => {
  it("stops at the row limit: a sheet broken after the limit is refused for its rows, not read to the break", async () => {
    const bytes = bigMeasurementWorkbook(5_000, 1, { brokenAfter: 4_000 });
    expect(await readImportFile("big.xlsx", bytes, 400)).toEqual({ issue: { row: null, column: null, code: "tooManyRows", params: { limit: 400 } } });
    // The break is real: a limit past it reaches it.
    expect(await readImportFile("big.xlsx", bytes, 4_500)).toEqual({ issue: { row: null, column: null, code: "unreadable" } });
  });

  it("reads a sheet within the limit whole", async () => {
    const read = await readImportFile("ok.xlsx", bigMeasurementWorkbook(300, 7), 400);
    expect("table" in read && read.table.rows.length).toBe(301);
    expect("table" in read && read.table.rows[1].cells).toEqual(["quality_incidents", 7, "2026-01", 2]);
  });
});

describe("the parse worker thread", () => {
  it("sends back the rows of a file", async () => {
    const csv = new TextEncoder().encode("metric;relationship;month;value\nquality_incidents;5;2026-02;2\nquality_incidents;5;2026-03;\n");
    const outcome = await parseImportInWorker({ fileName: "m.csv", bytes: csv, latestMonth: "2026-06" });
    expect(outcome.issues).toEqual([]);
    expect(outcome.rowCount).toBe(2);
    expect(outcome.skipped).toBe(1);
    expect(outcome.rows).toHaveLength(1);
    expect(outcome.rows[0]).toMatchObject({ row: 2, month: "2026-02", value: 2 });
  }, 60_000);

  it("answers a broken workbook with a problem, and the next file still parses", async () => {
    const broken = await parseImportInWorker({ fileName: "b.xlsx", bytes: bigMeasurementWorkbook(50, 1, { brokenAfter: 10 }), latestMonth: "2026-06" });
    expect(broken).toEqual({ rows: [], issues: [{ row: null, column: null, code: "unreadable" }], rowCount: 0, skipped: 0 });
    const ok = await parseImportInWorker({ fileName: "ok.xlsx", bytes: bigMeasurementWorkbook(5, 1), latestMonth: "2026-06" });
    expect(ok.rowCount).toBe(5);
  }, 60_000);
});
