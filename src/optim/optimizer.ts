import type { Value } from '../ir/index.js';
import type { Builder } from '../ops/index.js';

/** The graph values an optimizer update reads: one trained tensor, its gradient and state, the step count and learning rate. */
export interface UpdateInputs {
  readonly params: Value;
  readonly grad: Value;
  readonly state: readonly Value[];
  /** Step number after this update (1 for the first), float scalar. */
  readonly step: Value;
  readonly lr: Value;
}

/** What an update produces: the tensor's new value and state. */
export interface UpdateOutputs {
  readonly params: Value;
  readonly state: readonly Value[];
}

/**
 * An optimizer, written as graph nodes so the whole train step (forward, backward, update)
 * compiles into one onnxruntime graph; it is applied to each trained tensor separately. State is a
 * list of tensors shaped like the one being trained.
 *
 * @example `const opt = new Adam({ weightDecay: 1e-4 });`
 */
export interface Optimizer {
  readonly name: string;
  /** Number of state tensors per trained tensor (momentum buffers, moment estimates). */
  readonly stateSize: number;
  /**
   * True when a tensor whose gradient and state are all zero comes out of `update` unchanged
   * with its state still zero (no weight decay): a trainer may then leave such entries out of the
   * update. Undefined counts as false.
   */
  readonly idleWhenZero?: boolean;
  /** Builds the update in the graph. */
  update(b: Builder, io: UpdateInputs): UpdateOutputs;
}

/** Gradient clipping applied before the optimizer sees the gradient. */
export interface ClipOptions {
  /** Rescale the whole gradient so its global L2 norm is at most this. */
  readonly maxNorm?: number;
  /** Clamp every gradient element to [-v, v]. */
  readonly maxValue?: number;
}

/**
 * Applies {@link ClipOptions} to the gradients of all trained tensors, in graph nodes; the max-norm
 * rescaling uses the global L2 norm over all of them together (PyTorch's `clip_grad_norm_`).
 */
export function clipGradients(b: Builder, grads: readonly Value[], clip: ClipOptions): Value[] {
  let out = [...grads];
  if (clip.maxValue !== undefined) out = out.map((g) => b.op1('Clip', [g, b.scalar(-clip.maxValue!, g.dtype), b.scalar(clip.maxValue!, g.dtype)]));
  const first = out[0];
  if (clip.maxNorm !== undefined && first) {
    const squares = out.map((g) => b.op1('ReduceSumSquare', [g], { keepdims: 0 }));
    const norm = b.op1('Sqrt', [squares.reduce((p, q) => b.add(p, q))]);
    const coef = b.op1('Min', [b.scalar(1, first.dtype), b.div(b.scalar(clip.maxNorm, first.dtype), b.add(norm, b.scalar(1e-6, first.dtype)))]);
    out = out.map((g) => b.mul(g, coef));
  }
  return out;
}
