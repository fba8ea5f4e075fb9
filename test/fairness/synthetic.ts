/**
 * Seeded synthetic data with a built-in group disparity, for the mitigation tests.
 * @module
 */
import { Rng } from '../../src/core/index.js';
import type { FeatureMatrix } from '../../src/fairness/index.js';

/** A synthetic binary classification problem with a sensitive group column. */
export interface SyntheticData {
  readonly X: FeatureMatrix;
  readonly y: number[];
  readonly group: string[];
}

/**
 * Rows where group 'b' has higher feature values and more positives than group 'a'.
 * @example `const { X, y, group } = syntheticData(1000, 1);`
 */
export function syntheticData(n: number, seed: number): SyntheticData {
  const rng = new Rng(seed);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - rng.uniform())) * Math.cos(2 * Math.PI * rng.uniform());
  const cols = 3;
  const data = new Float64Array(n * cols);
  const y: number[] = [], group: string[] = [];
  for (let i = 0; i < n; i++) {
    const b = rng.uniform() < 0.4;
    const x0 = normal() + (b ? 1 : -0.5), x1 = normal(), x2 = b ? 1 : 0;
    data.set([x0, x1, x2], i * cols);
    const logit = 1.5 * x0 + 0.8 * x1 - 0.3;
    y.push(rng.uniform() < 1 / (1 + Math.exp(-logit)) ? 1 : 0);
    group.push(b ? 'b' : 'a');
  }
  return { X: { rows: n, cols, data }, y, group };
}
