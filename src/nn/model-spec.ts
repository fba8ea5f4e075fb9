import { z } from 'zod';
import { UsageError } from '../core/index.js';
import { readJsonFile, type JsonFileKind } from '../io/index.js';
import type { InitName } from './init.js';
import type { ActivationName, Layer } from './layers.js';
import { activation, avgPool2d, conv2d, dense, dropout, flatten, globalAvgPool, maxPool2d } from './layers.js';
import { embedding, residual } from './merge-layers.js';
import { batchNorm, layerNorm } from './norm-layers.js';
import { attentionFromSpec, attentionLayerSchemas, type AttentionLayerSpec } from './attention-spec.js';
import { recurrentFromSpec, recurrentLayerSchema, type RecurrentLayerSpec } from './recurrent-spec.js';
import { Sequential } from './sequential.js';
import { textEncoderFromSpec, textEncoderLayerSchema, type TextEncoderLayerSpec } from './text-encoder-spec.js';

const act = z.enum(['relu', 'tanh', 'sigmoid', 'elu', 'selu', 'gelu', 'softplus', 'leaky_relu', 'linear']);
const init = z.enum(['he', 'glorot', 'torch', 'zeros', 'orthogonal']);
const reg = { l1: z.number().nonnegative().optional(), l2: z.number().nonnegative().optional() };

/** One layer of a JSON model spec. */
export type LayerSpec =
  | { type: 'dense'; units: number; activation?: ActivationName | undefined; init?: InitName | undefined; bias?: boolean | undefined; l1?: number | undefined; l2?: number | undefined }
  | { type: 'conv2d'; filters: number; kernel: number; stride?: number | undefined; padding?: 'same' | 'valid' | number | undefined; activation?: ActivationName | undefined; init?: InitName | undefined; bias?: boolean | undefined; l1?: number | undefined; l2?: number | undefined }
  | { type: 'maxpool2d' | 'avgpool2d'; size: number }
  | { type: 'globalavgpool' | 'flatten' | 'layernorm' }
  | { type: 'batchnorm'; momentum?: number | undefined }
  | { type: 'dropout'; rate: number }
  | { type: 'activation'; name: ActivationName }
  | { type: 'embedding'; vocab: number; dim: number }
  | { type: 'residual'; layers: LayerSpec[] }
  | RecurrentLayerSpec
  | AttentionLayerSpec
  | TextEncoderLayerSpec;

const layerSchema: z.ZodType<LayerSpec> = z.lazy(() =>
  z.discriminatedUnion('type', [
    z.object({ type: z.literal('dense'), units: z.number().int().positive(), activation: act.optional(), init: init.optional(), bias: z.boolean().optional(), ...reg }).strict(),
    z.object({ type: z.literal('conv2d'), filters: z.number().int().positive(), kernel: z.number().int().positive(), stride: z.number().int().positive().optional(), padding: z.union([z.enum(['same', 'valid']), z.number().int().nonnegative()]).optional(), activation: act.optional(), init: init.optional(), bias: z.boolean().optional(), ...reg }).strict(),
    z.object({ type: z.enum(['maxpool2d', 'avgpool2d']), size: z.number().int().positive() }).strict(),
    z.object({ type: z.enum(['globalavgpool', 'flatten', 'layernorm']) }).strict(),
    z.object({ type: z.literal('batchnorm'), momentum: z.number().positive().max(1).optional() }).strict(),
    z.object({ type: z.literal('dropout'), rate: z.number().min(0).lt(1) }).strict(),
    z.object({ type: z.literal('activation'), name: act }).strict(),
    z.object({ type: z.literal('embedding'), vocab: z.number().int().positive(), dim: z.number().int().positive() }).strict(),
    z.object({ type: z.literal('residual'), layers: z.array(layerSchema) }).strict(),
    recurrentLayerSchema,
    ...attentionLayerSchemas,
    textEncoderLayerSchema,
  ]),
);

/** A JSON model spec: `{ "layers": [...] }`; the last layer should produce one output per class. */
export const modelSpecSchema = z.object({ layers: z.array(layerSchema).min(1) }).strict();
export interface ModelSpec {
  layers: LayerSpec[];
}

function regOf(s: { l1?: number | undefined; l2?: number | undefined }): { regularizer?: { l1: number; l2: number } } {
  return s.l1 !== undefined || s.l2 !== undefined ? { regularizer: { l1: s.l1 ?? 0, l2: s.l2 ?? 0 } } : {};
}

function toLayer(s: LayerSpec): Layer {
  switch (s.type) {
    case 'dense':
      return dense(s.units, { ...(s.activation ? { activation: s.activation } : {}), ...(s.init ? { init: s.init } : {}), ...(s.bias !== undefined ? { bias: s.bias } : {}), ...regOf(s) });
    case 'conv2d':
      return conv2d(s.filters, s.kernel, { ...(s.activation ? { activation: s.activation } : {}), ...(s.init ? { init: s.init } : {}), ...(s.stride ? { stride: s.stride } : {}), ...(s.padding !== undefined ? { padding: s.padding } : {}), ...(s.bias !== undefined ? { bias: s.bias } : {}), ...regOf(s) });
    case 'maxpool2d':
      return maxPool2d(s.size);
    case 'avgpool2d':
      return avgPool2d(s.size);
    case 'globalavgpool':
      return globalAvgPool();
    case 'flatten':
      return flatten();
    case 'layernorm':
      return layerNorm();
    case 'batchnorm':
      return batchNorm(s.momentum !== undefined ? { momentum: s.momentum } : {});
    case 'dropout':
      return dropout(s.rate);
    case 'activation':
      return activation(s.name);
    case 'embedding':
      return embedding(s.vocab, s.dim);
    case 'residual':
      return residual(s.layers.map(toLayer));
    case 'attention':
    case 'transformer_encoder':
    case 'positional_encoding':
    case 'sequence_pool':
      return attentionFromSpec(s);
    case 'lstm':
    case 'gru':
    case 'rnn':
      return recurrentFromSpec(s);
    case 'text_encoder':
      return textEncoderFromSpec(s);
  }
}

/**
 * Built-in specs: `mlp` (512-256 ReLU with dropout 0.2) and `cnn` (conv16-pool-conv32-pool-dense128).
 * `outputs` is the width of the last layer (classes, or 1 for binary/regression).
 */
export function presetSpec(name: 'mlp' | 'cnn' | 'linear', outputs: number): ModelSpec {
  const head: LayerSpec = { type: 'dense', units: outputs };
  if (name === 'linear') return { layers: [{ type: 'flatten' }, head] };
  if (name === 'mlp') return { layers: [{ type: 'flatten' }, { type: 'dense', units: 512, activation: 'relu' }, { type: 'dropout', rate: 0.2 }, { type: 'dense', units: 256, activation: 'relu' }, { type: 'dropout', rate: 0.2 }, head] };
  return {
    layers: [
      { type: 'conv2d', filters: 16, kernel: 3, padding: 'same', activation: 'relu' },
      { type: 'maxpool2d', size: 2 },
      { type: 'conv2d', filters: 32, kernel: 3, padding: 'same', activation: 'relu' },
      { type: 'maxpool2d', size: 2 },
      { type: 'flatten' },
      { type: 'dense', units: 128, activation: 'relu' },
      head,
    ],
  };
}

const SPEC_KIND: JsonFileKind = { code: 'MODEL_SPEC', what: 'the model spec', fix: 'pass mlp, cnn, linear or a .json spec of the form {"layers": [...]} (see the README)' };

/**
 * Reads and checks a model spec file: a UsageError `MODEL_SPEC` names the file and the line and
 * column (malformed JSON) or the JSON path of the bad field.
 * @example `const spec = readModelSpec('model.json');`
 */
export function readModelSpec(path: string): ModelSpec {
  return readJsonFile(path, modelSpecSchema, SPEC_KIND);
}

/**
 * The layers of a spec object, validated (errors name `file` and the JSON path of the bad field).
 * @example `layersFromSpec({ layers: [{ type: 'dense', units: 10 }] })`
 */
export function layersFromSpec(spec: unknown, file = '(spec)'): Layer[] {
  const parsed = modelSpecSchema.safeParse(spec);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError('MODEL_SPEC', `${file}: invalid model spec at ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? 'invalid'}`, { file, path: issue?.path.map(String) ?? [] });
  }
  return parsed.data.layers.map(toLayer);
}

/**
 * A Sequential model from a spec object, a preset name (`mlp`, `cnn`, `linear`) or a JSON file path.
 * Errors name the file and the JSON path of the bad field.
 * @example `modelFromSpec('cnn', { outputs: 10, seed: 0 })`
 */
export function modelFromSpec(spec: ModelSpec | string, opts: { outputs: number; seed?: number }): Sequential {
  let s: unknown = spec;
  let file = '(spec)';
  if (typeof spec === 'string') {
    if (spec === 'mlp' || spec === 'cnn' || spec === 'linear') s = presetSpec(spec, opts.outputs);
    else {
      file = spec;
      s = readModelSpec(spec);
    }
  }
  return new Sequential(layersFromSpec(s, file), opts.seed !== undefined ? { seed: opts.seed } : {});
}
