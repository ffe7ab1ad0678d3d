/** The storage interface of attachments' bytes (implementations: database, directory and S3, chosen in storage.server.ts). */
export type StoredObject = { key: string; modifiedAt: Date };

export interface AttachmentStorage {
  readonly kind: "database" | "directory" | "s3";
  /**
   * True when put and delete are statements of the current database
   * transaction (committed or rolled back with the attachment row); false
   * when they happen outside it, so the caller undoes a put itself and
   * deletes only after commit.
   */
  readonly transactional: boolean;
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** The bytes, or null when there is no such object. */
  get(key: string): Promise<Uint8Array | null>;
  /** Deletes the object; an absent one is no error. */
  delete(key: string): Promise<void>;
  /** Every stored object, for the purge of orphans. */
  list(): Promise<StoredObject[]>;
}

/** Storage keys are ours (random UUIDs): anything else is refused before it reaches a path or URL. */
export function assertStorageKey(key: string): void {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(key)) throw new Error("Invalid attachment storage key");
}
