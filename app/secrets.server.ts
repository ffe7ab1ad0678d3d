import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { env } from "./env.server";

let cached: string[] | undefined;

/**
 * Cookie-signing secrets. From SESSION_SECRET when set; otherwise a random
 * secret is made once and kept next to the database, so a restart does not
 * log everybody out and no secret is ever committed.
 */
export function sessionSecrets(): string[] {
  if (cached) return cached;
  const fromEnv = env().SESSION_SECRET;
  if (fromEnv)
    return (cached = fromEnv
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean));
  const file = path.join(path.dirname(path.resolve(env().DATABASE_PATH)), ".session-secret");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600, flag: "wx" });
  }
  return (cached = [fs.readFileSync(file, "utf8").trim()]);
}
