import type { Attribution, AttributeOptions, Explainer } from './explainer.js';
import { resolveTarget } from './explainer.js';
import type { Model, ModelInput } from '../model/index.js';
import { type ExplainModel, explainInputs, explainModelOf } from './explain-model.js';
import { f32, type F32 } from './rows.js';

/**
 * The raw gradient d output[target] / d input, row by row (on the raw model output, e.g. logits).
 * @example `const { attributions } = await new Gradient(model).attribute(x, { target: y });`
 */
export class Gradient implements Explainer {
  readonly name: string = 'gradient';
  readonly needsGradients = true;
  readonly hasConvergenceDelta = false;

  readonly model: ExplainModel;

  constructor(model: ExplainModel | Model) {
    this.model = explainModelOf(model);
  }

  async attribute(input: ModelInput, opts: AttributeOptions = {}): Promise<Attribution> {
    const inputs = await explainInputs(this.model, input);
    const target = resolveTarget(opts.target, inputs.shape[0] ?? 0, this.model.classes);
    const { gradient } = await this.model.gradient(inputs, target);
    return { attributions: this.transform(inputs, gradient) };
  }

  /** Maps (input, gradient) to the attribution; the identity for the raw gradient. */
  protected transform(_inputs: F32, gradient: F32): F32 {
    return gradient;
  }
}

/**
 * Saliency (Simonyan et al., 2013): the absolute value of the gradient.
 * @example `const { attributions } = await new Saliency(model).attribute(x, { target: 3 });`
 */
export class Saliency extends Gradient {
  override readonly name = 'saliency';
  protected override transform(_inputs: F32, gradient: F32): F32 {
    return f32(gradient.shape, gradient.data.map(Math.abs));
  }
}

/**
 * Gradient × input (Shrikumar et al., 2016).
 * @example `const { attributions } = await new InputXGradient(model).attribute(x, { target: 3 });`
 */
export class InputXGradient extends Gradient {
  override readonly name = 'input-x-gradient';
  protected override transform(inputs: F32, gradient: F32): F32 {
    return f32(gradient.shape, gradient.data.map((g, i) => g * inputs.data[i]!));
  }
}
