/**
 * Attachments' bytes as files in one directory (ATTACHMENT_DIR), shared by
 * several servers through a network file system. Each object is written to
 * a temporary name and renamed, so a reader never sees half a file.
 */
import { randomUUID } from "node:crypto";
import { mkdir, open, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { assertStorageKey, type AttachmentStorage } from "./types";

export function directoryStorage(directory: string): AttachmentStorage {
  const root = path.resolve(directory);
  const fileOf = (key: string) => {
    assertStorageKey(key);
    return path.join(root, key);
  };
  return {
    kind: "directory",
    transactional: false,
    async put(key, bytes) {
      const target = fileOf(key);
      await mkdir(root, { recursive: true });
      const temporary = path.join(root, `.tmp-${randomUUID()}`);
      const handle = await open(temporary, "wx", 0o600);
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, target);
    },
    async get(key) {
      try {
        return new Uint8Array(await readFile(fileOf(key)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
      }
    },
    async delete(key) {
      await rm(fileOf(key), { force: true });
    },
    async list() {
      let names: string[];
      try {
        names = await readdir(root);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
        throw error;
      }
      const objects = [];
      for (const name of names) {
        if (name.startsWith(".tmp-")) continue;
        try {
          assertStorageKey(name);
        } catch {
          continue;
        }
        objects.push({ key: name, modifiedAt: (await stat(path.join(root, name))).mtime });
      }
      return objects;
    },
  };
}
