import type { Model, ModelInput } from '../model/index.js';
import { Rng } from '../core/index.js';
import type { Attribution, AttributeOptions } from './explainer.js';
import { CoalitionExplainer, coalitionInputs, type PerturbationOptions } from './coalition-inputs.js';
import type { ForwardModel } from './explain-model.js';
import { binomial } from './exact-shapley.js';
import { weightedLeastSquares } from './linear-solve.js';
import { spreadFeatures } from './masked-evaluation.js';
import { rowsOf } from './rows.js';

/** Options for {@link KernelShap}. */
export interface KernelShapOptions extends PerturbationOptions {
  /** Coalitions evaluated per row (model calls per row × background rows; default 2048). */
  readonly samples?: number;
  readonly seed?: number;
}

/** Sampled coalitions [K, M] and their Shapley-kernel regression weights. */
export interface CoalitionSample {
  readonly masks: Uint8Array;
  readonly weights: Float64Array;
  readonly count: number;
}

/**
 * KernelSHAP (Lundberg & Lee, 2017): Shapley values as the solution of a weighted linear
 * regression over coalitions, with the efficiency constraint Σφ = f(x) − f(reference) built in.
 * Coalition sizes are enumerated completely, smallest first, while the budget allows (so small
 * M is exact); the rest are sampled in complementary pairs. Model calls are batched.
 *
 * @example `const { attributions } = await new KernelShap(model, { samples: 2048 }).attribute(x, { target: 1, baselines: b });`
 */
export class KernelShap extends CoalitionExplainer<KernelShapOptions> {
  readonly name = 'kernel-shap';
  /** Model rows evaluated by the last call (for throughput reports). */
  evaluations = 0;

  constructor(model: ForwardModel | Model, opts: KernelShapOptions = {}) {
    super(model, opts);
  }

  override async attribute(input: ModelInput, opts: AttributeOptions = {}): Promise<Attribution> {
    const c = await coalitionInputs(this.model, input, opts);
    const { inputs, n, groups, m } = c;
    const sample = sampleCoalitions(m, this.opts.samples ?? 2048, new Rng(this.opts.seed ?? 0));
    // Coalition 0 = empty, 1 = full, then the sampled ones.
    const k = sample.count + 2;
    const all = new Uint8Array(k * m);
    all.fill(1, m, 2 * m);
    all.set(sample.masks, 2 * m);
    const { v, reference: ref } = await this.evaluateCoalitions(c, opts, all, k);
    this.evaluations = n * k * (ref.perRow ? 1 : rowsOf(ref.rows));
    const phi = new Float64Array(n * m);
    if (m === 1) {
      for (let i = 0; i < n; i++) phi[i] = v[i * k + 1]! - v[i * k]!;
      return { attributions: spreadFeatures(phi, groups, inputs.shape) };
    }
    // Eliminate φ_{M-1} = total − Σ others: regress y − z_last·total on (z_j − z_last).
    const p = m - 1;
    const s = sample.count;
    const z = new Float64Array(s * p);
    const y = new Float64Array(s * n);
    for (let t = 0; t < s; t++) {
      const last = sample.masks[t * m + p]!;
      for (let j = 0; j < p; j++) z[t * p + j] = sample.masks[t * m + j]! - last;
      for (let i = 0; i < n; i++) {
        const total = v[i * k + 1]! - v[i * k]!;
        y[t * n + i] = v[i * k + 2 + t]! - v[i * k]! - last * total;
      }
    }
    const beta = weightedLeastSquares(z, sample.weights, y, s, p, n, 1e-10);
    for (let i = 0; i < n; i++) {
      let rest = v[i * k + 1]! - v[i * k]!;
      for (let j = 0; j < p; j++) {
        phi[i * m + j] = beta[j * n + i]!;
        rest -= beta[j * n + i]!;
      }
      phi[i * m + p] = rest;
    }
    return { attributions: spreadFeatures(phi, groups, inputs.shape) };
  }
}

/**
 * Coalitions for KernelSHAP with the Shapley kernel: sizes s and M−s are paired; a size pair is
 * enumerated when the remaining budget covers it, otherwise coalitions are drawn (with their
 * complements) from the remaining sizes and share the remaining kernel weight.
 * @example `sampleCoalitions(8, 2048, new Rng(0)).count` → 254 (all proper coalitions)
 */
export function sampleCoalitions(m: number, budget: number, rng: Rng): CoalitionSample {
  const masks: number[][] = [];
  const weights: number[] = [];
  const sizes = Math.ceil((m - 1) / 2);
  const kernel = Array.from({ length: sizes }, (_, i) => ((m - 1) / ((i + 1) * (m - i - 1))) * (i + 1 !== m - i - 1 ? 2 : 1));
  const totalW = kernel.reduce((a, b) => a + b, 0);
  const wv = kernel.map((w) => w / totalW);
  let left = Math.max(0, Math.min(budget, 2 ** m - 2));
  let full = 0;
  let remW = 1;
  for (let si = 0; si < sizes; si++) {
    const s = si + 1;
    const paired = s !== m - s;
    const count = binomial(m, s) * (paired ? 2 : 1);
    if (left * (wv[si]! / remW) + 1e-8 < count) break;
    const w = wv[si]! / count;
    forEachSubset(m, s, (mask) => {
      masks.push(mask);
      weights.push(w);
      if (paired) {
        masks.push(mask.map((b) => 1 - b));
        weights.push(w);
      }
    });
    left -= count;
    remW -= wv[si]!;
    full++;
  }
  if (full < sizes && left > 0) {
    const restW = wv.slice(full);
    const sum = restW.reduce((a, b) => a + b, 0);
    const seen = new Map<string, number>();
    const drawn: number[] = [];
    // Paired draws until the budget is spent (bounded: duplicates only add weight).
    for (let tries = 0; (left >= 2 || (left === 1 && drawn.length === 0)) && tries < 50 * budget; tries++) {
      let u = rng.uniform() * sum;
      let si = full;
      while (si < sizes - 1 && u >= restW[si - full]!) u -= restW[si++ - full]!;
      const s = si + 1;
      const mask = new Array<number>(m).fill(0);
      const perm = rng.permutation(m);
      for (let j = 0; j < s; j++) mask[perm[j]!] = 1;
      for (const mk of [mask, mask.map((b) => 1 - b)]) {
        const key = mk.join('');
        const at = seen.get(key);
        if (at === undefined) {
          seen.set(key, masks.length);
          masks.push(mk);
          weights.push(1);
          drawn.push(masks.length - 1);
          left--;
        } else weights[at]! += 1;
      }
    }
    const drawnW = drawn.reduce((a, t) => a + weights[t]!, 0);
    for (const t of drawn) weights[t] = (weights[t]! / drawnW) * remW;
  }
  return { masks: Uint8Array.from(masks.flat()), weights: Float64Array.from(weights), count: masks.length };
}

function forEachSubset(m: number, s: number, fn: (mask: number[]) => void): void {
  const idx = Array.from({ length: s }, (_, i) => i);
  for (;;) {
    const mask = new Array<number>(m).fill(0);
    for (const i of idx) mask[i] = 1;
    fn(mask);
    let i = s - 1;
    while (i >= 0 && idx[i] === m - s + i) i--;
    if (i < 0) return;
    idx[i]!++;
    for (let j = i + 1; j < s; j++) idx[j] = idx[j - 1]! + 1;
  }
}
