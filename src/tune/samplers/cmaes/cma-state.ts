import type { Rng } from '../../../core/index.js';

/** Strategy constants of CMA-ES for dimension d (Hansen's defaults). */
export interface CmaConstants {
  readonly dim: number;
  readonly lambda: number;
  readonly mu: number;
  readonly weights: readonly number[];
  readonly muEff: number;
  readonly cc: number;
  readonly cs: number;
  readonly c1: number;
  readonly cmu: number;
  readonly damps: number;
  readonly chiN: number;
}

/** Mutable search state of CMA-ES. */
export interface CmaState {
  mean: number[];
  sigma: number;
  cov: number[][];
  pc: number[];
  ps: number[];
  generation: number;
}

/**
 * Default constants, optionally with a custom population size.
 * @example `cmaConstants(3).lambda // 7`
 */
export function cmaConstants(dim: number, popsize?: number): CmaConstants {
  const lambda = popsize ?? 4 + Math.floor(3 * Math.log(dim));
  const mu = Math.floor(lambda / 2);
  const raw = Array.from({ length: mu }, (_, i) => Math.log(mu + 0.5) - Math.log(i + 1));
  const sum = raw.reduce((a, b) => a + b, 0);
  const weights = raw.map((w) => w / sum);
  const muEff = 1 / weights.reduce((a, w) => a + w * w, 0);
  const cc = (4 + muEff / dim) / (dim + 4 + (2 * muEff) / dim);
  const cs = (muEff + 2) / (dim + muEff + 5);
  const c1 = 2 / ((dim + 1.3) ** 2 + muEff);
  const cmu = Math.min(1 - c1, (2 * (muEff - 2 + 1 / muEff)) / ((dim + 2) ** 2 + muEff));
  const damps = 1 + 2 * Math.max(0, Math.sqrt((muEff - 1) / (dim + 1)) - 1) + cs;
  const chiN = Math.sqrt(dim) * (1 - 1 / (4 * dim) + 1 / (21 * dim * dim));
  return { dim, lambda, mu, weights, muEff, cc, cs, c1, cmu, damps, chiN };
}

/**
 * Initial state: mean at `mean0`, step size `sigma0`, identity covariance.
 * @example `initialCmaState([0.5, 0.5], 0.3)`
 */
export function initialCmaState(mean0: readonly number[], sigma0: number): CmaState {
  const d = mean0.length;
  return { mean: mean0.slice(), sigma: sigma0, cov: identity(d), pc: new Array<number>(d).fill(0), ps: new Array<number>(d).fill(0), generation: 0 };
}

/**
 * Draws x = mean + σ·B·D·z, resampling up to 100 times to land inside [0, 1]^d, then clipping.
 * @example `sampleCma(state, rng)`
 */
export function sampleCma(state: CmaState, rng: Rng): number[] {
  const { vectors, values } = symmetricEigen(state.cov);
  const d = state.mean.length;
  let x: number[] = state.mean.slice();
  for (let tries = 0; tries < 100; tries++) {
    const z = Array.from({ length: d }, (_, i) => Math.sqrt(Math.max(values[i]!, 0)) * rng.normal());
    x = state.mean.map((m, i) => m + state.sigma * vectors[i]!.reduce((a, b, j) => a + b * z[j]!, 0));
    if (x.every((v) => v >= 0 && v <= 1)) return x;
  }
  return x.map((v) => Math.min(1, Math.max(0, v)));
}

/**
 * One generation update from λ evaluated points (lower loss is better). Mutates `state`.
 * @example `updateCma(state, constants, points, losses)`
 */
export function updateCma(state: CmaState, k: CmaConstants, points: readonly (readonly number[])[], losses: readonly number[]): void {
  const d = k.dim;
  const order = [...losses.keys()].sort((a, b) => losses[a]! - losses[b]!).slice(0, k.mu);
  const ys = order.map((i) => points[i]!.map((x, j) => (x - state.mean[j]!) / state.sigma));
  const yw = new Array<number>(d).fill(0);
  ys.forEach((y, i) => { y.forEach((v, j) => (yw[j]! += k.weights[i]! * v)); });
  state.mean = state.mean.map((m, j) => m + state.sigma * yw[j]!);
  const { vectors, values } = symmetricEigen(state.cov);
  // C^{-1/2} yw = B D^{-1} B^T yw
  const bt = vectors.map((_, col) => vectors.reduce((a, row, r) => a + row[col]! * yw[r]!, 0));
  const scaled = bt.map((v, i) => v / Math.sqrt(Math.max(values[i]!, 1e-20)));
  const invSqrtYw = vectors.map((row) => row.reduce((a, b, j) => a + b * scaled[j]!, 0));
  const csf = Math.sqrt(k.cs * (2 - k.cs) * k.muEff);
  state.ps = state.ps.map((p, j) => (1 - k.cs) * p + csf * invSqrtYw[j]!);
  const psNorm = Math.hypot(...state.ps);
  const hsig = psNorm / Math.sqrt(1 - (1 - k.cs) ** (2 * (state.generation + 1))) / k.chiN < 1.4 + 2 / (d + 1) ? 1 : 0;
  const ccf = Math.sqrt(k.cc * (2 - k.cc) * k.muEff);
  state.pc = state.pc.map((p, j) => (1 - k.cc) * p + hsig * ccf * yw[j]!);
  const delta = (1 - hsig) * k.cc * (2 - k.cc);
  state.cov = state.cov.map((row, r) => row.map((c, s) => {
    let rankMu = 0;
    ys.forEach((y, i) => (rankMu += k.weights[i]! * y[r]! * y[s]!));
    return (1 - k.c1 - k.cmu) * c + k.c1 * (state.pc[r]! * state.pc[s]! + delta * c) + k.cmu * rankMu;
  }));
  state.sigma *= Math.exp((k.cs / k.damps) * (psNorm / k.chiN - 1));
  state.sigma = Math.min(Math.max(state.sigma, 1e-12), 1);
  state.generation++;
}

/**
 * Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations:
 * `vectors[i][j]` is component i of eigenvector j.
 * @example `symmetricEigen([[2, 0], [0, 1]]).values // [2, 1]`
 */
export function symmetricEigen(matrix: readonly (readonly number[])[]): { values: number[]; vectors: number[][] } {
  const n = matrix.length;
  const a = matrix.map((r) => r.slice());
  const v = identity(n);
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p]![q]! ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p]![q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q]![q]! - a[p]![p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k]![p]!;
          const akq = a[k]![q]!;
          a[k]![p] = c * akp - s * akq;
          a[k]![q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p]![k]!;
          const aqk = a[q]![k]!;
          a[p]![k] = c * apk - s * aqk;
          a[q]![k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k]![p]!;
          const vkq = v[k]![q]!;
          v[k]![p] = c * vkp - s * vkq;
          v[k]![q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: a.map((row, i) => row[i]!), vectors: v };
}

function identity(n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
}
