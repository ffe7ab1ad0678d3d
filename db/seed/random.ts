/**
 * Deterministic randomness for the demo data. Every draw comes from a small
 * PRNG seeded by a label (e.g. relationship, side, quarter offset, assessor),
 * so one value never depends on how many draws happened before it: the story
 * stays the same whatever asOf shifts in or out of the window.
 */

export type Rng = () => number;

/** mulberry32: a tiny, fast 32-bit PRNG with a uniform [0, 1) output. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a, 32 bits: turns a label into a seed. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const BASE_SEED = "portaali-demo-v1";

/** A PRNG of its own for one labelled purpose. */
export function rngFor(...parts: ReadonlyArray<string | number>): Rng {
  return mulberry32(hashString([BASE_SEED, ...parts].join("|")));
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  if (items.length === 0) throw new RangeError("pick from an empty list");
  return items[Math.floor(rng() * items.length)];
}

/** An integer in [min, max], both included. */
export function intBetween(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}
