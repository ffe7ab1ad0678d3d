import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { DATASETS, generateDataset } from "../../scripts/bench/generate";

describe("the benchmark dataset generator", () => {
  it("builds dataset S with the promised shape, valid references and the same content every time", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-bench-"));
    const first = await generateDataset("S", path.join(dir, "a.db"));
    const second = await generateDataset("S", path.join(dir, "b.db"));
    expect(first.counts.organisations).toBe(DATASETS.S.organisations);
    expect(first.counts.relationships).toBe(DATASETS.S.relationships);
    expect(first.counts.measurements).toBe(DATASETS.S.relationships * 8 * DATASETS.S.months);
    expect(first.counts.assessments).toBe(DATASETS.S.relationships * DATASETS.S.quarters * 2);
    expect(first.sample.compareIds).toHaveLength(12);
    const digest = (file: string) => {
      const db = new Database(file, { readonly: true });
      expect(db.pragma("foreign_key_check")).toEqual([]);
      const row = db.prepare("select count(*) n, sum(value) total, count(distinct month) months from measurements").get() as {
        n: number;
        total: number;
        months: number;
      };
      const indexes = (db.prepare("select count(*) n from sqlite_master where type = 'index' and tbl_name = 'measurements'").get() as { n: number }).n;
      // The score totals are filled and their triggers are back after the bulk load (ADR 0010).
      const triggers = (db.prepare("select count(*) n from sqlite_master where type = 'trigger' and name like 'score_totals_%'").get() as { n: number }).n;
      const totals = db.prepare("select sum(trust_total) t, sum(trust_n) n, count(*) rows from submitted_score_totals").get() as {
        t: number;
        n: number;
        rows: number;
      };
      const source = db
        .prepare(
          `select sum(s.score) t, count(s.score) n from assessments a join assessment_scores s on s.assessment_id = a.id
            where a.status = 'submitted' and s.factor = 'trust'`,
        )
        .get() as { t: number; n: number };
      expect({ t: totals.t, n: totals.n }).toEqual(source);
      expect(totals.rows).toBe(DATASETS.S.relationships * DATASETS.S.quarters * 2);
      db.close();
      return { ...row, indexes, triggers };
    };
    const a = digest(first.file);
    expect(a.months).toBe(DATASETS.S.months);
    expect(a.indexes).toBeGreaterThanOrEqual(4);
    expect(a.triggers).toBe(6);
    expect(digest(second.file)).toEqual(a);
  }, 60_000);
});
