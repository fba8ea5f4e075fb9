import type { Model, ModelInput } from '../model/index.js';
import { resolveTarget, type Attribution, type AttributeOptions, type Explainer } from './explainer.js';
import { explainInputs, forwardModelOf, type ForwardModel } from './explain-model.js';
import { elementMasks, evaluateMasked, featureGroups, referenceFor, type FeatureGroups, type Reference } from './masked-evaluation.js';
import { rowsOf, rowSize, type F32 } from './rows.js';

/** Options shared by the perturbation and Shapley explainers. */
export interface PerturbationOptions {
  /** Background rows: "absent" features take each row's values in turn and outputs are averaged (overrides `baselines`). */
  readonly background?: F32;
  /** Model rows per runtime call (default 1024). */
  readonly batchSize?: number;
}

/** What every coalition explainer (exact Shapley, feature ablation, KernelSHAP, LIME) starts from. */
export interface CoalitionInputs {
  readonly inputs: F32;
  /** Rows. */
  readonly n: number;
  /** Class explained per row. */
  readonly target: Int32Array;
  readonly groups: FeatureGroups;
  /** Features (or feature groups) that join or leave a coalition. */
  readonly m: number;
}

/**
 * The inputs as float32 rows, the target class of each and the feature groups of `featureMask`.
 * @example `const { inputs, target, groups, m } = await coalitionInputs(this.model, x, opts);`
 */
export async function coalitionInputs(model: ForwardModel, input: ModelInput, opts: AttributeOptions): Promise<CoalitionInputs> {
  const inputs = await explainInputs(model, input);
  const n = rowsOf(inputs);
  const groups = featureGroups(opts.featureMask, rowSize(inputs));
  return { inputs, n, target: resolveTarget(opts.target, n, model.classes), groups, m: groups.count };
}

/**
 * What the coalition explainers share (exact Shapley, feature ablation, KernelSHAP, LIME): no
 * gradients, the model as a forward model, their options, and one way to evaluate coalitions.
 * A subclass writes only `attribute`: which coalitions, and what to make of their outputs.
 */
export abstract class CoalitionExplainer<O extends PerturbationOptions> implements Explainer {
  abstract readonly name: string;
  readonly needsGradients = false;
  readonly hasConvergenceDelta = false;
  readonly model: ForwardModel;
  protected readonly opts: O;

  protected constructor(model: ForwardModel | Model, opts: O) {
    this.model = forwardModelOf(model);
    this.opts = opts;
  }

  abstract attribute(input: ModelInput, opts?: AttributeOptions): Promise<Attribution>;

  /**
   * The model's target output for each row with each of `k` coalitions present (`masks`: [k, m]
   * over the features or groups of `c`; absent ones from the baselines or background rows):
   * `v[i·k + s]` for row i and coalition s, and the reference used.
   * @internal
   */
  protected async evaluateCoalitions(c: CoalitionInputs, opts: AttributeOptions, masks: Uint8Array, k: number): Promise<{ readonly v: Float64Array; readonly reference: Reference }> {
    const reference = referenceFor(c.inputs, opts, this.opts.background);
    const v = await evaluateMasked(this.model, c.inputs, reference, c.target, elementMasks(masks, k, c.groups), k, this.opts.batchSize ?? 1024);
    return { v, reference };
  }
}
