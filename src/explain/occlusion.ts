import type { Model, ModelInput } from '../model/index.js';
import { UsageError, boxIndices } from '../core/index.js';
import { resolveTarget, type Attribution, type AttributeOptions, type Explainer } from './explainer.js';
import { type ForwardModel, explainInputs, forwardModelOf } from './explain-model.js';
import type { PerturbationOptions } from './coalition-inputs.js';
import { evaluateMasked, referenceFor } from './masked-evaluation.js';
import { f32, rowsOf, rowSize } from './rows.js';

/** Options for {@link Occlusion}. */
export interface OcclusionOptions extends PerturbationOptions {
  /** Window shape over one row's axes (e.g. [1, 3, 3] for [C, H, W]); default 1 along every axis but the last two, 3 on those. */
  readonly window?: readonly number[];
  /** Window strides (default: 1 along every axis). */
  readonly strides?: readonly number[];
}

/**
 * Occlusion (Zeiler & Fergus, 2014): slide a window over each row, replace it by the reference,
 * and give each element the mean output drop f(x) − f(occluded) over the windows covering it.
 *
 * @example `await new Occlusion(model, { window: [1, 4, 4], strides: [1, 2, 2] }).attribute(x, { target: 3 })`
 */
export class Occlusion implements Explainer {
  readonly name = 'occlusion';
  readonly needsGradients = false;
  readonly hasConvergenceDelta = false;

  readonly model: ForwardModel;

  constructor(
    model: ForwardModel | Model,
    private readonly opts: OcclusionOptions = {},
  ) {
    this.model = forwardModelOf(model);
  }

  async attribute(input: ModelInput, opts: AttributeOptions = {}): Promise<Attribution> {
    const inputs = await explainInputs(this.model, input);
    const n = rowsOf(inputs);
    const dims = inputs.shape.slice(1);
    const target = resolveTarget(opts.target, n, this.model.classes);
    const window = this.opts.window ?? dims.map((d, i) => (i >= dims.length - 2 ? Math.min(3, d) : 1));
    const strides = this.opts.strides ?? dims.map(() => 1);
    if (window.length !== dims.length || strides.length !== dims.length || window.some((w, i) => w < 1 || w > dims[i]!) || strides.some((s) => s < 1)) {
      throw new UsageError('EXPLAIN_WINDOW', `occlusion window [${window.join(', ')}] / strides [${strides.join(', ')}] must have one positive entry per row axis [${dims.join(', ')}], windows no larger than the axis`, { window, strides, dims });
    }
    const positions = dims.map((d, i) => Math.floor((d - window[i]!) / strides[i]!) + 1);
    const k = positions.reduce((a, b) => a * b, 1) + 1;
    const r = rowSize(inputs);
    const masks = new Uint8Array(k * r).fill(1);
    const counts = new Float64Array(r);
    const windowOf = new Array<Int32Array>(k - 1);
    const pos = new Array<number>(dims.length).fill(0);
    for (let w = 0; w < k - 1; w++) {
      const elems = boxIndices(pos.map((p, i) => p * strides[i]!), window, dims);
      windowOf[w] = elems;
      for (const e of elems) {
        masks[(w + 1) * r + e] = 0;
        counts[e]!++;
      }
      for (let a = dims.length - 1; a >= 0 && ++pos[a]! >= positions[a]!; a--) pos[a] = 0;
    }
    const v = await evaluateMasked(this.model, inputs, referenceFor(inputs, opts, this.opts.background), target, masks, k, this.opts.batchSize ?? 1024);
    const out = f32(inputs.shape);
    for (let i = 0; i < n; i++) {
      for (let w = 0; w < k - 1; w++) {
        const drop = v[i * k]! - v[i * k + w + 1]!;
        for (const e of windowOf[w]!) out.data[i * r + e]! += drop / counts[e]!;
      }
    }
    return { attributions: out };
  }
}
