/**
 * {@link KeelClassifier}: the fairness {@link Learner} backed by Keel's engine, so reductions,
 * reweighing and threshold optimization run over Keel-trained networks.
 * @module
 */
import { UsageError } from '../core/index.js';
import type { Graph } from '../ir/index.js';
import { KeelTrainer, type KeelTrainerOptions } from './keel-trainer.js';
import type { FeatureMatrix, Learner, LearnerFactory, Column } from '../fairness/index.js';

/**
 * A weighted binary classifier trained by a (shared) {@link KeelTrainer}: `predict` gives hard
 * 0/1 labels (probability ≥ 0.5), `predictProba` the probability of label 1.
 *
 * @example
 * ```ts
 * const trainer = new KeelTrainer({ hidden: [16] });
 * const model = new KeelClassifier(trainer);
 * await model.fit(X, y, weights);
 * const yHat = await model.predict(Xtest);
 * await trainer.release();
 * ```
 */
export class KeelClassifier implements Learner {
  readonly name = 'KeelClassifier';
  /** Flat trained weights (empty before `fit`). */
  params: Float32Array = new Float32Array(0);

  constructor(readonly trainer: KeelTrainer) {}

  async fit(X: FeatureMatrix, y: Column<number>, sampleWeight?: Column<number>): Promise<void> {
    if (y.length !== X.rows) throw new UsageError('LENGTH_MISMATCH', `y has ${y.length} rows but X has ${X.rows}; pass one label per row.`, { expected: X.rows, actual: y.length });
    this.params = await this.trainer.fit(X, { y, weight: sampleWeight ?? new Float64Array(X.rows).fill(1) });
  }

  /**
   * Probability of label 1 per row.
   * @example `const p = await model.predictProba(X);`
   */
  async predictProba(X: FeatureMatrix): Promise<Float64Array> {
    if (this.params.length === 0) throw new UsageError('NOT_FITTED', `${this.name}: predictProba was called before fit; call fit(X, y) first.`, { learner: this.name, method: 'predictProba' });
    return this.trainer.predictProba(this.params, X);
  }

  async predict(X: FeatureMatrix): Promise<Float64Array> {
    return (await this.predictProba(X)).map((p) => (p >= 0.5 ? 1 : 0));
  }

  /**
   * The trained network as a graph (input `input`, output `logits` [N, 2]) for ONNX export.
   * @example `writeFileSync('m.onnx', exportModel(model.toGraph()));`
   */
  toGraph(): Graph {
    if (this.params.length === 0) throw new UsageError('NOT_FITTED', `${this.name}: toGraph was called before fit; call fit(X, y) first.`, { learner: this.name, method: 'toGraph' });
    return this.trainer.inferenceGraph(this.params);
  }
}

/**
 * A learner factory whose learners share one compiled trainer (compile once, fit many times, as
 * exponentiated gradient does). Call `release()` when done.
 *
 * @example
 * ```ts
 * const keel = keelLearner({ hidden: [], epochs: 4 });
 * const eg = await new ExponentiatedGradient({ learner: keel.factory, constraint: 'demographic_parity' }).fit(X, y, data);
 * await keel.release();
 * ```
 */
export function keelLearner(options: KeelTrainerOptions = {}): { readonly factory: LearnerFactory; readonly trainer: KeelTrainer; release(): Promise<void> } {
  const trainer = new KeelTrainer(options);
  return { factory: () => new KeelClassifier(trainer), trainer, release: () => trainer.release() };
}
