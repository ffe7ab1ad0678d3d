/**
 * Where the bytes of attachments live, behind one interface: the database
 * (attachment_blobs, the default: `npm start` needs nothing more), a
 * directory, or S3-compatible object storage (several servers share the
 * files). Chosen by ATTACHMENT_STORAGE (app/env.server.ts).
 */
import { env } from "../env.server";
import { databaseStorage } from "./database.server";
import { directoryStorage } from "./directory.server";
import { s3Storage } from "./s3.server";
import type { AttachmentStorage } from "./types";

export type { AttachmentStorage, StoredObject } from "./types";

let configured: AttachmentStorage | null = null;

/** The storage of this process, from the environment (or the one a test installed). */
export function attachmentStorage(): AttachmentStorage {
  if (configured) return configured;
  const e = env();
  if (e.ATTACHMENT_STORAGE === "directory") configured = directoryStorage(e.ATTACHMENT_DIR!);
  else if (e.ATTACHMENT_STORAGE === "s3") {
    configured = s3Storage({
      endpoint: e.ATTACHMENT_S3_ENDPOINT!,
      bucket: e.ATTACHMENT_S3_BUCKET!,
      region: e.ATTACHMENT_S3_REGION,
      accessKeyId: e.ATTACHMENT_S3_ACCESS_KEY_ID!,
      secretAccessKey: e.ATTACHMENT_S3_SECRET_ACCESS_KEY!,
    });
  } else configured = databaseStorage();
  return configured;
}

/** For tests: use `storage` (null: back to the environment's). */
export function useAttachmentStorage(storage: AttachmentStorage | null): void {
  configured = storage;
}
