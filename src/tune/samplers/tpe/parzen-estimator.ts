import type { Rng } from '../../../core/index.js';
import { logGaussMass } from './normal-mass.js';

/**
 * The grid of a discrete numeric axis: values `low + step/2 + k·step` on a linear axis, or the
 * logarithms of integers `v` (cell [log(v − step/2), log(v + step/2)]) on a log axis.
 */
export interface ParzenGrid {
  readonly step: number;
  readonly log: boolean;
}

/**
 * One dimension of a Parzen estimator: a bounded real axis (optionally discrete: its points are
 * snapped to the grid and scored by the probability mass of their cell) or a categorical axis.
 */
export type ParzenAxis = { readonly kind: 'numeric'; readonly low: number; readonly high: number; readonly grid?: ParzenGrid } | { readonly kind: 'categorical'; readonly size: number };

/** How kernel widths are chosen. */
export type BandwidthRule = 'neighbors' | 'scott';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * A weighted mixture of product kernels (truncated Gaussians on numeric axes, smoothed
 * one-hot distributions on categorical axes) plus a broad prior component — the density model
 * behind TPE. Observations are rows of transformed values (numeric) or indices (categorical).
 * Cost is linear in the number of observations for both sampling and evaluation.
 *
 * @example
 * ```ts
 * const pe = new ParzenEstimator([{ kind: 'numeric', low: 0, high: 1 }], [[0.2], [0.3]], [1, 1]);
 * pe.logPdf([[0.25]]);
 * ```
 */
export class ParzenEstimator {
  private readonly axes: readonly ParzenAxis[];
  private readonly logWeights: Float64Array;
  private readonly cumulative: Float64Array;
  /** Per axis: means (numeric) or component index → category probabilities (categorical). */
  private readonly mus: Float64Array[] = [];
  private readonly sigmas: Float64Array[] = [];
  /** Per numeric axis: 1/σ, −log(σ·√(2π)·Z) and log Z (the kernel's mass inside the axis) per component. */
  private readonly invSigma: Float64Array[] = [];
  private readonly logNorm: Float64Array[] = [];
  private readonly logInside: Float64Array[] = [];
  /** Per categorical axis: each component's observed index (−1 for the prior). */
  private readonly catObs: Int32Array[] = [];
  /** Per categorical axis: [log p(hit), log p(miss), log p(prior)], shared by all components. */
  private readonly catLog: (readonly [number, number, number])[] = [];
  private readonly catFill: number[] = [];
  readonly components: number;

  constructor(axes: readonly ParzenAxis[], columns: readonly Float64Array[], weights: readonly number[], options: { readonly priorWeight?: number; readonly bandwidth?: BandwidthRule } = {}) {
    const priorWeight = options.priorWeight ?? 1;
    const rule = options.bandwidth ?? 'neighbors';
    const n = columns[0]?.length ?? 0;
    this.axes = axes;
    this.components = n + 1;
    const w = [...weights.slice(0, n), priorWeight];
    const total = w.reduce((a, b) => a + b, 0);
    this.logWeights = Float64Array.from(w, (x) => Math.log(x / total));
    this.cumulative = new Float64Array(n + 1);
    let acc = 0;
    for (let k = 0; k <= n; k++) this.cumulative[k] = acc += w[k]! / total;
    axes.forEach((axis, d) => {
      if (axis.kind === 'categorical') {
        // Each kernel puts `fill` on every category plus 1 on its observation; the prior is uniform.
        const fill = priorWeight / (n + 1);
        const total = axis.size * fill + 1;
        const obs = new Int32Array(n + 1).fill(-1);
        for (let k = 0; k < n; k++) obs[k] = columns[d]![k]!;
        this.catObs[d] = obs;
        this.catFill[d] = fill;
        this.catLog[d] = [Math.log((fill + 1) / total), Math.log(fill / total), -Math.log(axis.size)];
        return;
      }
      const { low, high } = axis;
      const range = high - low;
      const mu = new Float64Array(n + 1);
      mu.set(columns[d]!);
      mu[n] = (low + high) / 2;
      const sigma = new Float64Array(n + 1);
      if (rule === 'scott') {
        sigma.fill(0.2 * Math.max(n, 1) ** (-1 / (axes.length + 4)) * range);
      } else {
        neighborSigmas(mu, low, high, sigma);
      }
      // The prior is a kernel too: n observations + 1 prior give the floor range / min(100, n + 2).
      const minSigma = range / Math.min(100, n + 2);
      for (let k = 0; k <= n; k++) sigma[k] = Math.min(range, Math.max(minSigma, sigma[k]!));
      sigma[n] = range;
      const norm = new Float64Array(n + 1);
      const inside = new Float64Array(n + 1);
      for (let k = 0; k <= n; k++) {
        inside[k] = logGaussMass((low - mu[k]!) / sigma[k]!, (high - mu[k]!) / sigma[k]!);
        norm[k] = -(inside[k]! + Math.log(sigma[k]!) + LOG_SQRT_2PI);
      }
      this.mus[d] = mu;
      this.sigmas[d] = sigma;
      this.invSigma[d] = Float64Array.from(sigma, (v) => 1 / v);
      this.logNorm[d] = norm;
      this.logInside[d] = inside;
    });
  }

  /** Draws `count` points. */
  sample(rng: Rng, count: number): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < count; i++) {
      const u = rng.uniform();
      let k = 0;
      while (k < this.components - 1 && this.cumulative[k]! <= u) k++;
      out.push(this.axes.map((axis, d) => {
        if (axis.kind === 'categorical') {
          const observed = this.catObs[d]![k]!;
          if (observed < 0) return rng.int(axis.size);
          const fill = this.catFill[d]!;
          const u = rng.uniform() * (axis.size * fill + 1);
          return u < 1 ? observed : Math.min(axis.size - 1, Math.floor((u - 1) / fill));
        }
        const mu = this.mus[d]![k]!;
        const sigma = this.sigmas[d]![k]!;
        for (let tries = 0; tries < 100; tries++) {
          const x = mu + sigma * rng.normal();
          if (x >= axis.low && x <= axis.high) return snapToGrid(axis, x);
        }
        return snapToGrid(axis, axis.low + rng.uniform() * (axis.high - axis.low));
      }));
    }
    return out;
  }

  /** Log density of each point (on discrete axes: log probability of the point's grid cell). */
  logPdf(points: readonly (readonly number[])[]): number[] {
    const K = this.components;
    const terms = new Float64Array(K);
    const out: number[] = [];
    for (const x of points) {
      terms.set(this.logWeights);
      for (let d = 0; d < this.axes.length; d++) {
        const xd = x[d]!;
        const axis = this.axes[d]!;
        if (axis.kind === 'categorical') {
          const obs = this.catObs[d]!;
          const [hit, miss, prior] = this.catLog[d]!;
          for (let k = 0; k < K; k++) {
            const o = obs[k]!;
            terms[k]! += o < 0 ? prior : o === xd ? hit : miss;
          }
          continue;
        }
        const mu = this.mus[d]!;
        const inv = this.invSigma[d]!;
        if (axis.grid !== undefined) {
          const [lo, hi] = gridCell(axis, axis.grid, xd);
          const inside = this.logInside[d]!;
          for (let k = 0; k < K; k++) terms[k]! += logGaussMass((lo - mu[k]!) * inv[k]!, (hi - mu[k]!) * inv[k]!) - inside[k]!;
          continue;
        }
        const norm = this.logNorm[d]!;
        for (let k = 0; k < K; k++) {
          const z = (xd - mu[k]!) * inv[k]!;
          terms[k]! += norm[k]! - 0.5 * z * z;
        }
      }
      let max = -Infinity;
      for (let k = 0; k < K; k++) if (terms[k]! > max) max = terms[k]!;
      if (max === -Infinity) {
        out.push(-Infinity);
        continue;
      }
      let sum = 0;
      for (let k = 0; k < K; k++) sum += Math.exp(terms[k]! - max);
      out.push(max + Math.log(sum));
    }
    return out;
  }
}

/**
 * Kernel width = the larger gap to its neighbours in sorted order, the axis bounds acting as
 * neighbours of the extremes except that the extremes use their single inner gap (Optuna's
 * univariate rule). Equal values are neighbours at distance 0, ordered by index (a stable sort),
 * as in the reference. O(n log n).
 */
function neighborSigmas(mu: Float64Array, low: number, high: number, out: Float64Array): void {
  const m = mu.length;
  const order = Array.from({ length: m }, (_, k) => k).sort((a, b) => mu[a]! - mu[b]! || a - b);
  for (let r = 0; r < m; r++) {
    const v = mu[order[r]!]!;
    const left = v - (r === 0 ? low : mu[order[r - 1]!]!);
    const right = (r === m - 1 ? high : mu[order[r + 1]!]!) - v;
    let s = Math.max(left, right);
    if (m >= 2 && r === 0) s = right;
    if (m >= 2 && r === m - 1) s = left;
    out[order[r]!] = s;
  }
}

/**
 * The grid point nearest to `x` on a discrete axis (identity on a continuous one).
 * @example `snapToGrid({ kind: 'numeric', low: 0.5, high: 5.5, grid: { step: 1, log: false } }, 2.7) // 3`
 */
export function snapToGrid(axis: { readonly low: number; readonly high: number; readonly grid?: ParzenGrid }, x: number): number {
  const grid = axis.grid;
  if (grid === undefined) return x;
  const half = grid.step / 2;
  if (grid.log) {
    const first = Math.exp(axis.low) + half;
    const last = first + Math.floor((Math.exp(axis.high) - half - first) / grid.step + 1e-9) * grid.step;
    return Math.log(Math.min(last, Math.max(first, first + Math.round((Math.exp(x) - first) / grid.step) * grid.step)));
  }
  const first = axis.low + half;
  const last = first + Math.floor((axis.high - half - first) / grid.step + 1e-9) * grid.step;
  return Math.min(last, Math.max(first, first + Math.round((x - first) / grid.step) * grid.step));
}

/** The cell [lo, hi] of grid point `x` on the transformed axis, inside the axis bounds. */
function gridCell(axis: { readonly low: number; readonly high: number }, grid: ParzenGrid, x: number): [number, number] {
  const half = grid.step / 2;
  if (grid.log) {
    const v = Math.exp(x);
    return [Math.max(axis.low, Math.log(v - half)), Math.min(axis.high, Math.log(v + half))];
  }
  return [Math.max(axis.low, x - half), Math.min(axis.high, x + half)];
}

/**
 * TPE's observation weights: flat for the newest 25, a linear ramp for older ones.
 * @example `defaultWeights(3) // [1, 1, 1]`
 */
export function defaultWeights(n: number): number[] {
  if (n < 25) return new Array<number>(n).fill(1);
  const rampCount = n - 25;
  const ramp = Array.from({ length: rampCount }, (_, i) => (rampCount === 1 ? 1 / n : 1 / n + (i * (1 - 1 / n)) / (rampCount - 1)));
  return [...ramp, ...new Array<number>(25).fill(1)];
}
