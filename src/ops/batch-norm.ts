import { GraphError, tensor } from '../core/index.js';
import type { Node, Value } from '../ir/index.js';
import type { Builder } from './builder.js';
import { countOf } from './grad-utils.js';
import { numbersOf } from './known.js';
import type { Primitive } from './primitive.js';
import { registerPrimitives } from './registry.js';
import { staticSize } from './shape-utils.js';

/** The axes a batch norm reduces over: every axis but the channel axis 1. */
const statAxes = (rank: number): number[] => [0, ...Array.from({ length: rank - 2 }, (_, i) => i + 2)];

/** Reshapes a per-channel vector [C] so it broadcasts against [N, C, ...spatial]. */
function perChannel(b: Builder, v: Value, rank: number): Value {
  return b.unsqueeze(v, Array.from({ length: rank - 2 }, (_, i) => i + 1));
}

/**
 * Float activations with more than one value per channel and sample: onnxruntime's
 * BatchNormalization kernel maps them per channel in one pass, where a broadcast `Mul`, `Add` or
 * `Sub` by [C, 1, 1] is one pass each and slow on small H·W. [N, C] and 1×1 maps take the
 * element-wise ops (the kernel loops once per sample and channel there).
 */
function kernelMaps(x: Value): boolean {
  const block = staticSize(x.shape.slice(2));
  return (x.dtype === 'float32' || x.dtype === 'float64') && (block === undefined || block > 1);
}

/** A [C] vector of `v` shaped like the per-channel vector `like`. */
function fill(b: Builder, like: Value, dtype: Value['dtype'], v: number): Value {
  const c = like.shape[0];
  return typeof c === 'number' ? b.constant(tensor(dtype, [c], new Array<number>(c).fill(v))) : b.op1('ConstantOfShape', [b.shapeOf(like)], { value: tensor(dtype, [1], [v]) });
}

/**
 * ε of the per-channel maps: a power of two, so (1 − ε) + ε is exactly 1 in float32 and float64,
 * and above the 1e-5 to which onnxruntime's CUDA kernel (cuDNN) raises a smaller ε.
 */
const MAP_EPS = 2 ** -16;

/** What {@link channelMap} applies per channel ([C] vectors): `(x − mean)·scale + shift`. */
interface ChannelMap {
  readonly mean?: Value;
  readonly scale?: Value;
  readonly shift?: Value;
}

/**
 * `(x − mean)·scale + shift` per channel (a missing mean or shift is 0, a missing scale 1). Where
 * {@link kernelMaps} says so, ONE BatchNormalization node with variance 1 − ε and ε = 2⁻¹⁶: the
 * kernel's √(σ² + ε) is exactly 1, so it computes x·scale + (shift − mean·scale), exact to float
 * rounding; else the element-wise ops.
 * @example `channelMap(b, x, mean, { mean })  // x − μ`
 */
export function channelMap(b: Builder, x: Value, like: Value, map: ChannelMap): Value {
  if (!kernelMaps(x)) {
    const per = (v: Value): Value => perChannel(b, v, x.rank);
    const centered = map.mean ? b.sub(x, per(map.mean)) : x;
    const scaled = map.scale ? b.mul(centered, per(map.scale)) : centered;
    return map.shift ? b.add(scaled, per(map.shift)) : scaled;
  }
  const k = (v: number): Value => fill(b, like, x.dtype, v);
  return b.op1('BatchNormalization', [x, map.scale ?? k(1), map.shift ?? k(0), map.mean ?? k(0), k(1 - MAP_EPS)], { epsilon: MAP_EPS });
}

/** Whether `xc` is {@link channelMap}'s x − μ. */
function isCentered(xc: Value, x: Value, mean: Value): boolean {
  const n = xc.producer;
  if (n?.op === 'Sub') return n.inputs[0] === x && (n.inputs[1] === mean || (n.inputs[1]?.producer?.op === 'Unsqueeze' && n.inputs[1].producer.inputs[0] === mean));
  const all = (v: Value | null | undefined, k: number): boolean => numbersOf(v?.known)?.every((e) => e === k) ?? false;
  return n?.op === 'BatchNormalization' && n.inputs[0] === x && n.inputs[3] === mean && n.attrs['epsilon'] === MAP_EPS && all(n.inputs[1], 1) && all(n.inputs[2], 0) && all(n.inputs[4], 1 - MAP_EPS);
}

/** A batch norm in training mode: its output and the batch statistics it normalized with. */
export interface BatchNormTraining {
  readonly y: Value;
  /** Batch mean per channel, [C]. */
  readonly mean: Value;
  /** Biased batch variance per channel, [C] (what the output is normalized with). */
  readonly variance: Value;
  /** Values per channel, N·H·W, as a float32 scalar (known when the shape is, else computed). */
  readonly count: Value;
}

/**
 * Batch normalization of [N, C, ...] with the batch's own statistics, as a training graph needs:
 * μ and the biased variance (two-pass, of x − μ) are reductions, and the output is ONE standard
 * `BatchNormalization` node fed μ and σ² (onnxruntime folds γ/√(σ²+ε) and β − μ·γ/√(σ²+ε) into
 * two [C] vectors and makes one pass, as PyTorch's CPU kernel does). Its gradient rule recognizes
 * these statistics and differentiates through them in one fused rule (see {@link batchNorm}).
 * @example `const { y, mean, variance } = batchNormTraining(b, x, gamma, beta, 1e-5);`
 */
export function batchNormTraining(b: Builder, x: Value, gamma: Value, beta: Value, epsilon: number): BatchNormTraining {
  const axes = statAxes(x.rank);
  const mean = b.op1('ReduceMean', [x], { axes, keepdims: 0 });
  const xc = channelMap(b, x, mean, { mean });
  const variance = b.op1('ReduceMean', [b.mul(xc, xc)], { axes, keepdims: 0 });
  const y = b.op1('BatchNormalization', [x, gamma, beta, mean, variance], { epsilon });
  return { y, mean, variance, count: countOf(b, x, axes) };
}

/** A reduction over the batch-norm axes of its input, to [C]. */
function isChannelStat(n: Node | null, input: Value): n is Node {
  if (n?.op !== 'ReduceMean' || n.inputs[0] !== input || n.inputs.length > 1 || Number(n.attrs['keepdims'] ?? 1) !== 0) return false;
  const axes = n.attrs['axes'];
  const want = statAxes(input.rank);
  return Array.isArray(axes) && axes.length === want.length && want.every((a, i) => axes[i] === a);
}

/**
 * x − μ when a BatchNormalization node's mean and variance inputs are the batch statistics of its
 * own input, as {@link batchNormTraining} builds them; undefined for running statistics.
 */
function centered(n: Node): Value | undefined {
  const [x, mean, variance] = [n.inputs[0], n.inputs[3], n.inputs[4]];
  if (!x || !mean || !variance || !isChannelStat(mean.producer, x)) return undefined;
  const square = variance.producer?.inputs[0];
  const sq = square?.producer;
  if (!square || !isChannelStat(variance.producer, square) || sq?.op !== 'Mul' || sq.inputs[0] !== sq.inputs[1]) return undefined;
  const xc = sq.input(0);
  return isCentered(xc, x, mean) ? xc : undefined;
}

const batchNorm: Primitive = {
  op: 'BatchNormalization',
  attrs: { epsilon: { kind: 'float', default: 1e-5 }, momentum: { kind: 'float', default: 0.9 }, training_mode: { kind: 'int', default: 0 } },
  infer: (ctx) => {
    if (ctx.int('training_mode') === 1) {
      throw new GraphError('UNSUPPORTED_OP', `BatchNormalization node "${ctx.name}" with training_mode=1: Keel builds training-mode batch norm from primitives (nn.BatchNorm); export the model in eval mode`, { node: ctx.name });
    }
    return [ctx.input(0).type];
  },
  // y = (x − μ)·γσ⁻¹ + β with σ⁻¹ = 1/√(σ² + ε). Every reduction over the activations is shared:
  // Σdy and Σdy·(x − μ) give dβ, dγ, dμ and dσ² on [C]-sized vectors.
  grad: (b, n, [dy]) => {
    const [x, scale, , mean, variance] = [0, 1, 2, 3, 4].map((i) => n.input(i)) as [Value, Value, Value, Value, Value];
    const axes = statAxes(x.rank);
    const eps = b.scalar(Number(n.attrs['epsilon'] ?? 1e-5), x.dtype);
    const inv = b.op1('Reciprocal', [b.op1('Sqrt', [b.add(variance, eps)])]);
    const a = b.mul(scale, inv);
    const stats = centered(n);
    const xc = stats ?? channelMap(b, x, mean, { mean });
    const sumDy = b.reduceSum(dy!, axes, false);
    const dot = b.reduceSum(b.mul(dy!, xc), axes, false);
    const dscale = b.mul(dot, inv);
    if (stats) {
      // Training mode: μ and σ² are x's own, and their gradients are folded into x's (returned as
      // null): dx = γσ⁻¹·(dy − mean(dy) − (x − μ)·σ⁻²·mean(dy·(x − μ))), two [C]-sized affine maps.
      const count = countOf(b, x, axes);
      const k = b.div(b.mul(dot, b.mul(inv, inv)), count);
      const inner = b.add(dy!, channelMap(b, xc, a, { scale: b.neg(k), shift: b.neg(b.div(sumDy, count)) }));
      return [channelMap(b, inner, a, { scale: a }), dscale, sumDy, null, null];
    }
    const dmean = b.neg(b.mul(a, sumDy));
    const dvar = b.mul(b.mul(dot, b.scale(scale, -0.5)), b.mul(inv, b.mul(inv, inv)));
    return [channelMap(b, dy!, a, { scale: a }), dscale, sumDy, dmean, dvar];
  },
};

registerPrimitives(batchNorm);
