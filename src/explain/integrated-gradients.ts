import type { Model, ModelInput } from '../model/index.js';
import { resolveBaseline } from './baselines.js';
import { resolveTarget, type Attribution, type AttributeOptions, type Explainer } from './explainer.js';
import { type ExplainModel, explainInputs, explainModelOf } from './explain-model.js';
import { quadrature, type QuadratureRule } from './quadrature.js';
import { concatRows, f32, pickTargets, rowsOf, rowSize, rowSums } from './rows.js';

/** Options for {@link IntegratedGradients}. */
export interface IntegratedGradientsOptions {
  /** Gradient evaluations per row (default 50). */
  readonly steps?: number;
  /** Integration rule (default 'gauss-legendre'). */
  readonly rule?: QuadratureRule;
  /** Interpolation points per runtime call, whatever the step count (default: the model's batch size). */
  readonly internalBatchSize?: number;
}

/**
 * Integrated gradients (Sundararajan et al., 2017): (x − x′) · ∫₀¹ ∇f(x′ + α(x − x′)) dα,
 * evaluated for all rows × steps in chunks of one compiled gradient graph, with the
 * convergence delta |Σ attributions − (f(x) − f(x′))| per row.
 *
 * @example
 * ```ts
 * const ig = new IntegratedGradients(model, { steps: 64, rule: 'trapezoid' });
 * const { attributions, delta } = await ig.attribute(x, { target: y, baselines: 'zero' });
 * ```
 */
export class IntegratedGradients implements Explainer {
  readonly name = 'integrated-gradients';
  readonly needsGradients = true;
  readonly hasConvergenceDelta = true;

  readonly model: ExplainModel;

  constructor(
    model: ExplainModel | Model,
    private readonly opts: IntegratedGradientsOptions = {},
  ) {
    this.model = explainModelOf(model);
  }

  async attribute(input: ModelInput, opts: AttributeOptions = {}): Promise<Attribution> {
    const inputs = await explainInputs(this.model, input);
    const n = rowsOf(inputs);
    const r = rowSize(inputs);
    const target = resolveTarget(opts.target, n, this.model.classes);
    const base = resolveBaseline(opts.baselines, inputs);
    const { alphas, weights } = quadrature(this.opts.rule ?? 'gauss-legendre', this.opts.steps ?? 50);
    const steps = alphas.length;
    const chunk = Math.max(1, this.opts.internalBatchSize ?? this.model.batchSize);
    const acc = new Float64Array(n * r);
    const total = n * steps;
    for (let p0 = 0; p0 < total; p0 += chunk) {
      const m = Math.min(chunk, total - p0);
      const pts = new Float32Array(m * r);
      const tg = new Int32Array(m);
      for (let j = 0; j < m; j++) {
        const row = Math.floor((p0 + j) / steps);
        const a = alphas[(p0 + j) % steps]!;
        tg[j] = target[row]!;
        const o = row * r;
        for (let e = 0; e < r; e++) {
          const b = base.data[o + e]!;
          pts[j * r + e] = b + a * (inputs.data[o + e]! - b);
        }
      }
      const { gradient } = await this.model.gradient(f32([m, ...inputs.shape.slice(1)], pts), tg);
      for (let j = 0; j < m; j++) {
        const o = Math.floor((p0 + j) / steps) * r;
        const w = weights[(p0 + j) % steps]!;
        for (let e = 0; e < r; e++) acc[o + e]! += w * gradient.data[j * r + e]!;
      }
    }
    const attr = f32(inputs.shape);
    for (let i = 0; i < n * r; i++) attr.data[i] = (inputs.data[i]! - base.data[i]!) * acc[i]!;
    const both = pickTargets(await this.model.forward(concatRows([inputs, base])), Int32Array.from({ length: 2 * n }, (_, i) => target[i % n]!));
    const sums = rowSums(attr);
    const delta = sums.map((s, i) => Math.abs(s - (both[i]! - both[n + i]!)));
    return { attributions: attr, delta };
  }
}
