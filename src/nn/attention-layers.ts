import { GraphError, UsageError, tensor, type HostTensor } from '../core/index.js';
import type { Value } from '../ir/index.js';
import { activate, dropout, type Layer, type LayerContext } from './layers.js';
import { initBias, initWeight } from './init.js';

/** The static model width D of a [N, T, D] sequence. */
function modelDim(x: Value, name: string, kind: string): number {
  const d = x.shape[2];
  if (x.rank !== 3 || typeof d !== 'number') throw new GraphError('LAYER_SHAPE', `${kind} layer ${name} needs a sequence [N, T, D] with a static D, got [${x.shape.join(',')}]`, { shape: x.shape });
  return d;
}

/** x·Wᵀ + b over the last axis of [N, T, in], weights in PyTorch's [out, in] layout (`nn.Linear`): the encoder's feed-forward and the TextCNN's filters. */
export function linear(ctx: LayerContext, x: Value, name: string, fin: number, fout: number): Value {
  const w = ctx.param(`${name}.weight`, () => initWeight('torch', [fout, fin], ctx.rng));
  const bias = ctx.param(`${name}.bias`, () => initBias(fout, fin, ctx.rng));
  return ctx.b.add(ctx.b.op1('MatMul', [x, ctx.b.transpose(w, [1, 0])]), bias);
}

/** A zero-filled bias, as PyTorch initialises attention projections. */
const zeros = (n: number): HostTensor => tensor('float32', [n]);

/** Options for {@link multiHeadAttention}. */
export interface AttentionOptions {
  /** Mask future positions (decoder-style self-attention). Default false. */
  readonly causal?: boolean;
  /** Dropout on the attention weights while training. Default 0. */
  readonly dropout?: number;
}

/**
 * Self-attention over a sequence [N, T, D] with `heads` heads, as PyTorch's
 * `nn.MultiheadAttention(D, heads, batch_first=True)` (weights `in_proj_weight` [3D, D],
 * `in_proj_bias`, `out_proj.weight`, `out_proj.bias`). Batch and length stay symbolic; a causal
 * mask is built in the graph with Trilu from the runtime length.
 * @example `multiHeadAttention(4, { causal: true })`
 */
export function multiHeadAttention(heads: number, opts: AttentionOptions = {}): Layer {
  return { kind: 'attention', apply: (ctx, x, name) => applyAttention(ctx, x, name, heads, opts) };
}

/**
 * The nodes of {@link multiHeadAttention} on `x` [N, T, D]. `keyMask` [N, T] (1 = a real token,
 * 0 = padding) keeps every query from attending to padded positions (a large negative score).
 */
export function applyAttention(ctx: LayerContext, x: Value, name: string, heads: number, opts: AttentionOptions, keyMask?: Value): Value {
  const d = modelDim(x, name, 'multiHeadAttention');
  if (d % heads !== 0) throw new UsageError('LAYER_OPTION', `multiHeadAttention layer ${name}: width ${d} is not divisible by ${heads} heads`, { width: d, heads });
  const { b } = ctx;
  const dh = d / heads;
  const w = ctx.param(`${name}.in_proj_weight`, () => initWeight('glorot', [3 * d, d], ctx.rng));
  const bias = ctx.param(`${name}.in_proj_bias`, () => zeros(3 * d));
  const qkv = b.add(b.op1('MatMul', [x, b.transpose(w, [1, 0])]), bias);
  // [N, T, 3D] → q, k, v [N, T, D] (one Split, whose gradient is one Concat), each → [N, T, H, dh]
  // (Reshape keeps N and T: 0 = copy) → heads first; k goes straight to [N, H, dh, T] for q·kᵀ.
  const parts = b.op('Split', [qkv, b.ints([d, d, d])], { axis: 2 }, { outputs: 3 });
  const perHead = (i: number, perm: readonly number[]): Value => b.transpose(b.reshape(parts[i]!, [0, 0, heads, dh]), perm);
  const [q, kT, v] = [perHead(0, [0, 2, 1, 3]), perHead(1, [0, 2, 3, 1]), perHead(2, [0, 2, 1, 3])];
  let scores = b.scale(b.op1('MatMul', [q, kT]), 1 / Math.sqrt(dh));
  if (opts.causal) scores = b.op1('Where', [futureMask(ctx, scores), b.scalar(-Infinity, x.dtype), scores]);
  // Padded keys: score − 1e9 (exp underflows to exactly 0; a row of padding only stays finite).
  if (keyMask) scores = b.add(scores, b.scale(b.sub(b.scalar(1, x.dtype), b.unsqueeze(keyMask, [1, 2])), -1e9));
  let attn = b.op1('Softmax', [scores], { axis: -1 });
  if (opts.dropout) attn = dropout(opts.dropout).apply(ctx, attn, `${name}.attn_dropout`);
  const context = b.reshape(b.transpose(b.op1('MatMul', [attn, v]), [0, 2, 1, 3]), [0, 0, d]);
  const ow = ctx.param(`${name}.out_proj.weight`, () => initWeight('torch', [d, d], ctx.rng));
  const ob = ctx.param(`${name}.out_proj.bias`, () => zeros(d));
  return b.add(b.op1('MatMul', [context, b.transpose(ow, [1, 0])]), ob);
}

/** True above the diagonal of the last two axes of `scores` [.., T, T] (positions after the query). */
function futureMask(ctx: LayerContext, scores: Value): Value {
  const { b } = ctx;
  const tt = b.op1('Slice', [b.shapeOf(scores), b.ints([-2]), b.ints([9223372036854775807]), b.ints([0])]);
  const ones = b.op1('ConstantOfShape', [tt], { value: tensor('float32', [1], [1]) });
  return b.cast(b.op1('Trilu', [ones, b.constant(tensor('int64', [], [1]))], { upper: 1 }), 'bool');
}

/** Options for {@link transformerEncoderLayer}. */
export interface TransformerEncoderOptions {
  readonly heads: number;
  /** Width of the feed-forward block (PyTorch's dim_feedforward). Default 4·D. */
  readonly ff?: number;
  readonly dropout?: number;
  readonly activation?: 'relu' | 'gelu';
  /** Pre-norm (LayerNorm before each block, PyTorch's norm_first=True). Default false (post-norm). */
  readonly normFirst?: boolean;
  readonly causal?: boolean;
  readonly eps?: number;
}

/**
 * One Transformer encoder layer over [N, T, D], as PyTorch's `nn.TransformerEncoderLayer(D, heads,
 * ff, dropout, activation, batch_first=True, norm_first)`, with its parameter names
 * (`self_attn.*`, `linear1`, `linear2`, `norm1`, `norm2`), so PyTorch weights load by name.
 * @example `transformerEncoderLayer({ heads: 4, ff: 128, activation: 'gelu', normFirst: true })`
 */
export function transformerEncoderLayer(opts: TransformerEncoderOptions): Layer {
  return { kind: 'encoder', apply: (ctx, x, name) => applyEncoderLayer(ctx, x, name, opts) };
}

/** The nodes of {@link transformerEncoderLayer} on `x` [N, T, D]; `keyMask` [N, T] as in {@link applyAttention}. */
export function applyEncoderLayer(ctx: LayerContext, x: Value, name: string, opts: TransformerEncoderOptions, keyMask?: Value): Value {
  const rate = opts.dropout ?? 0.1;
  const d = modelDim(x, name, 'transformerEncoderLayer');
  const { b } = ctx;
  const ff = opts.ff ?? 4 * d;
  const norm = (h: Value, n: string): Value => {
    const g = ctx.param(`${name}.${n}.weight`, () => tensor('float32', [d], new Float32Array(d).fill(1)));
    const beta = ctx.param(`${name}.${n}.bias`, () => zeros(d));
    return b.op1('LayerNormalization', [h, g, beta], { axis: -1, epsilon: opts.eps ?? 1e-5 });
  };
  const drop = (h: Value, n: string): Value => (rate > 0 ? dropout(rate).apply(ctx, h, `${name}.${n}`) : h);
  const sa = (h: Value): Value => drop(applyAttention(ctx, h, `${name}.self_attn`, opts.heads, { causal: opts.causal ?? false, dropout: rate }, keyMask), 'dropout1');
  const mlp = (h: Value): Value => {
    const inner = drop(activate(b, linear(ctx, h, `${name}.linear1`, d, ff), opts.activation ?? 'relu'), 'dropout');
    return drop(linear(ctx, inner, `${name}.linear2`, ff, d), 'dropout2');
  };
  if (opts.normFirst) {
    const h = b.add(x, sa(norm(x, 'norm1')));
    return b.add(h, mlp(norm(h, 'norm2')));
  }
  const h = norm(b.add(x, sa(x)), 'norm1');
  return norm(b.add(h, mlp(h)), 'norm2');
}

/** Options for {@link positionalEncoding}. */
export interface PositionalEncodingOptions {
  /** 'sinusoidal' (fixed, Vaswani et al.) or 'learned' (a trained [maxLength, D] table). */
  readonly kind: 'sinusoidal' | 'learned';
  /** Longest sequence the table covers; longer inputs fail when run. */
  readonly maxLength: number;
}

/** The fixed table PE[p, 2i] = sin(p / 10000^(2i/D)), PE[p, 2i+1] = cos(same). */
export function sinusoidalTable(maxLength: number, d: number): HostTensor<'float32'> {
  const t = tensor('float32', [maxLength, d]);
  for (let p = 0; p < maxLength; p++) {
    for (let i = 0; i < d; i += 2) {
      const angle = p / 10000 ** (i / d);
      t.data[p * d + i] = Math.sin(angle);
      if (i + 1 < d) t.data[p * d + i + 1] = Math.cos(angle);
    }
  }
  return t;
}

/**
 * Adds position vectors to a sequence [N, T, D]: the first T rows of a sinusoidal or learned
 * [maxLength, D] table, sliced by the runtime length (T stays symbolic).
 * @example `positionalEncoding({ kind: 'learned', maxLength: 128 })`
 */
export function positionalEncoding(opts: PositionalEncodingOptions): Layer {
  return {
    kind: 'posenc',
    apply(ctx, x, name) {
      const d = modelDim(x, name, 'positionalEncoding');
      const { b } = ctx;
      const table = opts.kind === 'learned' ? ctx.param(`${name}.weight`, () => initWeight('glorot', [opts.maxLength, d], ctx.rng)) : b.constant(sinusoidalTable(opts.maxLength, d));
      const length = b.op1('Slice', [b.shapeOf(x), b.ints([1]), b.ints([2]), b.ints([0])]);
      return b.add(x, b.op1('Slice', [table, b.ints([0]), length, b.ints([0])]));
    },
  };
}

/**
 * Pools a sequence [N, T, D] to [N, D] for a classifier head: the mean over positions, or the
 * first (a class token) or last position.
 * @example `sequencePool('mean')`
 */
export function sequencePool(mode: 'mean' | 'first' | 'last' = 'mean'): Layer {
  return {
    kind: 'seqpool',
    apply(ctx, x, name) {
      modelDim(x, name, 'sequencePool');
      const { b } = ctx;
      if (mode === 'mean') return b.op1('ReduceMean', [x], { axes: [1], keepdims: 0 });
      const at = mode === 'first' ? 0 : -1;
      return b.squeeze(b.op1('Slice', [x, b.ints([at]), b.ints([at === 0 ? 1 : 9223372036854775807]), b.ints([1])]), [1]);
    },
  };
}
