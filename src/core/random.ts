/**
 * Keel's one pseudo-random generator (xoshiro128**), so every shuffle, initialization, sampled
 * mask, resample and hyperparameter suggestion is reproducible from one integer seed.
 * `Rng.derive(seed, ...keys)` gives a stream that depends only on the seed and stable keys (a
 * trial number, a parameter name), the same in every process, so independent pieces of work
 * never share or consume each other's draws.
 *
 * @example
 * ```ts
 * const rng = new Rng(42);
 * rng.uniform(); rng.normal(); rng.permutation(10);
 * Rng.derive(42, 'trial', 7).uniform(); // the same number in every process
 * ```
 */
export class Rng {
  private s: Uint32Array;

  constructor(seed = 0) {
    this.s = expandSeed([seed >>> 0]);
  }

  /**
   * A generator whose stream depends only on `seed` and `keys` (hashed with `hashKeys`).
   * @example `Rng.derive(1, 'tpe', 3, 'lr').uniform()`
   */
  static derive(seed: number, ...keys: readonly (string | number)[]): Rng {
    const h = hashKeys([seed, ...keys]);
    const rng = new Rng();
    rng.s = expandSeed([h >>> 0, Math.floor(h / 2 ** 32) >>> 0]);
    return rng;
  }

  /** Next 32-bit unsigned integer. */
  nextU32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1]!, 5), 7), 9) >>> 0;
    const t = s[1]! << 9;
    s[2]! ^= s[0]!;
    s[3]! ^= s[1]!;
    s[1]! ^= s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = rotl(s[3]!, 11);
    return result;
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return this.nextU32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.uniform();
    const v = this.uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** A random permutation of 0..n-1 (Fisher–Yates). */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = p[i]!;
      p[i] = p[j]!;
      p[j] = t;
    }
    return p;
  }

  /** A shuffled copy of `items` (Fisher–Yates, the same draws as {@link permutation}). */
  shuffle<T>(items: readonly T[]): T[] {
    return Array.from(this.permutation(items.length), (i) => items[i]!);
  }

  /** A new generator derived from this one (independent stream). */
  fork(): Rng {
    return new Rng(this.nextU32());
  }
}

/**
 * MurmurHash3's 32-bit finalizer: mixes every input bit into every output bit (seed expansion
 * here, shingle hashes in MinHash).
 * @example `fmix32(1) // 1364076727`
 */
export function fmix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** splitmix32 expands 1-4 seed words into the 128-bit state. */
function expandSeed(words: readonly number[]): Uint32Array {
  const s = new Uint32Array(4);
  let z = (words[0]! ^ 0x9e3779b9) >>> 0;
  for (let i = 0; i < 4; i++) {
    z = (z + 0x9e3779b9 + (i < words.length && i > 0 ? words[i]! : 0)) >>> 0;
    s[i] = fmix32(z);
  }
  return s;
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
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
