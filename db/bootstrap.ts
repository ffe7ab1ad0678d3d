import { eq } from "drizzle-orm";
import { DIGIMENSA_MODEL } from "../app/domain/importance-model";
import type { SqliteDatabase } from "./connection";
import { importanceLevels, importanceModels } from "./schema";
import { modelColumnsOf } from "./model-columns";

/**
 * Data every installation needs, demo or not: the default digiMensa
 * importance model as version 1, published and active. Idempotent: does
 * nothing once any model exists.
 */
export function ensureDefaultImportanceModel(db: SqliteDatabase): void {
  const existing = db.select({ id: importanceModels.id }).from(importanceModels).limit(1).get();
  if (existing) return;
  db.$client
    .transaction(() => {
      // Written as a draft, then published: the triggers refuse levels added to a published version.
      const model = db
        .insert(importanceModels)
        .values({
          ...modelColumnsOf(DIGIMENSA_MODEL),
          version: DIGIMENSA_MODEL.version,
          note: "Seeded from the digiMensa matrix (DOMAIN.md).",
          status: "draft",
          origin: "seed",
          isActive: false,
        })
        .returning({ id: importanceModels.id })
        .get();
      db.insert(importanceLevels)
        .values(DIGIMENSA_MODEL.levels.map((row) => ({ ...row, modelId: model.id })))
        .run();
      db.update(importanceModels)
        .set({ status: "published", isActive: true, publishedAt: new Date().toISOString() })
        .where(eq(importanceModels.id, model.id))
        .run();
    })
    .immediate();
}
