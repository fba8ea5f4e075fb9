import { resizePlane } from '../io/index.js';

const SIZE = 32;
const LOW = 8;
const COS: Float64Array = (() => {
  const t = new Float64Array(LOW * SIZE);
  for (let u = 0; u < LOW; u++) for (let x = 0; x < SIZE; x++) t[u * SIZE + x] = Math.cos(((2 * x + 1) * u * Math.PI) / (2 * SIZE));
  return t;
})();

/**
 * The 64-bit DCT perceptual hash (pHash) of a gray image, as two unsigned 32-bit halves: the
 * image is area-resized to 32×32, its 8×8 lowest DCT frequencies are compared with their
 * median (DC term excluded from the median). Re-encoding, small brightness changes and
 * resizing move few bits; different pictures differ in about half of them.
 *
 * @example
 * ```ts
 * const [hi, lo] = perceptualHash(luminance(img), img.width, img.height);
 * ```
 */
export function perceptualHash(gray: ArrayLike<number>, width: number, height: number): [number, number] {
  const small = resizePlane(gray, width, height, SIZE, SIZE);
  const rows = new Float64Array(SIZE * LOW);
  for (let y = 0; y < SIZE; y++) {
    for (let u = 0; u < LOW; u++) {
      let s = 0;
      for (let x = 0; x < SIZE; x++) s += small[y * SIZE + x]! * COS[u * SIZE + x]!;
      rows[y * LOW + u] = s;
    }
  }
  const coeffs = new Float64Array(LOW * LOW);
  for (let v = 0; v < LOW; v++) {
    for (let u = 0; u < LOW; u++) {
      let s = 0;
      for (let y = 0; y < SIZE; y++) s += rows[y * LOW + u]! * COS[v * SIZE + y]!;
      coeffs[v * LOW + u] = s;
    }
  }
  const sorted = Float64Array.from(coeffs.subarray(1)).sort();
  const median = (sorted[31]! + sorted[32]!) / 2;
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < 64; i++) {
    if (coeffs[i]! > median) {
      if (i < 32) hi |= 1 << i;
      else lo |= 1 << (i - 32);
    }
  }
  return [hi >>> 0, lo >>> 0];
}

function popcount(v: number): number {
  let x = v - ((v >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/**
 * Number of differing bits between two 64-bit hashes given as `[hi, lo]` halves.
 *
 * @example
 * ```ts
 * hammingDistance(0b1011, 0, 0b0001, 0); // 2
 * ```
 */
export function hammingDistance(aHi: number, aLo: number, bHi: number, bLo: number): number {
  return popcount((aHi ^ bHi) >>> 0) + popcount((aLo ^ bLo) >>> 0);
}

/**
 * Pairs of rows whose hashes differ in at most `maxDistance` bits (≤ 3), each later row paired
 * with its first near-copy. Uses four 16-bit bands (pigeonhole: a pair within 3 bits shares a
 * band exactly), so cost grows with band collisions rather than n². `confirm` can veto a
 * candidate pair (e.g. by comparing thumbnails).
 *
 * @example
 * ```ts
 * nearDuplicateHashes(Uint32Array.from([1, 2, 1, 2]), 2); // [[1, 0, 0]]
 * ```
 */
export function nearDuplicateHashes(
  hashes: Uint32Array,
  maxDistance: number,
  skip?: Uint8Array,
  confirm: (row: number, earlier: number) => boolean = () => true,
): [number, number, number][] {
  const n = hashes.length / 2;
  const bands = [new Map<number, number[]>(), new Map<number, number[]>(), new Map<number, number[]>(), new Map<number, number[]>()];
  const out: [number, number, number][] = [];
  for (let r = 0; r < n; r++) {
    if (skip?.[r] === 1) continue;
    const hi = hashes[2 * r]!;
    const lo = hashes[2 * r + 1]!;
    const keys = [hi >>> 16, hi & 0xffff, lo >>> 16, lo & 0xffff];
    let best = -1;
    let bestD = maxDistance + 1;
    for (let b = 0; b < 4 && bestD > 0; b++) {
      for (const q of bands[b]!.get(keys[b]!) ?? []) {
        const d = hammingDistance(hi, lo, hashes[2 * q]!, hashes[2 * q + 1]!);
        if ((d < bestD || (d === bestD && q < best)) && confirm(r, q)) [best, bestD] = [q, d];
      }
    }
    if (best >= 0) {
      out.push([r, best, bestD]);
      continue;
    }
    keys.forEach((k, b) => {
      const list = bands[b]!.get(k);
      if (list === undefined) bands[b]!.set(k, [r]);
      else list.push(r);
    });
  }
  return out;
}
