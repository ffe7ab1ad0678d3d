/**
 * Finnish business ID (Y-tunnus), canonical form NNNNNNN-C where C is a
 * mod-11 check digit over the seven digits with weights 7, 9, 10, 5, 8, 4, 2.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2] as const;

/** The example the interface shows: a valid ID, so a user who copies it is not refused. */
export const BUSINESS_ID_EXAMPLE = "1234567-1";
const CANONICAL = /^(\d{7})-(\d)$/;
// Older IDs were issued with six digits; they are the same number with a leading zero.
const LOOSE = /^(\d{6,7})-(\d)$/;

/**
 * The check digit of seven digits, or null when the remainder is 1: no
 * digit can make such a number valid, so it was never issued.
 */
export function businessIdCheckDigit(sevenDigits: string): number | null {
  if (!/^\d{7}$/.test(sevenDigits)) {
    throw new RangeError(`Expected exactly seven digits, got "${sevenDigits}"`);
  }
  let sum = 0;
  for (let i = 0; i < 7; i++) sum += WEIGHTS[i] * Number(sevenDigits[i]);
  const r = sum % 11;
  if (r === 0) return 0;
  if (r === 1) return null;
  return 11 - r;
}

/**
 * Whether `s` is a valid Y-tunnus in canonical form. Deliberately strict (no
 * trimming, no six-digit form) so it can guard stored values; run user
 * input through normaliseBusinessId first.
 */
export function isValidBusinessId(s: string): boolean {
  const m = CANONICAL.exec(s);
  return m !== null && businessIdCheckDigit(m[1]) === Number(m[2]);
}

/**
 * User input to canonical form: trims, left-pads the older six-digit form
 * ('123456-2' -> '0123456-2'). Returns null unless the result is valid,
 * check digit included, so callers can use it as a parser.
 */
export function normaliseBusinessId(s: string): string | null {
  const m = LOOSE.exec(s.trim());
  if (!m) return null;
  const id = `${m[1].padStart(7, "0")}-${m[2]}`;
  return isValidBusinessId(id) ? id : null;
}
