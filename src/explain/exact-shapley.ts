import type { Model, ModelInput } from '../model/index.js';
import { UsageError } from '../core/index.js';
import type { Attribution, AttributeOptions } from './explainer.js';
import { CoalitionExplainer, coalitionInputs, type PerturbationOptions } from './coalition-inputs.js';
import type { ForwardModel } from './explain-model.js';
import { spreadFeatures } from './masked-evaluation.js';

/** Most features {@link ExactShapley} enumerates (2^16 coalitions per row). */
export const MAX_EXACT_FEATURES = 16;

/**
 * Exact Shapley values by enumerating all 2^M coalitions (M ≤ 16 features or feature groups):
 * φ_i = Σ_{S∌i} |S|!(M−|S|−1)!/M! · (v(S∪{i}) − v(S)), v(S) = f(x_S, reference_{−S})[target].
 * Additive: Σ φ = f(x) − f(reference).
 *
 * @example `const { attributions } = await new ExactShapley(model).attribute(x, { target: 1, baselines: b });`
 */
export class ExactShapley extends CoalitionExplainer<PerturbationOptions> {
  readonly name = 'exact-shapley';

  constructor(model: ForwardModel | Model, opts: PerturbationOptions = {}) {
    super(model, opts);
  }

  override async attribute(input: ModelInput, opts: AttributeOptions = {}): Promise<Attribution> {
    const c = await coalitionInputs(this.model, input, opts);
    const { inputs, n, groups, m } = c;
    if (m > MAX_EXACT_FEATURES) {
      throw new UsageError('EXPLAIN_TOO_MANY_FEATURES', `exact Shapley enumerates 2^M coalitions; ${m} features is too many (at most ${MAX_EXACT_FEATURES}); group features with a featureMask or use kernel-shap`, { features: m, max: MAX_EXACT_FEATURES });
    }
    const k = 1 << m;
    const coalitions = new Uint8Array(k * m);
    for (let s = 0; s < k; s++) for (let j = 0; j < m; j++) coalitions[s * m + j] = (s >> j) & 1;
    const { v } = await this.evaluateCoalitions(c, opts, coalitions, k);
    const weight = shapleyWeights(m);
    const phi = new Float64Array(n * m);
    for (let i = 0; i < n; i++) {
      for (let s = 0; s < k; s++) {
        const size = popcount(s);
        for (let j = 0; j < m; j++) {
          if ((s >> j) & 1) continue;
          phi[i * m + j]! += weight[size]! * (v[i * k + (s | (1 << j))]! - v[i * k + s]!);
        }
      }
    }
    return { attributions: spreadFeatures(phi, groups, inputs.shape) };
  }
}

/** w(s) = s!(M−s−1)!/M! for s = 0..M−1. */
export function shapleyWeights(m: number): Float64Array {
  const w = new Float64Array(m);
  for (let s = 0; s < m; s++) w[s] = 1 / (m * binomial(m - 1, s));
  return w;
}

/** The binomial coefficient C(n, k) as a float. */
export function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  const kk = Math.min(k, n - k);
  let r = 1;
  for (let i = 1; i <= kk; i++) r = (r * (n - kk + i)) / i;
  return r;
}

function popcount(s: number): number {
  let c = 0;
  for (let t = s; t; t &= t - 1) c++;
  return c;
}
