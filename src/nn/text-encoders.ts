import { DataError, GraphError, type HostTensor } from '../core/index.js';
import type { Value } from '../ir/index.js';
import type { Builder } from '../ops/index.js';
import { applyEncoderLayer, linear } from './attention-layers.js';
import { initWeight } from './init.js';
import { activate, dropout, type Layer, type LayerContext } from './layers.js';
import { gru, lstm } from './recurrent-layers.js';

/** The sequence encoders a text model can use. */
export const TEXT_ENCODERS = ['textcnn', 'lstm', 'gru', 'transformer'] as const;
export type TextEncoderKind = (typeof TEXT_ENCODERS)[number];

/**
 * How a recurrent or transformer encoder turns its sequence into one feature vector: `last` (the
 * output at the last real token), `mean` (mean over real tokens) or `max_mean` (the max over real
 * tokens beside their mean, twice as wide).
 */
export const TEXT_POOLINGS = ['last', 'mean', 'max_mean'] as const;
export type TextPooling = (typeof TEXT_POOLINGS)[number];

/** Options of {@link textEncoder}. */
export interface TextEncoderOptions {
  readonly encoder: TextEncoderKind;
  /** Vocabulary size (rows of the embedding table). */
  readonly vocab: number;
  /** The id that pads a sequence: padded positions never change the output. */
  readonly padId: number;
  /** Embedding width (the model width of the transformer). Default 64. */
  readonly dim?: number;
  /** Hidden units of the LSTM / GRU. Default 64. */
  readonly units?: number;
  /** TextCNN: filters per kernel width, and the widths. Default 64 and [3, 4, 5]. */
  readonly filters?: number;
  readonly kernels?: readonly number[];
  /** Transformer: heads, encoder layers, feed-forward width, longest sequence (learned positions). Defaults 4, 2, 2·dim, 512. */
  readonly heads?: number;
  readonly layers?: number;
  readonly ff?: number;
  readonly maxLength?: number;
  /** LSTM / GRU / transformer pooling over time. Default `max_mean`; TextCNN always takes the max per filter. */
  readonly pooling?: TextPooling;
  /** Dropout on the embeddings and the pooled features while training. Default 0.1. */
  readonly dropout?: number;
  /** Pretrained embedding table [vocab, dim], used as the initial weights (see `readEmbeddings`). */
  readonly embeddings?: HostTensor<'float32'>;
}

/** 1 where `ids` [N, T] is a real token, 0 where it is padding, as float32 [N, T]. */
function tokenMask(b: Builder, ids: Value, padId: number): Value {
  return b.cast(b.op1('Not', [b.op1('Equal', [ids, b.scalar(padId, ids.dtype)])]), 'float32');
}

/** Σ over real positions / their count (at least 1): [N, T, F] → [N, F]. */
function maskedMean(b: Builder, h: Value, mask: Value): Value {
  const total = b.reduceSum(b.mul(h, b.unsqueeze(mask, [2])), [1], false);
  const count = b.op1('Max', [b.reduceSum(mask, [1], true), b.scalar(1, 'float32')]);
  return b.div(total, count);
}

/** Max over real positions (padding never wins): [N, T, F] → [N, F]. */
function maskedMax(b: Builder, h: Value, mask: Value): Value {
  const penalty = b.mul(b.sub(mask, b.scalar(1, 'float32')), b.scalar(1e4, 'float32'));
  return b.op1('ReduceMax', [b.add(h, b.unsqueeze(penalty, [2]))], { axes: [1], keepdims: 0 });
}

/** The sequence [N, T, F] pooled to [N, F] (`last`, `mean`) or [N, 2F] (`max_mean`: max, then mean). */
function pool(b: Builder, h: Value, mask: Value, pooling: TextPooling): Value {
  if (pooling === 'last') return lastReal(b, h, mask);
  if (pooling === 'mean') return maskedMean(b, h, mask);
  return b.op1('Concat', [maskedMax(b, h, mask), maskedMean(b, h, mask)], { axis: 1 });
}

/** The output at each sequence's last real position (right padding): [N, T, F] → [N, F]. */
function lastReal(b: Builder, h: Value, mask: Value): Value {
  const shape = b.shapeOf(mask);
  const next = b.op1('Pad', [b.op1('Slice', [mask, b.ints([1]), b.ints([9223372036854775807]), b.ints([1])]), b.ints([0, 0, 0, 1])]);
  const last = b.sub(mask, b.reshape(next, shape));
  return b.reduceSum(b.mul(h, b.unsqueeze(last, [2])), [1], false);
}

/** TextCNN branch: windows of `k` consecutive (masked) embeddings, ReLU, max over real positions. */
function convBranch(ctx: LayerContext, emb: Value, mask: Value, name: string, k: number, d: number, filters: number): Value {
  const { b } = ctx;
  const length = b.op1('Slice', [b.shapeOf(emb), b.ints([1]), b.ints([2]), b.ints([0])]);
  const padded = b.op1('Pad', [emb, b.ints([0, 0, 0, 0, k - 1, 0])]);
  const shifts = Array.from({ length: k }, (_, j) => b.op1('Slice', [padded, b.ints([j]), b.add(length, b.ints([j])), b.ints([1])]));
  const windows = k === 1 ? shifts[0]! : b.op1('Concat', shifts, { axis: 2 });
  const h = activate(b, linear(ctx, windows, name, k * d, filters), 'relu');
  return b.op1('ReduceMax', [b.mul(h, b.unsqueeze(mask, [2]))], { axes: [1], keepdims: 0 });
}

/**
 * A text encoder over token ids [N, T] (int64, right-padded with `padId`) → features [N, F]:
 * an embedding table, then a TextCNN (max over real positions per filter, F = filters·kernels), an
 * LSTM or GRU (F = units per pooled vector) or a transformer encoder (learned positions, padded
 * keys masked, F = dim per pooled vector), the latter three pooled over real tokens by `pooling`
 * (default `max_mean`: max and mean side by side, so F doubles). Padding never changes a row's
 * output, so a message scores the same alone and in a batch with longer ones. Put a
 * `dense(classes)` head on top.
 * @example `new Sequential([textEncoder({ encoder: 'lstm', vocab: 8000, padId: 0 }), dense(2)])`
 */
export function textEncoder(o: TextEncoderOptions): Layer {
  const dim = o.dim ?? o.embeddings?.shape[1] ?? 64;
  if (o.embeddings && (o.embeddings.shape.length !== 2 || o.embeddings.shape[0] !== o.vocab || o.embeddings.shape[1] !== dim)) {
    throw new DataError('EMBEDDING_SHAPE', `textEncoder: pretrained embeddings are [${o.embeddings.shape.join(', ')}] but the model needs [${o.vocab}, ${dim}] (vocabulary × dim); pass dim ${String(o.embeddings.shape[1])} or embeddings for this vocabulary`, { expected: [o.vocab, dim], actual: o.embeddings.shape });
  }
  const rate = o.dropout ?? 0.1;
  const pooling = o.pooling ?? 'max_mean';
  return {
    kind: `text_${o.encoder}`,
    apply(ctx, ids, name) {
      if (ids.rank !== 2 || (ids.dtype !== 'int64' && ids.dtype !== 'int32')) throw new GraphError('LAYER_SHAPE', `text encoder ${name} needs token ids [N, T] (int64), got ${ids.dtype} [${ids.shape.join(',')}]`, { name, actual: ids.dtype, shape: ids.shape });
      const { b } = ctx;
      const mask = tokenMask(b, ids, o.padId);
      const table = ctx.param(`${name}.embedding.weight`, () => (o.embeddings ? { ...o.embeddings, data: o.embeddings.data.slice() } : initWeight('glorot', [o.vocab, dim], ctx.rng)));
      let emb = b.op1('Gather', [table, ids], { axis: 0 });
      const drop = (h: Value, n: string): Value => (rate > 0 ? dropout(rate).apply(ctx, h, `${name}.${n}`) : h);
      emb = drop(emb, 'embedding_dropout');
      let out: Value;
      switch (o.encoder) {
        case 'lstm':
        case 'gru': {
          const units = o.units ?? 64;
          const rnn = (o.encoder === 'lstm' ? lstm : gru)(units, { returnSequences: true });
          out = pool(b, rnn.apply(ctx, emb, `${name}.${o.encoder}`), mask, pooling);
          break;
        }
        case 'textcnn': {
          const masked = b.mul(emb, b.unsqueeze(mask, [2]));
          const branches = (o.kernels ?? [3, 4, 5]).map((k) => convBranch(ctx, masked, mask, `${name}.conv${k}`, k, dim, o.filters ?? 64));
          out = branches.length === 1 ? branches[0]! : b.op1('Concat', branches, { axis: 1 });
          break;
        }
        case 'transformer': {
          const maxLength = o.maxLength ?? 512;
          const pos = ctx.param(`${name}.position.weight`, () => initWeight('glorot', [maxLength, dim], ctx.rng));
          const length = b.op1('Slice', [b.shapeOf(ids), b.ints([1]), b.ints([2]), b.ints([0])]);
          let h = b.add(emb, b.op1('Slice', [pos, b.ints([0]), length, b.ints([0])]));
          for (let i = 0; i < (o.layers ?? 2); i++) h = applyEncoderLayer(ctx, h, `${name}.layers.${i}`, { heads: o.heads ?? 4, ff: o.ff ?? 2 * dim, dropout: rate, normFirst: true }, mask);
          out = pool(b, h, mask, pooling);
          break;
        }
      }
      return drop(out, 'pooled_dropout');
    },
  };
}
