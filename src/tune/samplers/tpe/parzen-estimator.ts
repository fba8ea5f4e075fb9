import type { RandomGenerator } from '../../random/index.js';

/** One dimension of a Parzen estimator: a bounded real axis or a categorical axis. */
export type ParzenAxis = { readonly kind: 'numeric'; readonly low: number; readonly high: number } | { readonly kind: 'categorical'; readonly size: number };

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
  /** Per numeric axis: 1/σ and −log(σ·√(2π)·Z) per component. */
  private readonly invSigma: Float64Array[] = [];
  private readonly logNorm: Float64Array[] = [];
  /** Per categorical axis: each component's observed index (−1 for the prior). */
  private readonly catObs: Int32Array[] = [];
  /** Per categorical axis: [log p(hit), log p(miss), log p(prior)], shared by all components. */
  private readonly catLog: (readonly [number, number, number])[] = [];
  private readonly catFill: number[] = [];
  readonly components: number;

  constructor(axes: readonly ParzenAxis[], columns: readonly Float64Array[], weights: readonly number[], options: { readonly priorWeight?: number; readonly bandwidth?: BandwidthRule } = {}) {
    const priorWeight = options.priorWeight ?? 1;
    const rule = options.bandwidth ?? (axes.length === 1 ? 'neighbors' : 'scott');
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
      const minSigma = range / Math.min(100, 1 + n);
      for (let k = 0; k <= n; k++) sigma[k] = Math.min(range, Math.max(minSigma, sigma[k]!));
      sigma[n] = range;
      const norm = new Float64Array(n + 1);
      for (let k = 0; k <= n; k++) {
        const z = normalCdf((high - mu[k]!) / sigma[k]!) - normalCdf((low - mu[k]!) / sigma[k]!);
        norm[k] = -(Math.log(Math.max(z, 1e-300)) + Math.log(sigma[k]!) + LOG_SQRT_2PI);
      }
      this.mus[d] = mu;
      this.sigmas[d] = sigma;
      this.invSigma[d] = Float64Array.from(sigma, (v) => 1 / v);
      this.logNorm[d] = norm;
    });
  }

  /** Draws `count` points. */
  sample(rng: RandomGenerator, count: number): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < count; i++) {
      const u = rng.next();
      let k = 0;
      while (k < this.components - 1 && this.cumulative[k]! <= u) k++;
      out.push(this.axes.map((axis, d) => {
        if (axis.kind === 'categorical') {
          const observed = this.catObs[d]![k]!;
          if (observed < 0) return rng.int(axis.size);
          const fill = this.catFill[d]!;
          const u = rng.next() * (axis.size * fill + 1);
          return u < 1 ? observed : Math.min(axis.size - 1, Math.floor((u - 1) / fill));
        }
        const mu = this.mus[d]![k]!;
        const sigma = this.sigmas[d]![k]!;
        for (let tries = 0; tries < 100; tries++) {
          const x = mu + sigma * rng.normal();
          if (x >= axis.low && x <= axis.high) return x;
        }
        return axis.low + rng.next() * (axis.high - axis.low);
      }));
    }
    return out;
  }

  /** Log density of each point. */
  logPdf(points: readonly (readonly number[])[]): number[] {
    const K = this.components;
    const terms = new Float64Array(K);
    const out: number[] = [];
    for (const x of points) {
      terms.set(this.logWeights);
      for (let d = 0; d < this.axes.length; d++) {
        const xd = x[d]!;
        if (this.axes[d]!.kind === 'categorical') {
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
 * Kernel width = the larger gap to a sorted neighbour (Optuna's univariate rule); the extreme
 * points use their single inner gap. Native numeric sort plus binary search: O(n log n).
 */
function neighborSigmas(mu: Float64Array, low: number, high: number, out: Float64Array): void {
  const sorted = Float64Array.from(mu).sort();
  const m = sorted.length;
  for (let k = 0; k < m; k++) {
    const v = mu[k]!;
    let lo = 0;
    let hi = m - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    let j = lo;
    while (j + 1 < m && sorted[j + 1] === v) j++;
    const left = lo === 0 ? v - low : v - sorted[lo - 1]!;
    const right = j === m - 1 ? high - v : sorted[j + 1]! - v;
    let s = Math.max(left, right);
    if (m >= 2 && lo === 0) s = sorted[1]! - sorted[0]!;
    if (m >= 2 && j === m - 1) s = sorted[m - 1]! - sorted[m - 2]!;
    out[k] = s;
  }
}

/**
 * Standard normal CDF via erf (Abramowitz–Stegun 7.1.26, |error| < 1.5e-7).
 * @example `normalCdf(0) // 0.5`
 */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
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
