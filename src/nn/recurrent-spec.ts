import { z } from 'zod';
import type { Layer } from './layers.js';
import { gru, lstm, rnn } from './recurrent-layers.js';

/** A recurrent layer in a JSON model spec: `{ "type": "lstm", "units": 32, "returnSequences": true }`. */
export interface RecurrentLayerSpec {
  type: 'lstm' | 'gru' | 'rnn';
  units: number;
  returnSequences?: boolean | undefined;
  bidirectional?: boolean | undefined;
}

/** Schema of {@link RecurrentLayerSpec}. */
export const recurrentLayerSchema = z.object({ type: z.enum(['lstm', 'gru', 'rnn']), units: z.number().int().positive(), returnSequences: z.boolean().optional(), bidirectional: z.boolean().optional() }).strict();

/** The layer a {@link RecurrentLayerSpec} describes. */
export function recurrentFromSpec(s: RecurrentLayerSpec): Layer {
  const make = { lstm, gru, rnn }[s.type];
  return make(s.units, { ...(s.returnSequences !== undefined ? { returnSequences: s.returnSequences } : {}), ...(s.bidirectional !== undefined ? { bidirectional: s.bidirectional } : {}) });
}
