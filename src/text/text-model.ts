import { UsageError, type HostTensor } from '../core/index.js';
import { dense, modelFromSpec, readModelSpec, Sequential, textEncoder, TEXT_ENCODERS, type ModelSpec, type TextEncoderKind, type TextPooling } from '../nn/index.js';
import { textRecipe } from './text-recipe.js';
import type { Tokenizer } from './tokenizer.js';

/** Options of {@link textModel}. */
export interface TextModelOptions {
  readonly tokenizer: Tokenizer;
  /** Width of the head: one logit per class. */
  readonly outputs: number;
  readonly seed?: number;
  /** Embedding width (transformer model width). Default 64, or the pretrained table's width. */
  readonly dim?: number;
  /** Pretrained embedding table [vocab, dim] (see `readEmbeddings`). */
  readonly embeddings?: HostTensor<'float32'>;
  /** Dropout while training. Default: the model's text recipe (`textRecipe(model).dropout`: 0.2 for the transformer, 0.1 for the others). */
  readonly dropout?: number;
  /** Transformer feed-forward width. Default 2·dim. */
  readonly ff?: number;
  /** Pooling over time of the LSTM / GRU / transformer (see `TEXT_POOLINGS`). Default `max_mean`. */
  readonly pooling?: TextPooling;
}

/** Whether `name` is a built-in text model. */
export function isTextEncoder(name: string): name is TextEncoderKind {
  return (TEXT_ENCODERS as readonly string[]).includes(name);
}

/**
 * A text classifier: `textcnn`, `lstm`, `gru` or `transformer` encoder (see `textEncoder`) sized
 * for the tokenizer's vocabulary and pad id, with a dense head; or a JSON spec whose
 * `text_encoder` layers get `vocab` and `padId` from the tokenizer when they omit them.
 * @example `const net = textModel('lstm', { tokenizer: tok, outputs: 2, seed: 0 });`
 */
export function textModel(model: string, o: TextModelOptions): Sequential {
  const seed = o.seed ?? 0;
  const tok = o.tokenizer;
  if (isTextEncoder(model)) {
    const encoder = textEncoder({ encoder: model, vocab: tok.vocabSize, padId: tok.padId, maxLength: tok.config.maxLength, ...(o.dim !== undefined ? { dim: o.dim } : {}), ...(o.embeddings ? { embeddings: o.embeddings } : {}), dropout: o.dropout ?? textRecipe(model).dropout, ...(o.pooling !== undefined ? { pooling: o.pooling } : {}), ...(o.ff !== undefined ? { ff: o.ff } : {}) });
    return new Sequential([encoder, dense(o.outputs)], { seed });
  }
  if (!model.endsWith('.json')) throw new UsageError('CLI_OPTION', `--model ${model}: a text model is one of ${TEXT_ENCODERS.join(', ')} or a .json spec`, { model });
  const spec: ModelSpec = readModelSpec(model);
  const layers = spec.layers.map((l) => (l.type === 'text_encoder' ? { ...l, vocab: l.vocab ?? tok.vocabSize, padId: l.padId ?? tok.padId, maxLength: l.maxLength ?? tok.config.maxLength } : l));
  return modelFromSpec({ layers }, { outputs: o.outputs, seed });
}
