/**
 * The tokens of one-time links (a password reset, an invitation): 32 random
 * bytes in base64url, of which only the SHA-256 is stored, so a copy of the
 * database cannot be replayed as a link.
 */
import { createHash, randomBytes } from "node:crypto";

export function newOneTimeToken(): string {
  return randomBytes(32).toString("base64url");
}

export function hashOneTimeToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** 43 characters of [A-Za-z0-9_-]: anything else is no token of ours, and is not even looked up. */
export function isPlausibleOneTimeToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}
