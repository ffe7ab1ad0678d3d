/**
 * Local time. Timestamps are stored in UTC; people read them, and count
 * "today" and "this quarter", in their own time zone: Europe/Helsinki unless
 * they chose another on their account page. Pure functions over Intl (no
 * I/O), the same on the server and in the browser.
 */

export const DEFAULT_TIME_ZONE = "Europe/Helsinki";

/** IANA time zones this runtime knows (Intl's list), plus UTC, which the list leaves out. */
export function supportedTimeZones(): string[] {
  return ["UTC", ...Intl.supportedValuesOf("timeZone")];
}

let known: Set<string> | undefined;

/** Whether `zone` is one of Intl's supported time zones (exact spelling, as stored). */
export function isSupportedTimeZone(zone: unknown): zone is string {
  if (typeof zone !== "string" || zone.length === 0 || zone.length > 64) return false;
  known ??= new Set(supportedTimeZones());
  return known.has(zone);
}

/** A stored zone, or the default when it is missing or no longer known. */
export function effectiveTimeZone(zone: string | null | undefined): string {
  return isSupportedTimeZone(zone) ? zone : DEFAULT_TIME_ZONE;
}

const partsFormats = new Map<string, Intl.DateTimeFormat>();

function wallClockParts(instant: Date, zone: string) {
  let format = partsFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    partsFormats.set(zone, format);
  }
  const parts: Record<string, number> = {};
  for (const p of format.formatToParts(instant)) if (p.type !== "literal") parts[p.type] = Number(p.value);
  return parts as { year: number; month: number; day: number; hour: number; minute: number; second: number };
}

/**
 * The wall-clock time of `instant` in `zone`, carried in a Date's UTC
 * fields. The calendar code (quarterOf, maturity, month ranges) reads UTC
 * fields, so handing it this value makes "now" the user's local now: at
 * 01:00 on 1 January in Helsinki it is already the new quarter.
 */
export function wallClock(instant: Date, zone: string): Date {
  if (Number.isNaN(instant.getTime())) throw new RangeError("Invalid date");
  const p = wallClockParts(instant, zone);
  return new Date(Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second, instant.getUTCMilliseconds()));
}

/** The calendar date 'YYYY-MM-DD' of `instant` in `zone`. */
export function localDateIso(instant: Date, zone: string): string {
  return wallClock(instant, zone).toISOString().slice(0, 10);
}

/** Minutes `zone` is ahead of UTC at `instant` (120 for Helsinki in winter). */
export function offsetMinutes(instant: Date, zone: string): number {
  return Math.round((wallClock(instant, zone).getTime() - instant.getTime()) / 60_000);
}

/**
 * The UTC instant (ISO text) at which calendar day `isoDate` begins in
 * `zone`: the bound for "entries on or after this day" in the reader's time.
 */
export function localDayStartUtc(isoDate: string, zone: string): string {
  const midnightAsUtc = new Date(`${isoDate}T00:00:00.000Z`);
  // Two passes settle a day that starts next to a daylight-saving change.
  let guess = new Date(midnightAsUtc.getTime() - offsetMinutes(midnightAsUtc, zone) * 60_000);
  guess = new Date(midnightAsUtc.getTime() - offsetMinutes(guess, zone) * 60_000);
  return guess.toISOString();
}
