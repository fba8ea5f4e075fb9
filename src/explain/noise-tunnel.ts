import type { ModelInput } from '../model/index.js';
import { explainInputs, type ForwardModel } from './explain-model.js';
import { Rng, UsageError } from '../core/index.js';
import { resolveBaseline } from './baselines.js';
import type { Attribution, AttributeOptions, Explainer } from './explainer.js';
import type { Target } from './explainer.js';
import { f32, rowsOf, rowSize, tileRows } from './rows.js';

/** How {@link NoiseTunnel} aggregates attributions of noisy copies. */
export type NoiseTunnelType = 'smoothgrad' | 'smoothgrad-sq' | 'vargrad';

/** Options for {@link NoiseTunnel}. */
export interface NoiseTunnelOptions {
  readonly type?: NoiseTunnelType;
  /** Noisy copies per row (default 25). */
  readonly samples?: number;
  /** Noise standard deviation as a fraction of each row's value range max − min (default 0.15). */
  readonly noiseLevel?: number;
  readonly seed?: number;
}

/**
 * SmoothGrad / VarGrad around any explainer (Smilkov et al., 2017; Adebayo et al., 2018):
 * explains `samples` Gaussian-noised copies of every row in one call of the inner explainer and
 * returns their mean (smoothgrad), mean of squares (smoothgrad-sq) or variance (vargrad).
 *
 * @example `const sg = new NoiseTunnel(new Saliency(model), { samples: 50 });`
 */
export class NoiseTunnel implements Explainer {
  readonly name: string;
  readonly needsGradients: boolean;
  readonly hasConvergenceDelta = false;

  constructor(
    readonly inner: Explainer,
    private readonly opts: NoiseTunnelOptions = {},
  ) {
    this.name = `${opts.type ?? 'smoothgrad'}(${inner.name})`;
    this.needsGradients = inner.needsGradients;
  }

  /** The inner explainer's model. */
  get model(): ForwardModel | undefined {
    return this.inner.model;
  }

  async attribute(input: ModelInput, opts: AttributeOptions = {}): Promise<Attribution> {
    const inputs = await explainInputs(this.inner.model, input);
    const n = rowsOf(inputs);
    const r = rowSize(inputs);
    const s = this.opts.samples ?? 25;
    if (!Number.isInteger(s) || s < 1) throw new UsageError('EXPLAIN_SAMPLES', `noise tunnel samples must be a positive integer, got ${s}`, { samples: s });
    const rng = new Rng(this.opts.seed ?? 0);
    const level = this.opts.noiseLevel ?? 0.15;
    const noisy = tileRows(inputs, s);
    for (let i = 0; i < n; i++) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let e = 0; e < r; e++) {
        lo = Math.min(lo, inputs.data[i * r + e]!);
        hi = Math.max(hi, inputs.data[i * r + e]!);
      }
      const sd = level * (hi - lo || 1);
      for (let c = 0; c < s; c++) for (let e = 0; e < r; e++) noisy.data[(c * n + i) * r + e]! += sd * rng.normal();
    }
    // Per-row targets and baselines follow their rows into every noisy copy.
    const target = tileTarget(opts.target, n, s);
    const b = opts.baselines;
    const base = b !== undefined && typeof b === 'object' && 'data' in b && rowsOf(b) === n && n > 1 ? tileRows(resolveBaseline(b, inputs), s) : b;
    const inner = await this.inner.attribute(noisy, { ...opts, ...(target === undefined ? {} : { target }), ...(base === undefined ? {} : { baselines: base }) });
    const a = inner.attributions.data;
    const type = this.opts.type ?? 'smoothgrad';
    const out = f32(inputs.shape);
    for (let i = 0; i < n * r; i++) {
      let sum = 0;
      let sq = 0;
      for (let c = 0; c < s; c++) {
        const v = a[c * n * r + i]!;
        sum += v;
        sq += v * v;
      }
      const mean = sum / s;
      out.data[i] = type === 'smoothgrad' ? mean : type === 'smoothgrad-sq' ? sq / s : sq / s - mean * mean;
    }
    return { attributions: out };
  }
}

function tileTarget(t: Target | undefined, n: number, copies: number): Target | undefined {
  if (t === undefined || typeof t === 'number') return t;
  const values = 'dtype' in t ? Array.from(t.data, Number) : [...t];
  if (values.length !== n) return t; // the inner explainer reports the mismatch
  return Array.from({ length: n * copies }, (_, j) => values[j % n]!);
}
