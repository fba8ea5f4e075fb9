import { tensor } from '../core/index.js';
import type { Value } from '../ir/index.js';
import type { Builder } from '../ops/index.js';

/**
 * Per-example attack losses over logits [N, C] and labels [N], each to be *increased* by an
 * untargeted attack:
 * - `ce`: softmax cross-entropy −log p_y;
 * - `margin`: Carlini–Wagner margin max_{j≠y} z_j − z_y (> 0 ⇔ misclassified);
 * - `dlr`: difference-of-logits ratio −(z_y − max_{j≠y} z_j)/(z_π1 − z_π3) (Croce & Hein 2020),
 *   invariant to shifting and scaling the logits.
 */
export type LossName = 'ce' | 'margin' | 'dlr';

/** Every attack loss by name. */
export const LOSSES: readonly LossName[] = ['ce', 'margin', 'dlr'];

/**
 * Builds the per-example loss [N] in graph nodes.
 * @example `const l = buildLoss(b, 'dlr', logits, labels);`
 */
export function buildLoss(b: Builder, name: LossName, logits: Value, labels: Value): Value {
  const y1 = b.unsqueeze(b.cast(labels, 'int64'), [1]);
  if (name === 'ce') {
    const logp = b.op1('LogSoftmax', [logits], { axis: 1 });
    return b.neg(b.squeeze(b.op1('GatherElements', [logp, y1], { axis: 1 }), [1]));
  }
  const zy = b.squeeze(b.op1('GatherElements', [logits, y1], { axis: 1 }), [1]);
  const classes = logits.shape[1] as number;
  const onehot = b.op1('Equal', [b.constant(tensor('int64', [1, classes], Array.from({ length: classes }, (_, i) => i))), y1]);
  const other = rowMax(b, b.op1('Where', [onehot, b.scalar(-1e9, 'float32'), logits]));
  const margin = b.sub(other, zy);
  if (name === 'margin') return margin;
  const m1 = b.op1('ReduceMax', [logits], { axes: [1], keepdims: 1 });
  const z2 = dropMax(b, logits, m1);
  const m2 = b.op1('ReduceMax', [z2], { axes: [1], keepdims: 1 });
  const m3 = rowMax(b, dropMax(b, z2, m2));
  const denom = b.add(b.sub(b.squeeze(m1, [1]), m3), b.scalar(1e-12, 'float32'));
  return b.div(margin, denom);
}

function rowMax(b: Builder, z: Value): Value {
  return b.op1('ReduceMax', [z], { axes: [1], keepdims: 0 });
}

function dropMax(b: Builder, z: Value, max: Value): Value {
  return b.op1('Where', [b.op1('Equal', [z, max]), b.scalar(-1e9, 'float32'), z]);
}

/**
 * The same per-example losses as {@link buildLoss}, computed on the host from logits [N, C] (so an
 * attack that already has the logits needs no extra gradient pass to read its final loss).
 * @example `const l = hostLoss('ce', logits, labels, 10);`
 */
export function hostLoss(name: LossName, logits: Float32Array, labels: Int32Array, classes: number): Float32Array {
  const out = new Float32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const z = logits.subarray(i * classes, (i + 1) * classes);
    const y = labels[i]!;
    let max = -Infinity;
    let other = -Infinity;
    for (let j = 0; j < classes; j++) {
      max = Math.max(max, z[j]!);
      if (j !== y) other = Math.max(other, z[j]!);
    }
    if (name === 'ce') {
      let s = 0;
      for (let j = 0; j < classes; j++) s += Math.exp(z[j]! - max);
      out[i] = max + Math.log(s) - z[y]!;
    } else if (name === 'margin') {
      out[i] = other - z[y]!;
    } else {
      const sorted = Array.from(z).sort((a, b) => b - a);
      out[i] = (other - z[y]!) / (sorted[0]! - (sorted[2] ?? sorted[sorted.length - 1]!) + 1e-12);
    }
  }
  return out;
}
