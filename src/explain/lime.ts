import type { Model, ModelInput } from '../model/index.js';
import { Rng } from '../core/index.js';
import type { Attribution, AttributeOptions } from './explainer.js';
import { CoalitionExplainer, coalitionInputs, type PerturbationOptions } from './coalition-inputs.js';
import type { ForwardModel } from './explain-model.js';
import { weightedLeastSquares } from './linear-solve.js';
import { spreadFeatures } from './masked-evaluation.js';

/** Options for {@link Lime}. */
export interface LimeOptions extends PerturbationOptions {
  /** Perturbed samples per row (default 1000). */
  readonly samples?: number;
  /** Width of the exponential kernel on the cosine distance to the full coalition (default 0.75). */
  readonly kernelWidth?: number;
  /** Ridge penalty of the local linear model (default 1, as in the lime package). */
  readonly ridge?: number;
  readonly seed?: number;
}

/**
 * LIME for tabular data (Ribeiro et al., 2016): switch features on or off at random (off = the
 * reference or background values), weight each sample by exp(−d²/width²) with d its cosine
 * distance to x in the on/off space, and fit a weighted ridge regression with intercept; the
 * coefficients are the attributions.
 *
 * @example `const { attributions } = await new Lime(model, { samples: 1000 }).attribute(x, { target: 1 });`
 */
export class Lime extends CoalitionExplainer<LimeOptions> {
  readonly name = 'lime';

  constructor(model: ForwardModel | Model, opts: LimeOptions = {}) {
    super(model, opts);
  }

  override async attribute(input: ModelInput, opts: AttributeOptions = {}): Promise<Attribution> {
    const c = await coalitionInputs(this.model, input, opts);
    const { inputs, n, groups, m } = c;
    const k = this.opts.samples ?? 1000;
    const rng = new Rng(this.opts.seed ?? 0);
    const masks = new Uint8Array(k * m);
    masks.fill(1, 0, m); // the unperturbed row anchors the fit
    for (let t = m; t < k * m; t++) masks[t] = rng.uniform() < 0.5 ? 1 : 0;
    const { v } = await this.evaluateCoalitions(c, opts, masks, k);
    const width = this.opts.kernelWidth ?? 0.75;
    const p = m + 1;
    const z = new Float64Array(k * p);
    const w = new Float64Array(k);
    const y = new Float64Array(k * n);
    for (let t = 0; t < k; t++) {
      let on = 0;
      for (let j = 0; j < m; j++) on += masks[t * m + j]!;
      const d = on === 0 ? 1 : 1 - Math.sqrt(on / m);
      w[t] = Math.exp(-(d * d) / (width * width));
      for (let j = 0; j < m; j++) z[t * p + j] = masks[t * m + j]!;
      z[t * p + m] = 1;
      for (let i = 0; i < n; i++) y[t * n + i] = v[i * k + t]!;
    }
    const beta = weightedLeastSquares(z, w, y, k, p, n, this.opts.ridge ?? 1);
    const coef = new Float64Array(n * m);
    for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) coef[i * m + j] = beta[j * n + i]!;
    return { attributions: spreadFeatures(coef, groups, inputs.shape) };
  }
}
