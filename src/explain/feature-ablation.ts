import type { Model, ModelInput } from '../model/index.js';
import type { Attribution, AttributeOptions, Explainer } from './explainer.js';
import { coalitionInputs } from './coalition-inputs.js';
import { type ForwardModel, forwardModelOf } from './explain-model.js';
import type { PerturbationOptions } from './exact-shapley.js';
import { elementMasks, evaluateMasked, referenceFor, spreadFeatures } from './masked-evaluation.js';

/**
 * Feature ablation: f(x)[target] − f(x with one feature (group) replaced by the reference).
 * @example `const { attributions } = await new FeatureAblation(model).attribute(x, { target: 1 });`
 */
export class FeatureAblation implements Explainer {
  readonly name = 'feature-ablation';
  readonly needsGradients = false;
  readonly hasConvergenceDelta = false;

  readonly model: ForwardModel;

  constructor(
    model: ForwardModel | Model,
    private readonly opts: PerturbationOptions = {},
  ) {
    this.model = forwardModelOf(model);
  }

  async attribute(input: ModelInput, opts: AttributeOptions = {}): Promise<Attribution> {
    const { inputs, n, target, groups, m } = await coalitionInputs(this.model, input, opts);
    const k = m + 1;
    const coalitions = new Uint8Array(k * m).fill(1);
    for (let j = 0; j < m; j++) coalitions[(j + 1) * m + j] = 0;
    const v = await evaluateMasked(this.model, inputs, referenceFor(inputs, opts, this.opts.background), target, elementMasks(coalitions, k, groups), k, this.opts.batchSize ?? 1024);
    const out = new Float64Array(n * m);
    for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) out[i * m + j] = v[i * k]! - v[i * k + j + 1]!;
    return { attributions: spreadFeatures(out, groups, inputs.shape) };
  }
}
