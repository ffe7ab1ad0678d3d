/** Attachments' bytes in the database (attachment_blobs): inside the caller's transaction, so a row and its bytes commit together. */
import { eq } from "drizzle-orm";
import { attachmentBlobs } from "../../db/tables";
import { db } from "../db.server";
import type { AttachmentStorage } from "./types";

export function databaseStorage(): AttachmentStorage {
  return {
    kind: "database",
    transactional: true,
    async put(key, bytes) {
      await db()
        .insert(attachmentBlobs)
        .values({ storageKey: key, bytes: Buffer.from(bytes) })
        .run();
    },
    async get(key) {
      const row = await db().select({ bytes: attachmentBlobs.bytes }).from(attachmentBlobs).where(eq(attachmentBlobs.storageKey, key)).get();
      return row ? new Uint8Array(row.bytes) : null;
    },
    async delete(key) {
      await db().delete(attachmentBlobs).where(eq(attachmentBlobs.storageKey, key)).run();
    },
    async list() {
      const rows = await db().select({ key: attachmentBlobs.storageKey, createdAt: attachmentBlobs.createdAt }).from(attachmentBlobs).all();
      return rows.map((r) => ({ key: r.key, modifiedAt: new Date(r.createdAt) }));
    },
  };
}
