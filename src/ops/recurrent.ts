import { GraphError } from '../core/index.js';
import { fmtShape, type Dim, type TensorType, type Value } from '../ir/index.js';
import type { AttrSpec, InferContext, Primitive } from './primitive.js';
import { recurrentGrad } from './recurrent-grad.js';
import { GATES, INPUT, type RecurrentOp } from './recurrent-layout.js';
import { registerPrimitives } from './registry.js';

/** The activations Keel differentiates: ONNX's defaults (per direction). */
const DEFAULT_ACTIVATIONS: Readonly<Record<RecurrentOp, readonly string[]>> = {
  LSTM: ['sigmoid', 'tanh', 'tanh'],
  GRU: ['sigmoid', 'tanh'],
  RNN: ['tanh'],
};

const COMMON_ATTRS: Readonly<Record<string, AttrSpec>> = {
  activation_alpha: { kind: 'floats' },
  activation_beta: { kind: 'floats' },
  activations: { kind: 'strings' },
  clip: { kind: 'float' },
  direction: { kind: 'string', default: 'forward' },
  hidden_size: { kind: 'int' },
  layout: { kind: 'int', default: 0 },
};

function unsupported(ctx: InferContext, attribute: string, got: string, supported: string): never {
  throw new GraphError(
    'UNSUPPORTED_ATTRIBUTE',
    `${ctx.op} node "${ctx.name}": attribute ${attribute}=${got} is not supported by Keel (supported: ${supported}); re-export the model with the default`,
    { op: ctx.op, node: ctx.name, attribute },
  );
}

/** Rejects the attribute values and optional inputs whose semantics Keel does not differentiate. */
function checkSupported(ctx: InferContext, op: RecurrentOp, directions: number): void {
  const acts = ctx.raw('activations') as readonly string[] | undefined;
  if (acts !== undefined) {
    const want = Array.from({ length: directions }, () => DEFAULT_ACTIVATIONS[op]).flat();
    if (acts.length !== want.length || acts.some((a, i) => a.toLowerCase() !== want[i])) unsupported(ctx, 'activations', `[${acts.join(',')}]`, `[${want.join(',')}]`);
  }
  for (const k of ['activation_alpha', 'activation_beta']) {
    const v = ctx.raw(k) as readonly number[] | undefined;
    if (v !== undefined && v.length > 0) unsupported(ctx, k, `[${v.join(',')}]`, 'none');
  }
  if (ctx.has('clip')) unsupported(ctx, 'clip', String(ctx.float('clip')), 'no clip');
  if (op === 'LSTM' && ctx.int('input_forget') !== 0) unsupported(ctx, 'input_forget', String(ctx.int('input_forget')), '0');
  const layout = Number(ctx.raw('layout') ?? 0);
  if (layout !== 0) unsupported(ctx, 'layout', String(layout), '0, 1 (1 is rewritten to 0 between Transposes)');
  if (ctx.inputs[INPUT.sequenceLens]) unsupported(ctx, 'sequence_lens (input 4)', 'given', 'absent: every sequence of a batch has the full length');
  if (op === 'LSTM' && ctx.inputs[INPUT.peepholes]) unsupported(ctx, 'P (peepholes, input 7)', 'given', 'absent');
}

function expectDims(ctx: InferContext, what: string, actual: readonly Dim[], expected: readonly (Dim | undefined)[], fix: string): void {
  const bad = actual.length !== expected.length || expected.some((d, i) => d !== undefined && typeof d === 'number' && typeof actual[i] === 'number' && actual[i] !== d);
  if (bad) {
    const want = fmtShape(expected.map((d) => d ?? '?'));
    throw new GraphError('SHAPE_RECURRENT', `${ctx.op} node "${ctx.name}": ${what} has shape ${fmtShape(actual)}, expected ${want}; ${fix}`, { op: ctx.op, node: ctx.name, input: what, expected: want, actual: fmtShape(actual) });
  }
}

/**
 * onnxruntime's int8 weights of `com.microsoft.DynamicQuantizeLSTM` (inputs 8–11): W and R int8 or
 * uint8, a float32 scale and a zero point of the weights' type per direction ([directions]) or per
 * gate unit ([directions, gates·hidden]).
 */
function checkInt8Weights(ctx: InferContext, dirs: number, gateUnits: number): void {
  const [w, r] = [ctx.input(INPUT.w), ctx.input(INPUT.r)];
  for (const [i, what, v] of [[INPUT.w, 'W', w], [INPUT.r, 'R', r]] as const) {
    if (v.dtype !== 'int8' && v.dtype !== 'uint8') throw new GraphError('DTYPE_QUANTIZE', `${ctx.op} node "${ctx.name}": ${what} (input ${i}) must be int8 or uint8, got ${v.dtype}`, { node: ctx.name, actual: v.dtype });
  }
  for (const [i, what, dtype] of [[8, 'W_scale', 'float32'], [9, 'W_zero_point', w.dtype], [10, 'R_scale', 'float32'], [11, 'R_zero_point', r.dtype]] as const) {
    const v = ctx.input(i);
    if (v.dtype !== dtype) throw new GraphError('DTYPE_QUANTIZE', `${ctx.op} node "${ctx.name}": ${what} (input ${i}) must be ${dtype}, got ${v.dtype}`, { node: ctx.name, actual: v.dtype });
    expectDims(ctx, what, v.shape, v.rank === 1 ? [dirs] : [dirs, gateUnits], `${what} holds one value per direction ([${dirs}]) or per gate unit ([${dirs},${gateUnits}])`);
  }
}

/**
 * Shape rule shared by LSTM, GRU and RNN: Y, Y_h (and Y_c for LSTM) from X, W, R and the
 * attributes. `int8`: onnxruntime's DynamicQuantizeLSTM, whose W and R are int8, stored
 * transposed ([directions, input, gates·hidden] and [directions, hidden, gates·hidden]).
 */
function recurrentInfer(op: RecurrentOp, int8 = false): (ctx: InferContext) => TensorType[] {
  return (ctx) => {
    const direction = ctx.str('direction');
    if (!['forward', 'reverse', 'bidirectional'].includes(direction)) unsupported(ctx, 'direction', direction, 'forward, reverse, bidirectional');
    const dirs = direction === 'bidirectional' ? 2 : 1;
    checkSupported(ctx, op, dirs);
    const [x, w, r] = [ctx.input(INPUT.x), ctx.input(INPUT.w), ctx.input(INPUT.r)];
    const g = GATES[op];
    const hidden: Dim | undefined = ctx.has('hidden_size') ? ctx.int('hidden_size') : r.shape[int8 ? 1 : 2];
    if (hidden === undefined || typeof hidden !== 'number') throw new GraphError('SHAPE_RECURRENT', `${op} node "${ctx.name}": the hidden size must be known (attribute hidden_size or a static R)`, { node: ctx.name });
    expectDims(ctx, 'X', x.shape, [undefined, undefined, undefined], 'X must be 3-D [seq, batch, features]');
    const [seq, batch] = [x.shape[0]!, x.shape[1]!];
    const features = x.shape[2]!;
    const f = typeof features === 'number' ? features : undefined;
    expectDims(ctx, 'W', w.shape, int8 ? [dirs, f, g * hidden] : [dirs, g * hidden, f], `the data's feature size (last axis of X, ${features}) must match the input size the weights were made for`);
    expectDims(ctx, 'R', r.shape, int8 ? [dirs, hidden, g * hidden] : [dirs, g * hidden, hidden], `R must be [directions, ${int8 ? 'hidden, gates·hidden' : 'gates·hidden, hidden'}]`);
    if (int8) checkInt8Weights(ctx, dirs, g * hidden);
    const bias = ctx.inputs[INPUT.b];
    if (bias) expectDims(ctx, 'B', bias.shape, [dirs, 2 * g * hidden], 'B must be [directions, 2·gates·hidden]');
    const state = [dirs, batch, hidden];
    const h0 = ctx.inputs[INPUT.h0];
    if (h0) expectDims(ctx, 'initial_h', h0.shape, state, 'the initial state must match the batch and hidden size');
    const c0 = op === 'LSTM' ? ctx.inputs[INPUT.c0] : null;
    if (c0) expectDims(ctx, 'initial_c', c0.shape, state, 'the initial cell state must match the batch and hidden size');
    const y: TensorType = { dtype: x.dtype, shape: [seq, dirs, batch, hidden] };
    const s: TensorType = { dtype: x.dtype, shape: state };
    return op === 'LSTM' ? [y, s, s] : [y, s];
  };
}

function recurrent(op: RecurrentOp, extra: Readonly<Record<string, AttrSpec>>): Primitive {
  return {
    op,
    attrs: { ...COMMON_ATTRS, ...extra },
    outputs: op === 'LSTM' ? 3 : 2,
    // onnxruntime runs time-major recurrences only: layout 1 becomes layout 0 between Transposes.
    canonicalize: (b, inputs, attrs, opts) => {
      if (attrs['layout'] !== 1) return undefined;
      const swap = (v: Value | null): Value | null => (v ? b.transpose(v, [1, 0, 2]) : null);
      const ins = inputs.map((v, i) => (i === INPUT.x || i === INPUT.h0 || i === INPUT.c0 ? swap(v) : v));
      const outs = b.op(op, ins, { ...attrs, layout: 0 }, { ...(opts.name === undefined ? {} : { name: opts.name }), ...(opts.outputs === undefined ? {} : { outputs: opts.outputs }) });
      return outs.map((o, i) => b.op1('Transpose', [o], { perm: i === 0 ? [2, 0, 1, 3] : [1, 0, 2] }, opts.outputNames?.[i] === undefined ? {} : { outputNames: [opts.outputNames[i]] }));
    },
    infer: recurrentInfer(op),
    grad: (b, n, dys) => recurrentGrad(op, b, n, dys),
    since: 14,
  };
}

/** The recurrent attributes without `layout` (time-major only). */
const timeMajorAttrs: Readonly<Record<string, AttrSpec>> = Object.fromEntries(Object.entries(COMMON_ATTRS).filter(([k]) => k !== 'layout'));

/**
 * onnxruntime's LSTM with int8 weights (`com.microsoft.DynamicQuantizeLSTM`): the activations are
 * quantized per step at run time. Written by the dynamic quantizer; time-major only, forward only.
 */
const dynamicQuantizeLstm: Primitive = {
  op: 'DynamicQuantizeLSTM',
  attrs: { ...timeMajorAttrs, input_forget: { kind: 'int', default: 0 } },
  outputs: 3,
  infer: recurrentInfer('LSTM', true),
  grad: null,
  domain: { name: 'com.microsoft', version: 1 },
};

registerPrimitives(
  dynamicQuantizeLstm,
  recurrent('LSTM', { input_forget: { kind: 'int', default: 0 } }),
  recurrent('GRU', { linear_before_reset: { kind: 'int', default: 0 } }),
  recurrent('RNN', {}),
);
