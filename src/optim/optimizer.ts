import type { Value } from '../ir/index.js';
import type { Builder } from '../ops/index.js';

/** The graph values an optimizer update reads: flat parameters, flat gradient, its state, step count and learning rate. */
export interface UpdateInputs {
  readonly params: Value;
  readonly grad: Value;
  readonly state: readonly Value[];
  /** Step number after this update (1 for the first), float scalar. */
  readonly step: Value;
  readonly lr: Value;
}

/** What an update produces: the new flat parameters and state. */
export interface UpdateOutputs {
  readonly params: Value;
  readonly state: readonly Value[];
}

/**
 * An optimizer, written as graph nodes so the whole train step (forward, backward, update)
 * compiles into one onnxruntime graph. State is a list of flat vectors shaped like the parameters.
 *
 * @example `const opt = new Adam({ weightDecay: 1e-4 });`
 */
export interface Optimizer {
  readonly name: string;
  /** Number of flat state vectors (momentum buffers, moment estimates). */
  readonly stateSize: number;
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

/** Applies {@link ClipOptions} to a flat gradient, in graph nodes. */
export function clipGradient(b: Builder, g: Value, clip: ClipOptions): Value {
  let out = g;
  if (clip.maxValue !== undefined) out = b.op1('Clip', [out, b.scalar(-clip.maxValue, g.dtype), b.scalar(clip.maxValue, g.dtype)]);
  if (clip.maxNorm !== undefined) {
    const norm = b.op1('Sqrt', [b.op1('ReduceSumSquare', [out], { keepdims: 0 })]);
    const coef = b.op1('Min', [b.scalar(1, g.dtype), b.div(b.scalar(clip.maxNorm, g.dtype), b.add(norm, b.scalar(1e-6, g.dtype)))]);
    out = b.mul(out, coef);
  }
  return out;
}
