import { UsageError, tensor } from '../core/index.js';
import type { Value } from '../ir/index.js';
import type { Builder } from '../ops/index.js';

/**
 * A training loss over a *packed* float32 target [N, W] so that sample weights and mixup need no
 * extra graph inputs. Classification: W = 4, columns (labelA, labelB, λ, weight) — the per-sample
 * loss is λ·ℓ(labelA) + (1−λ)·ℓ(labelB). Regression: W = D + 1, the last column the weight.
 * The batch loss is Σ wᵢℓᵢ / Σ wᵢ. `host` computes the same per-sample loss on the host.
 */
export interface Loss {
  readonly name: string;
  readonly task: 'classification' | 'regression';
  build(b: Builder, prediction: Value, target: Value): Value;
  /** Per-sample loss of one row of predictions against (labelA, labelB, λ) or a target row. */
  host(pred: ArrayLike<number>, target: ArrayLike<number>): number;
}

function col(b: Builder, t: Value, i: number): Value {
  return b.op1('Gather', [t, b.constant(tensor('int64', [], [i]))], { axis: 1 });
}

function weighted(b: Builder, perSample: Value, w: Value): Value {
  const sum = (v: Value): Value => b.op1('ReduceSum', [v, b.ints([0])], { keepdims: 0 });
  return b.div(sum(b.mul(perSample, w)), b.op1('Max', [sum(w), b.scalar(1e-12, 'float32')]));
}

function logSoftmax(row: ArrayLike<number>): number[] {
  let m = -Infinity;
  for (let i = 0; i < row.length; i++) m = Math.max(m, row[i]!);
  let s = 0;
  for (let i = 0; i < row.length; i++) s += Math.exp(row[i]! - m);
  const lse = m + Math.log(s);
  return Array.from(row, (v) => v - lse);
}

/**
 * Softmax cross-entropy on logits [N, C] with optional label smoothing ε (targets (1−ε)·onehot + ε/C).
 * Class weights are applied on the host, folded into the sample-weight column.
 * @example `crossEntropyLoss({ labelSmoothing: 0.1 })`
 */
export function crossEntropyLoss(opts: { labelSmoothing?: number } = {}): Loss {
  const eps = opts.labelSmoothing ?? 0;
  if (!(eps >= 0 && eps < 1)) throw new UsageError('LOSS_OPTION', `label smoothing must be in [0, 1), got ${eps}`, { eps });
  return {
    name: 'cross_entropy',
    task: 'classification',
    build(b, logits, t) {
      const c = logits.shape[1];
      if (typeof c !== 'number') throw new UsageError('LOSS_SHAPE', `cross-entropy needs logits [N, C] with a static C, got [${logits.shape.join(',')}]`, { actual: logits.shape });
      const logp = b.op1('LogSoftmax', [logits], { axis: 1 });
      const pick = (i: number): Value => b.squeeze(b.op1('GatherElements', [logp, b.unsqueeze(b.cast(col(b, t, i), 'int64'), [1])], { axis: 1 }), [1]);
      const lam = col(b, t, 2);
      const nll = b.neg(b.add(b.mul(lam, pick(0)), b.mul(b.sub(b.scalar(1, 'float32'), lam), pick(1))));
      let per = b.scale(nll, 1 - eps);
      if (eps > 0) per = b.sub(per, b.scale(b.op1('ReduceSum', [logp, b.ints([1])], { keepdims: 0 }), eps / c));
      return weighted(b, per, col(b, t, 3));
    },
    host(row, t) {
      const lp = logSoftmax(row);
      const lam = t[2]!;
      const nll = -(lam * lp[t[0]!]! + (1 - lam) * lp[t[1]!]!);
      return (1 - eps) * nll - (eps / lp.length) * lp.reduce((a, v) => a + v, 0);
    },
  };
}

/**
 * Binary cross-entropy on one logit per row [N, 1] against 0/1 labels (mixup gives soft targets).
 * @example `binaryCrossEntropyLoss()`
 */
export function binaryCrossEntropyLoss(): Loss {
  return {
    name: 'binary_cross_entropy',
    task: 'classification',
    build(b, logit, t) {
      const z = b.reshape(logit, [-1]);
      const lam = col(b, t, 2);
      const target = b.add(b.mul(lam, col(b, t, 0)), b.mul(b.sub(b.scalar(1, 'float32'), lam), col(b, t, 1)));
      const per = b.sub(b.add(b.op1('Relu', [z]), b.op1('Softplus', [b.neg(b.op1('Abs', [z]))])), b.mul(z, target));
      return weighted(b, per, col(b, t, 3));
    },
    host(row, t) {
      const z = row[0]!;
      const y = t[2]! * t[0]! + (1 - t[2]!) * t[1]!;
      return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - z * y;
    },
  };
}

function regression(name: string, elem: (b: Builder, d: Value) => Value, hostElem: (d: number) => number): Loss {
  return {
    name,
    task: 'regression',
    build(b, pred, t) {
      const w = pred.rank === 1 ? 1 : pred.shape[1];
      if (typeof w !== 'number') throw new UsageError('LOSS_SHAPE', `${name} needs predictions with a static width`, { name });
      const p = b.reshape(pred, [-1, w]);
      const target = b.op1('Slice', [t, b.ints([0]), b.ints([w]), b.ints([1])]);
      const per = b.op1('ReduceMean', [elem(b, b.sub(p, target))], { axes: [1], keepdims: 0 });
      return weighted(b, per, col(b, t, w));
    },
    host(row, t) {
      let s = 0;
      for (let i = 0; i < row.length; i++) s += hostElem(row[i]! - t[i]!);
      return s / row.length;
    },
  };
}

/** Mean squared error, weighted per sample. */
export function mseLoss(): Loss {
  return regression('mse', (b, d) => b.mul(d, d), (d) => d * d);
}

/**
 * Huber loss: ½d² for |d| ≤ δ, δ(|d| − ½δ) beyond.
 * @example `huberLoss({ delta: 1 })`
 */
export function huberLoss(opts: { delta?: number } = {}): Loss {
  const delta = opts.delta ?? 1;
  return regression(
    'huber',
    (b, d) => {
      const a = b.op1('Abs', [d]);
      const q = b.op1('Min', [a, b.scalar(delta, 'float32')]);
      return b.add(b.scale(b.mul(q, q), 0.5), b.scale(b.sub(a, q), delta));
    },
    (d) => (Math.abs(d) <= delta ? 0.5 * d * d : delta * (Math.abs(d) - 0.5 * delta)),
  );
}

/** Losses by name, for the CLI and JSON specs. */
export const LOSSES = {
  cross_entropy: crossEntropyLoss,
  binary_cross_entropy: binaryCrossEntropyLoss,
  mse: mseLoss,
  huber: huberLoss,
} as const;
