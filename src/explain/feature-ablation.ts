import type { Model, ModelInput } from '../model/index.js';
import type { Attribution, AttributeOptions } from './explainer.js';
import { CoalitionExplainer, coalitionInputs, type PerturbationOptions } from './coalition-inputs.js';
import type { ForwardModel } from './explain-model.js';
import { spreadFeatures } from './masked-evaluation.js';

/**
 * Feature ablation: f(x)[target] − f(x with one feature (group) replaced by the reference).
 * @example `const { attributions } = await new FeatureAblation(model).attribute(x, { target: 1 });`
 */
export class FeatureAblation extends CoalitionExplainer<PerturbationOptions> {
  readonly name = 'feature-ablation';

  constructor(model: ForwardModel | Model, opts: PerturbationOptions = {}) {
    super(model, opts);
  }

  override async attribute(input: ModelInput, opts: AttributeOptions = {}): Promise<Attribution> {
    const c = await coalitionInputs(this.model, input, opts);
    const { inputs, n, groups, m } = c;
    const k = m + 1;
    const coalitions = new Uint8Array(k * m).fill(1);
    for (let j = 0; j < m; j++) coalitions[(j + 1) * m + j] = 0;
    const { v } = await this.evaluateCoalitions(c, opts, coalitions, k);
    const out = new Float64Array(n * m);
    for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) out[i * m + j] = v[i * k]! - v[i * k + j + 1]!;
    return { attributions: spreadFeatures(out, groups, inputs.shape) };
  }
}
