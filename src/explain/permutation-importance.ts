import type { Model, ModelInput } from '../model/index.js';
import { Rng, UsageError } from '../core/index.js';
import { resolveTarget, type Attribution, type AttributeOptions, type Explainer } from './explainer.js';
import { type ForwardModel, explainInputs, forwardModelOf } from './explain-model.js';
import { featureGroups } from './masked-evaluation.js';
import { f32, rowsOf, rowSize, type F32 } from './rows.js';

/** Per-row score that permutation importance watches drop. */
export type PermutationScore = 'target-output' | 'correct' | 'log-probability';

/** Options for {@link PermutationImportance}. */
export interface PermutationImportanceOptions {
  /** Shuffles per feature (default 5). */
  readonly repeats?: number;
  /** Per-row score (default 'log-probability' of the target class). */
  readonly score?: PermutationScore;
  readonly seed?: number;
  readonly batchSize?: number;
}

/** Global importance of one feature: mean score drop over repeats and its 95% confidence interval. */
export interface FeatureImportance {
  readonly feature: number;
  readonly mean: number;
  readonly std: number;
  readonly low: number;
  readonly high: number;
}

/** Permutation importance's result: per-row drops (input shape) and the global table. */
export interface PermutationAttribution extends Attribution {
  readonly importances: readonly FeatureImportance[];
}

/**
 * Permutation importance (Breiman, 2001; global): shuffle one feature (group) across the rows,
 * `repeats` times, and measure the drop of a per-row score. `attributions` holds each row's mean
 * drop for the feature's elements; `importances` the data-set mean with a t-based 95% interval.
 *
 * @example `const { importances } = await new PermutationImportance(model, { repeats: 10 }).attribute(x, { target: labels });`
 */
export class PermutationImportance implements Explainer {
  readonly name = 'permutation';
  readonly needsGradients = false;
  readonly hasConvergenceDelta = false;

  readonly model: ForwardModel;

  constructor(
    model: ForwardModel | Model,
    private readonly opts: PermutationImportanceOptions = {},
  ) {
    this.model = forwardModelOf(model);
  }

  async attribute(input: ModelInput, opts: AttributeOptions = {}): Promise<PermutationAttribution> {
    const inputs = await explainInputs(this.model, input);
    const n = rowsOf(inputs);
    const r = rowSize(inputs);
    if (n < 2) throw new UsageError('EXPLAIN_ROWS', `permutation importance shuffles features across rows and needs at least 2 rows, got ${n}`, { rows: n });
    const target = resolveTarget(opts.target, n, this.model.classes);
    const groups = featureGroups(opts.featureMask, r);
    const repeats = this.opts.repeats ?? 5;
    const rng = new Rng(this.opts.seed ?? 0);
    const base = this.scores(await this.model.forward(inputs), target);
    const perRow = new Float64Array(n * groups.count);
    const importances: FeatureImportance[] = [];
    for (let j = 0; j < groups.count; j++) {
      const elems = [...groups.index.keys()].filter((e) => groups.index[e] === j);
      const shuffled = f32([n * repeats, ...inputs.shape.slice(1)]);
      for (let t = 0; t < repeats; t++) {
        shuffled.data.set(inputs.data, t * n * r);
        const perm = rng.permutation(n);
        for (let i = 0; i < n; i++) for (const e of elems) shuffled.data[(t * n + i) * r + e] = inputs.data[perm[i]! * r + e]!;
      }
      const tiled = Int32Array.from({ length: n * repeats }, (_, p) => target[p % n]!);
      const s = this.scores(await this.model.forward(shuffled), tiled);
      const means = new Float64Array(repeats);
      for (let t = 0; t < repeats; t++) {
        for (let i = 0; i < n; i++) {
          const drop = base[i]! - s[t * n + i]!;
          perRow[i * groups.count + j]! += drop / repeats;
          means[t]! += drop / n;
        }
      }
      importances.push(summarize(j, means));
    }
    const out = f32(inputs.shape);
    for (let i = 0; i < n; i++) for (let e = 0; e < r; e++) out.data[i * r + e] = perRow[i * groups.count + groups.index[e]!]!;
    return { attributions: out, importances };
  }

  private scores(y: F32, target: Int32Array): Float64Array {
    const c = this.model.classes;
    const score = this.opts.score ?? 'log-probability';
    return Float64Array.from(target, (t, i) => {
      const row = y.data.subarray(i * c, (i + 1) * c);
      if (score === 'target-output') return row[t]!;
      let best = 0;
      let mx = -Infinity;
      row.forEach((v, q) => {
        if (v > mx) [mx, best] = [v, q];
      });
      if (score === 'correct') return best === t ? 1 : 0;
      let z = 0;
      for (const v of row) z += Math.exp(v - mx);
      return row[t]! - mx - Math.log(z);
    });
  }
}

/** Mean, standard deviation and a t-based 95% interval over repeats. */
function summarize(feature: number, xs: Float64Array): FeatureImportance {
  const k = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / k;
  const std = k > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (k - 1)) : 0;
  const half = k > 1 ? tQuantile975(k - 1) * (std / Math.sqrt(k)) : 0;
  return { feature, mean, std, low: mean - half, high: mean + half };
}

/** 97.5% quantile of Student's t with `df` degrees of freedom (table, then the normal limit). */
function tQuantile975(df: number): number {
  const table = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086];
  return table[df - 1] ?? (df < 30 ? 2.05 : df < 60 ? 2.01 : 1.96);
}
