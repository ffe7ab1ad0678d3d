/**
 * Score bands: the one definition of what a relationship score (0–100) is
 * called and how it is coloured everywhere (poor, fair, good). They belong to
 * the scoring model version, so administrators can move the boundaries; the
 * default is 0–49.9 poor, 50–74.9 fair, 75–100 good. Pure: no I/O.
 */
export const SCORE_BAND_KEYS = ["poor", "fair", "good"] as const;
export type ScoreBandKey = (typeof SCORE_BAND_KEYS)[number];

/** A band covers `min <= score <= max`; scores are rounded to one decimal, so bands meet at 0.1 steps. */
export type ScoreBand = { key: ScoreBandKey; min: number; max: number };
/** Ordered from the lowest band up, covering 0–100 without gaps or overlaps. */
export type ScoreBands = readonly ScoreBand[];

export const DEFAULT_SCORE_BANDS: ScoreBands = Object.freeze([
  Object.freeze({ key: "poor", min: 0, max: 49.9 }),
  Object.freeze({ key: "fair", min: 50, max: 74.9 }),
  Object.freeze({ key: "good", min: 75, max: 100 }),
]) as ScoreBands;

/** Float noise at a boundary (49.9 stored as 49.900000001) must not fall between two bands. */
const EPS = 1e-9;

/** The band a score falls in; null for no score (a missing score is never "poor"). */
export function bandOf(score: number | null | undefined, bands: ScoreBands = DEFAULT_SCORE_BANDS): ScoreBandKey | null {
  if (score === null || score === undefined || !Number.isFinite(score)) return null;
  const rounded = Math.round(score * 10) / 10;
  for (const band of bands) if (rounded >= band.min - EPS && rounded <= band.max + EPS) return band.key;
  // Outside 0–100 (never for a real score): the nearest end.
  return rounded < (bands[0]?.min ?? 0) ? (bands[0]?.key ?? null) : (bands.at(-1)?.key ?? null);
}

/** The lowest band: a score in it needs attention. */
export function isLowestBand(score: number | null | undefined, bands: ScoreBands = DEFAULT_SCORE_BANDS): boolean {
  const band = bandOf(score, bands);
  return band !== null && band === bands[0]?.key;
}

export type ScoreBandProblem =
  | { code: "band_count"; expected: number; actual: number }
  | { code: "band_key"; index: number; expected: ScoreBandKey; actual: string }
  | { code: "band_range"; key: ScoreBandKey; min: number; max: number }
  | { code: "band_start"; key: ScoreBandKey; min: number }
  | { code: "band_end"; key: ScoreBandKey; max: number }
  | { code: "band_gap"; key: ScoreBandKey; after: ScoreBandKey; expectedMin: number; min: number }
  | { code: "band_overlap"; key: ScoreBandKey; after: ScoreBandKey; expectedMin: number; min: number };

/**
 * Bands must be poor, fair, good in that order, each with min <= max on the
 * 0.1 grid, starting at 0, ending at 100, and each starting 0.1 above the
 * previous one's end (no gap, no overlap).
 */
export function validateScoreBands(bands: ReadonlyArray<{ key: string; min: number; max: number }>): ScoreBandProblem[] {
  const problems: ScoreBandProblem[] = [];
  if (bands.length !== SCORE_BAND_KEYS.length) {
    problems.push({ code: "band_count", expected: SCORE_BAND_KEYS.length, actual: bands.length });
    return problems;
  }
  const tenth = (x: number) => Math.round(x * 10);
  bands.forEach((band, index) => {
    const expected = SCORE_BAND_KEYS[index];
    if (band.key !== expected) problems.push({ code: "band_key", index, expected, actual: band.key });
    const key = expected;
    if (!Number.isFinite(band.min) || !Number.isFinite(band.max) || band.min > band.max || band.min < 0 || band.max > 100) {
      problems.push({ code: "band_range", key, min: band.min, max: band.max });
    }
    if (index === 0 && tenth(band.min) !== 0) problems.push({ code: "band_start", key, min: band.min });
    if (index === bands.length - 1 && tenth(band.max) !== 1000) problems.push({ code: "band_end", key, max: band.max });
    if (index > 0) {
      const previous = bands[index - 1];
      const expectedMin = (tenth(previous.max) + 1) / 10;
      if (tenth(band.min) > tenth(expectedMin)) problems.push({ code: "band_gap", key, after: SCORE_BAND_KEYS[index - 1], expectedMin, min: band.min });
      if (tenth(band.min) < tenth(expectedMin)) problems.push({ code: "band_overlap", key, after: SCORE_BAND_KEYS[index - 1], expectedMin, min: band.min });
    }
  });
  return problems;
}
