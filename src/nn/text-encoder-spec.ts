import { z } from 'zod';
import { UsageError } from '../core/index.js';
import type { Layer } from './layers.js';
import { textEncoder, TEXT_ENCODERS, TEXT_POOLINGS, type TextEncoderKind, type TextPooling } from './text-encoders.js';

/**
 * A text encoder in a JSON model spec: `{ "type": "text_encoder", "encoder": "lstm", "units": 128 }`.
 * `vocab`, `padId` and `maxLength` come from the tokenizer when a text command builds the model.
 */
export interface TextEncoderLayerSpec {
  type: 'text_encoder';
  encoder: TextEncoderKind;
  vocab?: number | undefined;
  padId?: number | undefined;
  dim?: number | undefined;
  units?: number | undefined;
  filters?: number | undefined;
  kernels?: number[] | undefined;
  heads?: number | undefined;
  layers?: number | undefined;
  ff?: number | undefined;
  maxLength?: number | undefined;
  pooling?: TextPooling | undefined;
  dropout?: number | undefined;
}

const count = z.number().int().positive();

/** Schema of {@link TextEncoderLayerSpec}. */
export const textEncoderLayerSchema = z
  .object({
    type: z.literal('text_encoder'),
    encoder: z.enum(TEXT_ENCODERS),
    vocab: count.optional(),
    padId: z.number().int().nonnegative().optional(),
    dim: count.optional(),
    units: count.optional(),
    filters: count.optional(),
    kernels: z.array(count).min(1).optional(),
    heads: count.optional(),
    layers: count.optional(),
    ff: count.optional(),
    maxLength: count.optional(),
    pooling: z.enum(TEXT_POOLINGS).optional(),
    dropout: z.number().min(0).lt(1).optional(),
  })
  .strict();

/** The layer a {@link TextEncoderLayerSpec} describes (it needs `vocab` and `padId` by now). */
export function textEncoderFromSpec(s: TextEncoderLayerSpec): Layer {
  if (s.vocab === undefined || s.padId === undefined) throw new UsageError('LAYER_OPTION', 'text_encoder layer: vocab and padId are needed (a text command fills them from the tokenizer)', {});
  const { vocab, padId } = s;
  const opt = <K extends 'dim' | 'units' | 'filters' | 'kernels' | 'heads' | 'layers' | 'ff' | 'maxLength' | 'pooling' | 'dropout'>(k: K): Partial<Record<K, NonNullable<TextEncoderLayerSpec[K]>>> =>
    (s[k] !== undefined ? { [k]: s[k] } : {}) as Partial<Record<K, NonNullable<TextEncoderLayerSpec[K]>>>;
  return textEncoder({ encoder: s.encoder, vocab, padId, ...opt('dim'), ...opt('units'), ...opt('filters'), ...opt('kernels'), ...opt('heads'), ...opt('layers'), ...opt('ff'), ...opt('maxLength'), ...opt('pooling'), ...opt('dropout') });
}
