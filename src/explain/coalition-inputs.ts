import type { ModelInput } from '../model/index.js';
import { resolveTarget, type AttributeOptions } from './explainer.js';
import { explainInputs, type ForwardModel } from './explain-model.js';
import { featureGroups, type FeatureGroups } from './masked-evaluation.js';
import { rowsOf, rowSize, type F32 } from './rows.js';

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
