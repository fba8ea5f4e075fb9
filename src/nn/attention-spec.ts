import { z } from 'zod';
import { multiHeadAttention, positionalEncoding, sequencePool, transformerEncoderLayer } from './attention-layers.js';
import type { Layer } from './layers.js';

/** Attention-family layers in a JSON model spec (see the README's model spec section). */
export type AttentionLayerSpec =
  | { type: 'attention'; heads: number; causal?: boolean | undefined; dropout?: number | undefined }
  | { type: 'transformer_encoder'; heads: number; ff?: number | undefined; dropout?: number | undefined; activation?: 'relu' | 'gelu' | undefined; normFirst?: boolean | undefined; causal?: boolean | undefined }
  | { type: 'positional_encoding'; kind: 'sinusoidal' | 'learned'; maxLength: number }
  | { type: 'sequence_pool'; mode?: 'mean' | 'first' | 'last' | undefined };

const rate = z.number().min(0).lt(1);

/** Schemas of {@link AttentionLayerSpec}, one per type. */
export const attentionLayerSchemas = [
  z.object({ type: z.literal('attention'), heads: z.number().int().positive(), causal: z.boolean().optional(), dropout: rate.optional() }).strict(),
  z.object({ type: z.literal('transformer_encoder'), heads: z.number().int().positive(), ff: z.number().int().positive().optional(), dropout: rate.optional(), activation: z.enum(['relu', 'gelu']).optional(), normFirst: z.boolean().optional(), causal: z.boolean().optional() }).strict(),
  z.object({ type: z.literal('positional_encoding'), kind: z.enum(['sinusoidal', 'learned']), maxLength: z.number().int().positive() }).strict(),
  z.object({ type: z.literal('sequence_pool'), mode: z.enum(['mean', 'first', 'last']).optional() }).strict(),
] as const;

/** The layer an {@link AttentionLayerSpec} describes. */
export function attentionFromSpec(s: AttentionLayerSpec): Layer {
  switch (s.type) {
    case 'attention':
      return multiHeadAttention(s.heads, { ...(s.causal !== undefined ? { causal: s.causal } : {}), ...(s.dropout !== undefined ? { dropout: s.dropout } : {}) });
    case 'transformer_encoder':
      return transformerEncoderLayer({
        heads: s.heads,
        ...(s.ff !== undefined ? { ff: s.ff } : {}),
        ...(s.dropout !== undefined ? { dropout: s.dropout } : {}),
        ...(s.activation !== undefined ? { activation: s.activation } : {}),
        ...(s.normFirst !== undefined ? { normFirst: s.normFirst } : {}),
        ...(s.causal !== undefined ? { causal: s.causal } : {}),
      });
    case 'positional_encoding':
      return positionalEncoding({ kind: s.kind, maxLength: s.maxLength });
    case 'sequence_pool':
      return sequencePool(s.mode ?? 'mean');
  }
}
