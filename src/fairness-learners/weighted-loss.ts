/**
 * The weighted, optionally fairness-penalised binary loss of Keel fairness models, in graph nodes.
 * @module
 */
import type { Value } from '../ir/index.js';
import type { Builder } from '../ops/index.js';

/**
 * Loss of logits [N, 2] against a float target [N, 2 + k] whose columns are the 0/1 label, the
 * row weight (mean 1 over the data) and k penalty columns `c_g = √strength · (1[A = g] − P(g))`:
 *
 * `mean_i(w_i · CE_i) + Σ_g mean_i(w_i · c_ig · s_i)²` with the score `s = logit₁ − logit₀`,
 * i.e. weighted cross-entropy plus `strength · Σ_g cov(1[A = g], s)²` (Zafar et al., 2017),
 * estimated on each batch. With k = 0 it is the weighted cross-entropy alone.
 *
 * @example
 * ```ts
 * const step = await TrainStep.compile({ model, loss: weightedBinaryLoss, target: { dtype: 'float32', shape: ['N', 2] }, optimizer: new Adam() });
 * ```
 */
export function weightedBinaryLoss(b: Builder, logits: Value, target: Value): Value {
  const col = (j: number): Value => b.op1('Gather', [target, b.ints([j])], { axis: 1 });
  const y = col(0), w = col(1);
  const logp = b.op1('LogSoftmax', [logits], { axis: 1 });
  const lp0 = b.op1('Gather', [logp, b.ints([0])], { axis: 1 });
  const lp1 = b.op1('Gather', [logp, b.ints([1])], { axis: 1 });
  const one = b.scalar(1, 'float32');
  const ce = b.neg(b.add(b.mul(y, lp1), b.mul(b.sub(one, y), lp0)));
  let loss = b.op1('ReduceMean', [b.mul(w, ce)], { keepdims: 0 });
  const width = target.shape[1];
  const k = typeof width === 'number' ? width - 2 : 0;
  if (k > 0) {
    const c = b.op1('Slice', [target, b.ints([2]), b.ints([2 + k]), b.ints([1])]);
    const score = b.sub(b.op1('Gather', [logits, b.ints([1])], { axis: 1 }), b.op1('Gather', [logits, b.ints([0])], { axis: 1 }));
    const cov = b.op1('ReduceMean', [b.mul(b.mul(w, score), c)], { axes: [0], keepdims: 0 });
    loss = b.add(loss, b.reduceSum(b.mul(cov, cov), [0], false));
  }
  return loss;
}
