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
  const layout = ctx.int('layout');
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

/** Shape rule shared by LSTM, GRU and RNN: Y, Y_h (and Y_c for LSTM) from X, W, R and the attributes. */
function recurrentInfer(op: RecurrentOp): (ctx: InferContext) => TensorType[] {
  return (ctx) => {
    const direction = ctx.str('direction');
    if (!['forward', 'reverse', 'bidirectional'].includes(direction)) unsupported(ctx, 'direction', direction, 'forward, reverse, bidirectional');
    const dirs = direction === 'bidirectional' ? 2 : 1;
    checkSupported(ctx, op, dirs);
    const [x, w, r] = [ctx.input(INPUT.x), ctx.input(INPUT.w), ctx.input(INPUT.r)];
    const g = GATES[op];
    const hidden: Dim | undefined = ctx.has('hidden_size') ? ctx.int('hidden_size') : r.shape[2];
    if (hidden === undefined || typeof hidden !== 'number') throw new GraphError('SHAPE_RECURRENT', `${op} node "${ctx.name}": the hidden size must be known (attribute hidden_size or a static R)`, { node: ctx.name });
    expectDims(ctx, 'X', x.shape, [undefined, undefined, undefined], 'X must be 3-D [seq, batch, features]');
    const [seq, batch] = [x.shape[0]!, x.shape[1]!];
    const features = x.shape[2]!;
    expectDims(ctx, 'W', w.shape, [dirs, g * hidden, typeof features === 'number' ? features : undefined], `the data's feature size (last axis of X, ${features}) must match the input size the weights were made for`);
    expectDims(ctx, 'R', r.shape, [dirs, g * hidden, hidden], 'R must be [directions, gates·hidden, hidden]');
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

registerPrimitives(
  recurrent('LSTM', { input_forget: { kind: 'int', default: 0 } }),
  recurrent('GRU', { linear_before_reset: { kind: 'int', default: 0 } }),
  recurrent('RNN', {}),
);
