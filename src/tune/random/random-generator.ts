/**
 * A small, seedable PRNG (sfc32 seeded through a 53-bit string hash). Keel's tuning code never
 * uses `Math.random`: every draw comes from a generator derived from the sampler's seed and
 * stable keys such as the trial number, so two processes with the same seed make the same
 * suggestions for the same trial numbers.
 *
 * @example
 * ```ts
 * const rng = RandomGenerator.derive(42, 'trial', 7);
 * rng.next(); // same number in every process
 * ```
 */
export class RandomGenerator {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal: number | undefined;

  /** Seeds the generator with a 32-bit integer (any number is accepted and hashed). */
  constructor(seed: number) {
    const h = hashKeys([seed]);
    this.a = h >>> 0;
    this.b = Math.floor(h / 2 ** 32) >>> 0;
    this.c = (h ^ 0x9e3779b9) >>> 0;
    this.d = 1;
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /**
   * A generator whose stream depends only on `seed` and `keys`.
   * @example `RandomGenerator.derive(1, 'x', 3).next()`
   */
  static derive(seed: number, ...keys: readonly (string | number)[]): RandomGenerator {
    return new RandomGenerator(hashKeys([seed, ...keys]));
  }

  /** Next unsigned 32-bit integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) >>> 0;
    return t >>> 0;
  }

  /** Uniform float in [0, 1) with 53 bits of randomness. */
  next(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.min(n - 1, Math.floor(this.next() * n));
  }

  /** Standard normal draw (Box–Muller, caching the spare value). */
  normal(): number {
    if (this.spareNormal !== undefined) {
      const s = this.spareNormal;
      this.spareNormal = undefined;
      return s;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** Fisher–Yates shuffle of a copy of `items`. */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = out[i]!;
      out[i] = out[j]!;
      out[j] = tmp;
    }
    return out;
  }
}

/**
 * Stable 53-bit hash (cyrb53) of a list of keys; the same in every process and platform.
 * @example `hashKeys(['study', 3]) === hashKeys(['study', 3])`
 */
export function hashKeys(keys: readonly (string | number)[]): number {
  const str = keys.map((k) => (typeof k === 'number' ? `n${k}` : `s${k}`)).join('\u0000');
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < str.length; i++) {
    const ch = str.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/**
 * A fresh seed when the user gave none (not reproducible, by design).
 * @example `const seed = randomSeed();`
 */
export function randomSeed(): number {
  const buf = new Uint32Array(1);
  globalThis.crypto.getRandomValues(buf);
  return buf[0]!;
}
