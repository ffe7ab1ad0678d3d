import { DIGIMENSA_MODEL } from "../app/domain/importance-model";
import type { PortalDatabase } from "./connection";
import { importanceLevels, importanceModels } from "./schema";

/**
 * Data every installation needs, demo or not: the default digiMensa
 * importance model as version 1. Idempotent: does nothing once any model exists.
 */
export function ensureDefaultImportanceModel(db: PortalDatabase): void {
  const existing = db.select({ id: importanceModels.id }).from(importanceModels).limit(1).get();
  if (existing) return;
  db.$client
    .transaction(() => {
      const model = db
        .insert(importanceModels)
        .values({
          version: DIGIMENSA_MODEL.version,
          name: DIGIMENSA_MODEL.name,
          note: "Seeded from the digiMensa matrix (DOMAIN.md).",
          isActive: true,
        })
        .returning({ id: importanceModels.id })
        .get();
      db.insert(importanceLevels)
        .values(DIGIMENSA_MODEL.levels.map((row) => ({ ...row, modelId: model.id })))
        .run();
    })
    .immediate();
}
