import type { Value } from '../ir/index.js';
import type { Builder } from '../ops/index.js';

/** A loss: builds a scalar from predictions and targets, in graph nodes. */
export type LossFn = (b: Builder, prediction: Value, target: Value) => Value;

/**
 * Mean softmax cross-entropy of logits [N, C] against int64 class indices [N]
 * (PyTorch's `F.cross_entropy` with mean reduction).
 *
 * @example `const loss = softmaxCrossEntropy(b, logits, labels);`
 */
export const softmaxCrossEntropy: LossFn = (b, logits, labels) => {
  const logp = b.op1('LogSoftmax', [logits], { axis: 1 });
  const picked = b.op1('GatherElements', [logp, b.unsqueeze(b.cast(labels, 'int64'), [1])], { axis: 1 });
  return b.neg(b.op1('ReduceMean', [picked], { keepdims: 0 }));
};

/** Mean squared error (PyTorch's `F.mse_loss`). */
export const meanSquaredError: LossFn = (b, pred, target) => {
  const d = b.sub(pred, target);
  return b.op1('ReduceMean', [b.mul(d, d)], { keepdims: 0 });
};
