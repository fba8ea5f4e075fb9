/**
 * A small seeded pseudo-random generator (mulberry32) so that bootstrap resamples, subsamples and
 * randomized predictions are reproducible.
 * @module
 */

/** A function returning uniform numbers in [0, 1). */
export type Random = () => number;

/**
 * Creates a seeded generator of uniform numbers in [0, 1).
 * @example `const rand = seededRandom(42); rand(); // 0.6011...`
 */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
