import type { Value } from '../../ir/index.js';
import type { Builder } from '../../ops/index.js';
import { softmaxCrossEntropy } from '../../nn/index.js';

/** Options for {@link distillationLoss}. */
export interface DistillLossOptions {
  /** Weight of the soft-target term (default 0.5). */
  readonly alpha: number;
  /** Softmax temperature (default 4). */
  readonly temperature: number;
  readonly classes: number;
}

/**
 * Hinton's distillation loss in graph nodes: α·T²·KL(softmax(t/T) ‖ softmax(s/T)) + (1−α)·CE(s, y),
 * batch-mean. `target` packs [teacher logits (C), label] per row as float32 [N, C+1].
 *
 * @example `const loss = distillationLoss(b, studentLogits, packed, { alpha: 0.5, temperature: 4, classes: 10 });`
 */
export function distillationLoss(b: Builder, student: Value, target: Value, o: DistillLossOptions): Value {
  const c = o.classes;
  const slice = (from: number, to: number): Value => b.op1('Slice', [target, b.ints([from]), b.ints([to]), b.ints([1])]);
  const teacher = slice(0, c);
  const labels = b.cast(b.squeeze(slice(c, c + 1), [1]), 'int64');
  const inv = 1 / o.temperature;
  const logPt = b.op1('LogSoftmax', [b.scale(teacher, inv)], { axis: 1 });
  const logPs = b.op1('LogSoftmax', [b.scale(student, inv)], { axis: 1 });
  const pt = b.op1('Exp', [logPt]);
  const kl = b.op1('ReduceMean', [b.reduceSum(b.mul(pt, b.sub(logPt, logPs)), [1], false)], { keepdims: 0 });
  const ce = softmaxCrossEntropy(b, student, labels);
  return b.add(b.scale(kl, o.alpha * o.temperature * o.temperature), b.scale(ce, 1 - o.alpha));
}
