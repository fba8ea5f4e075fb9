import { describe, expect, it } from 'vitest';
import { checkGradients, type CheckInput } from '../runtime/index.js';
import type { Value } from '../ir/index.js';
import { batchNormTraining, lowerSmallConv, type Builder } from './index.js';
import { tensor as tensorOf } from '../core/index.js';

const INT64_MAX = 9223372036854775807;

/** Seeded uniform values in ±[lo, hi], never near 0 (keeps inputs off ReLU/Abs kinks). */
function rnd(n: number, seed: number, lo = 0.2, hi = 1.5): number[] {
  let s = seed;
  return Array.from({ length: n }, () => {
    s = (s * 16807) % 2147483647;
    const u = s / 2147483647;
    const m = lo + (hi - lo) * ((u * 7919) % 1);
    return u < 0.5 ? -m : m;
  });
}
const pos = (n: number, seed: number): number[] => rnd(n, seed).map((v) => Math.abs(v) + 0.3);
const size = (s: readonly number[]): number => s.reduce((p, q) => p * q, 1);
function inp(name: string, shape: number[], seed: number, opts: Partial<CheckInput> & { positive?: boolean } = {}): CheckInput {
  return { name, shape, data: opts.data ?? (opts.positive ? pos(size(shape), seed) : rnd(size(shape), seed)), ...(opts.declared ? { declared: opts.declared } : {}), ...(opts.int ? { int: true } : {}), ...(opts.constant ? { constant: true } : {}) };
}
/** Distinct values (no ties) for max-like ops. */
const distinct = (n: number, seed: number): number[] => rnd(n, seed).map((v, i) => v + i * 0.37);

type Build = (b: Builder, v: Value[]) => Value;
interface Case {
  readonly name: string;
  readonly build: Build;
  readonly inputs: CheckInput[];
  /** Ops whose point is a float32 round trip are checked in float32. */
  readonly float32?: boolean;
}

const un = (op: string, attrs = {}): Build => (b, [x]) => b.op1(op, [x!], attrs);
const bin = (op: string): Build => (b, [x, y]) => b.op1(op, [x!, y!]);
const conv = (attrs: Record<string, number | number[] | string>): Build => (b, [x, w, c]) => b.op1('Conv', c ? [x!, w!, c] : [x!, w!], attrs);
/** The training lowering of a small-output Conv (unfold MatMul + one GEMM); fails if it declined. */
const gemmConv = (attrs: Record<string, number | number[] | string>): Build => (b, vs) => {
  const ins = vs.slice(0, 3);
  const lowered = lowerSmallConv(b, conv(attrs)(b, ins).producer!, ins);
  if (!lowered) throw new Error('lowerSmallConv kept the Conv');
  return lowered[0]!;
};

/** Every output of a recurrent node, flattened into one vector (so each output's gradient is checked). */
const recurrent = (op: string, attrs: Record<string, number | string>, outputs: number): Build => (b, [x, w, r, bias, h0, c0]) => {
  const ins = [x!, w!, r!, bias ?? null, null, h0 ?? null, ...(c0 ? [c0] : [])];
  const outs = b.op(op, ins, { hidden_size: 2, ...attrs }, { outputs });
  return b.op1('Concat', outs.map((o) => b.reshape(o, [-1])), { axis: 0 });
};
/** Small weights keep the gates off saturation, so finite differences stay informative. */
const small = (name: string, shape: number[], seed: number, declared?: (number | string)[]): CheckInput => ({ name, shape, data: rnd(size(shape), seed).map((v) => v * 0.4), ...(declared ? { declared } : {}) });
/** Inputs of a recurrent node: X [T, N, I] (symbolic T and N), W, R, B, initial states. */
function rnnInputs(gates: number, dirs: number, seed: number, opts: { states?: number; layout?: number } = {}): CheckInput[] {
  const [t, n, i, h] = [3, 2, 3, 2];
  const xs = opts.layout === 1 ? [n, t, i] : [t, n, i];
  const st = opts.layout === 1 ? [n, dirs, h] : [dirs, n, h];
  const stDecl = opts.layout === 1 ? ['N', dirs, h] : [dirs, 'N', h];
  return [
    inp('x', xs, seed, { declared: opts.layout === 1 ? ['N', 'T', i] : ['T', 'N', i] }),
    small('w', [dirs, gates * h, i], seed + 1),
    small('r', [dirs, gates * h, h], seed + 2),
    small('bias', [dirs, 2 * gates * h], seed + 3),
    ...Array.from({ length: opts.states ?? 0 }, (_, k) => small(`s${k}`, st, seed + 4 + k, stDecl)),
  ];
}

// The one table: every primitive with a gradient, with random shapes, broadcasting and a symbolic batch.
const cases: Case[] = [
  { name: 'Add broadcast + batch', build: bin('Add'), inputs: [inp('a', [3, 2, 4], 1, { declared: ['N', 2, 4] }), inp('b', [2, 1], 2)] },
  { name: 'Sub broadcast', build: bin('Sub'), inputs: [inp('a', [4], 3), inp('b', [3, 1], 4)] },
  { name: 'Mul broadcast + batch', build: bin('Mul'), inputs: [inp('a', [2, 3], 5, { declared: ['N', 3] }), inp('b', [1, 3], 6)] },
  { name: 'Div', build: bin('Div'), inputs: [inp('a', [2, 3], 7), inp('b', [3], 8, { positive: true })] },
  { name: 'Mul by a scalar on [N, C, 1, 1] (the scalar widened to rank 4)', build: bin('Mul'), inputs: [inp('a', [2, 3, 1, 1], 201, { declared: ['N', 3, 1, 1] }), inp('b', [], 202)] },
  { name: 'Div of a scalar by [C, 1, 1] (the scalar widened to rank 3)', build: bin('Div'), inputs: [inp('a', [], 203), inp('b', [3, 1, 1], 204, { positive: true })] },
  { name: 'Pow', build: bin('Pow'), inputs: [inp('a', [2, 3], 9, { positive: true }), inp('b', [3], 10)] },
  { name: 'Neg', build: un('Neg'), inputs: [inp('x', [2, 3], 11)] },
  { name: 'Exp', build: un('Exp'), inputs: [inp('x', [5], 12)] },
  { name: 'Log', build: un('Log'), inputs: [inp('x', [5], 13, { positive: true })] },
  { name: 'Sqrt', build: un('Sqrt'), inputs: [inp('x', [5], 14, { positive: true })] },
  { name: 'Reciprocal', build: un('Reciprocal'), inputs: [inp('x', [5], 15, { positive: true })] },
  { name: 'Abs', build: un('Abs'), inputs: [inp('x', [6], 16)] },
  { name: 'Relu', build: un('Relu'), inputs: [inp('x', [2, 4], 17, { declared: ['N', 4] })] },
  { name: 'LeakyRelu', build: un('LeakyRelu', { alpha: 0.2 }), inputs: [inp('x', [6], 18)] },
  { name: 'Elu', build: un('Elu', { alpha: 0.7 }), inputs: [inp('x', [6], 19)] },
  { name: 'Selu', build: un('Selu'), inputs: [inp('x', [6], 20)] },
  { name: 'Sigmoid', build: un('Sigmoid'), inputs: [inp('x', [6], 21)] },
  { name: 'Tanh', build: un('Tanh'), inputs: [inp('x', [6], 22)] },
  { name: 'Softplus', build: un('Softplus'), inputs: [inp('x', [6], 23)] },
  { name: 'Erf', build: un('Erf'), inputs: [inp('x', [6], 24)] },
  {
    name: 'GELU from Erf',
    build: (b, [x]) => b.mul(b.scale(x!, 0.5), b.add(b.scalar(1, x!.dtype), b.op1('Erf', [b.scale(x!, Math.SQRT1_2)]))),
    inputs: [inp('x', [6], 25)],
  },
  { name: 'Identity', build: un('Identity'), inputs: [inp('x', [3], 26)] },
  { name: 'Softmax axis 1', build: un('Softmax', { axis: 1 }), inputs: [inp('x', [2, 4], 27, { declared: ['N', 4] })] },
  { name: 'LogSoftmax', build: un('LogSoftmax', { axis: -1 }), inputs: [inp('x', [3, 5], 28)] },
  { name: 'MatMul batched broadcast', build: bin('MatMul'), inputs: [inp('a', [2, 3, 4], 29, { declared: ['N', 3, 4] }), inp('b', [4, 2], 30)] },
  { name: 'MatMul 4-D batch · shared matrix (one flattened weight GEMM)', build: bin('MatMul'), inputs: [inp('a', [2, 2, 3, 4], 125, { declared: ['N', 'H', 3, 4] }), inp('b', [4, 2], 126)] },
  { name: 'MatMul vector·matrix', build: bin('MatMul'), inputs: [inp('a', [4], 31), inp('b', [4, 3], 32)] },
  { name: 'MatMul matrix·vector', build: bin('MatMul'), inputs: [inp('a', [2, 4], 33), inp('b', [4], 34)] },
  { name: 'Gemm transB + bias', build: (b, [a, w, c]) => b.op1('Gemm', [a!, w!, c!], { transB: 1, alpha: 0.7, beta: 1.3 }), inputs: [inp('a', [3, 4], 35, { declared: ['N', 4] }), inp('w', [2, 4], 36), inp('c', [2], 37)] },
  { name: 'Gemm transA', build: (b, [a, w]) => b.op1('Gemm', [a!, w!], { transA: 1 }), inputs: [inp('a', [4, 3], 38), inp('w', [4, 2], 39)] },
  { name: 'Conv 2d pads strides + bias + batch', build: conv({ pads: [1, 0, 1, 2], strides: [2, 1] }), inputs: [inp('x', [2, 2, 5, 4], 40, { declared: ['N', 2, 5, 4] }), inp('w', [3, 2, 3, 2], 41), inp('c', [3], 42)] },
  { name: 'Conv dilations', build: conv({ dilations: [2, 1], pads: [1, 1, 1, 1] }), inputs: [inp('x', [1, 1, 6, 5], 43), inp('w', [2, 1, 2, 3], 44)] },
  { name: 'Conv groups', build: conv({ group: 2, pads: [1, 1, 1, 1] }), inputs: [inp('x', [1, 4, 4, 4], 45), inp('w', [6, 2, 3, 3], 46)] },
  { name: 'Conv auto_pad SAME_UPPER stride 2', build: conv({ auto_pad: 'SAME_UPPER', strides: [2, 2] }), inputs: [inp('x', [1, 2, 5, 5], 47), inp('w', [2, 2, 2, 2], 48)] },
  { name: 'Conv 1d', build: conv({ pads: [1, 1] }), inputs: [inp('x', [2, 2, 6], 49), inp('w', [3, 2, 3], 50)] },
  { name: 'Conv as GEMM (training lowering): pads strides + bias + batch', build: gemmConv({ pads: [1, 0, 1, 2], strides: [2, 1] }), inputs: [inp('x', [2, 2, 5, 4], 40, { declared: ['N', 2, 5, 4] }), inp('w', [3, 2, 3, 2], 41), inp('c', [3], 42)] },
  { name: 'Conv as GEMM: dilations', build: gemmConv({ dilations: [2, 1], pads: [1, 1, 1, 1] }), inputs: [inp('x', [1, 1, 3, 2], 43), inp('w', [2, 1, 2, 3], 44)] },
  { name: 'Conv as GEMM: auto_pad SAME_UPPER stride 2', build: gemmConv({ auto_pad: 'SAME_UPPER', strides: [2, 2] }), inputs: [inp('x', [2, 2, 5, 5], 47, { declared: ['N', 2, 5, 5] }), inp('w', [2, 2, 2, 2], 48)] },
  { name: 'Conv as GEMM: 3x3 on a 1x1 input (centre tap only) + bias', build: gemmConv({ pads: [1, 1, 1, 1] }), inputs: [inp('x', [2, 3, 1, 1], 51, { declared: ['N', 3, 1, 1] }), inp('w', [2, 3, 3, 3], 52), inp('c', [2], 53)] },
  { name: 'Conv as GEMM: stride 2 on 2x2 (4 of 9 taps)', build: gemmConv({ pads: [1, 1, 1, 1], strides: [2, 2] }), inputs: [inp('x', [2, 2, 2, 2], 54), inp('w', [3, 2, 3, 3], 55)] },
  { name: 'Conv as GEMM: 1d', build: gemmConv({ pads: [1, 1] }), inputs: [inp('x', [2, 2, 6], 49), inp('w', [3, 2, 3], 50)] },
  { name: 'ConvTranspose stride 2 + output_padding', build: (b, [x, w, c]) => b.op1('ConvTranspose', [x!, w!, c!], { strides: [2, 2], pads: [1, 1, 1, 1], output_padding: [1, 0] }), inputs: [inp('x', [1, 2, 3, 3], 51), inp('w', [2, 3, 3, 3], 52), inp('c', [3], 53)] },
  { name: 'ConvTranspose groups', build: (b, [x, w]) => b.op1('ConvTranspose', [x!, w!], { group: 2 }), inputs: [inp('x', [1, 4, 3, 3], 54), inp('w', [4, 1, 2, 2], 55)] },
  { name: 'MaxPool 2x2 (unpool path)', build: un('MaxPool', { kernel_shape: [2, 2], strides: [2, 2] }), inputs: [{ name: 'x', shape: [2, 2, 4, 4], declared: ['N', 2, 4, 4], data: distinct(64, 56) }] },
  { name: 'MaxPool overlapping + pads', build: un('MaxPool', { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] }), inputs: [{ name: 'x', shape: [1, 1, 5, 5], data: distinct(25, 57) }] },
  { name: 'AveragePool count_include_pad=0', build: un('AveragePool', { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] }), inputs: [inp('x', [1, 2, 5, 5], 58)] },
  { name: 'AveragePool count_include_pad=1', build: un('AveragePool', { kernel_shape: [2, 2], strides: [1, 1], pads: [1, 1, 0, 0], count_include_pad: 1 }), inputs: [inp('x', [1, 2, 3, 3], 59)] },
  { name: 'GlobalAveragePool + batch', build: un('GlobalAveragePool'), inputs: [inp('x', [2, 3, 2, 2], 60, { declared: ['N', 3, 2, 2] })] },
  { name: 'GlobalMaxPool', build: un('GlobalMaxPool'), inputs: [{ name: 'x', shape: [1, 2, 2, 3], data: distinct(12, 61) }] },
  {
    name: 'BatchNormalization inference',
    build: (b, [x, s, c, m, v]) => b.op1('BatchNormalization', [x!, s!, c!, m!, v!], { epsilon: 1e-3 }),
    inputs: [inp('x', [2, 3, 2, 2], 62), inp('s', [3], 63), inp('c', [3], 64), inp('m', [3], 65), inp('v', [3], 66, { positive: true })],
  },
  { name: 'BatchNormalization inference [N, C]', build: (b, [x, s, c, m, v]) => b.op1('BatchNormalization', [x!, s!, c!, m!, v!]), inputs: [inp('x', [3, 2], 127), inp('s', [2], 128), inp('c', [2], 129), inp('m', [2], 130), inp('v', [2], 131, { positive: true })] },
  // Training mode: normalized with its own batch statistics, whose gradients the fused rule folds into x's.
  { name: 'BatchNorm training (batch statistics) + batch', build: (b, [x, s, c]) => batchNormTraining(b, x!, s!, c!, 1e-3).y, inputs: [inp('x', [3, 2, 2, 3], 132, { declared: ['N', 2, 2, 3] }), inp('s', [2], 133), inp('c', [2], 134)] },
  { name: 'BatchNorm training [N, C]', build: (b, [x, s, c]) => batchNormTraining(b, x!, s!, c!, 1e-5).y, inputs: [inp('x', [4, 3], 135), inp('s', [3], 136), inp('c', [3], 137)] },
  { name: 'BatchNorm training 1x1 maps', build: (b, [x, s, c]) => batchNormTraining(b, x!, s!, c!, 1e-5).y, inputs: [inp('x', [3, 2, 1, 1], 138, { declared: ['N', 2, 1, 1] }), inp('s', [2], 139), inp('c', [2], 140)] },
  { name: 'LayerNormalization', build: (b, [x, s, c]) => b.op1('LayerNormalization', [x!, s!, c!], { axis: -1 }), inputs: [inp('x', [2, 3, 4], 67, { declared: ['N', 3, 4] }), inp('s', [4], 68), inp('c', [4], 69)] },
  { name: 'LayerNormalization axis 1', build: (b, [x, s]) => b.op1('LayerNormalization', [x!, s!], { axis: 1 }), inputs: [inp('x', [2, 3, 2], 70), inp('s', [3, 2], 71)] },
  { name: 'Dropout inference', build: (b, [x]) => b.op1('Dropout', [x!]), inputs: [inp('x', [4], 72)] },
  { name: 'Reshape with -1 and batch', build: (b, [x]) => b.reshape(x!, [0, -1]), inputs: [inp('x', [2, 3, 2], 73, { declared: ['N', 3, 2] })] },
  { name: 'Flatten', build: un('Flatten', { axis: 2 }), inputs: [inp('x', [2, 2, 3], 74)] },
  { name: 'Transpose', build: (b, [x]) => b.transpose(x!, [2, 0, 1]), inputs: [inp('x', [2, 3, 4], 75)] },
  { name: 'Concat axis 1 + batch', build: (b, [x, y]) => b.op1('Concat', [x!, y!, x!], { axis: 1 }), inputs: [inp('x', [2, 2], 76, { declared: ['N', 2] }), inp('y', [2, 3], 77, { declared: ['N', 3] })] },
  { name: 'Split', build: (b, [x]) => { const [p, q] = b.op('Split', [x!, b.ints([1, 3])], { axis: 1 }); return b.add(p!, b.op1('ReduceSum', [q!, b.ints([1])], { keepdims: 1 })); }, inputs: [inp('x', [2, 4], 78)] },
  { name: 'Slice with negative start', build: (b, [x]) => b.op1('Slice', [x!, b.ints([1, -3]), b.ints([3, 100]), b.ints([0, 1])]), inputs: [inp('x', [4, 5], 79)] },
  { name: 'Gather axis 0 (embedding, repeats, negative index)', build: (b, [x, i]) => b.op1('Gather', [x!, i!]), inputs: [inp('x', [4, 3], 80), { name: 'i', shape: [2, 2], data: [1, 3, 1, -4], int: true }] },
  { name: 'Gather axis 1', build: (b, [x, i]) => b.op1('Gather', [x!, i!], { axis: 1 }), inputs: [inp('x', [2, 4, 2], 81), { name: 'i', shape: [3], data: [0, 2, 2], int: true }] },
  { name: 'Squeeze/Unsqueeze', build: (b, [x]) => b.unsqueeze(b.squeeze(x!, [1]), [0, 3]), inputs: [inp('x', [2, 1, 3], 82)] },
  { name: 'ReduceSum keepdims 0', build: (b, [x]) => b.reduceSum(x!, [1], false), inputs: [inp('x', [2, 3, 2], 83, { declared: ['N', 3, 2] })] },
  { name: 'ReduceMean over batch (symbolic count)', build: (b, [x]) => b.op1('ReduceMean', [x!], { axes: [0, 2], keepdims: 1 }), inputs: [inp('x', [3, 2, 2], 84, { declared: ['N', 2, 2] })] },
  { name: 'ReduceMax', build: (b, [x]) => b.op1('ReduceMax', [x!], { axes: [1], keepdims: 0 }), inputs: [{ name: 'x', shape: [2, 4], data: distinct(8, 85) }] },
  { name: 'ReduceSumSquare', build: (b, [x]) => b.op1('ReduceSumSquare', [x!], { axes: [0], keepdims: 0 }), inputs: [inp('x', [3, 2], 86)] },
  { name: 'Clip', build: (b, [x]) => b.op1('Clip', [x!, b.scalar(-0.5, x!.dtype), b.scalar(0.7, x!.dtype)]), inputs: [inp('x', [8], 87)] },
  { name: 'Where', build: (b, [x, y]) => b.op1('Where', [b.op1('Greater', [x!, y!]), x!, b.scale(y!, 3)]), inputs: [inp('x', [2, 3], 88), inp('y', [3], 89)] },
  { name: 'Max/Min', build: (b, [x, y]) => b.add(b.op1('Max', [x!, y!]), b.op1('Min', [x!, y!])), inputs: [inp('x', [2, 3], 90), inp('y', [3], 91)] },
  { name: 'Pad constant', build: (b, [x]) => b.op1('Pad', [x!, b.ints([0, 1, 2, 0])]), inputs: [inp('x', [2, 3], 92)] },
  { name: 'Pad reflect', build: (b, [x]) => b.op1('Pad', [x!, b.ints([0, 0, 1, 2, 0, 0, 2, 1])], { mode: 'reflect' }), inputs: [inp('x', [1, 2, 4, 4], 97)] },
  { name: 'Pad edge', build: (b, [x]) => b.op1('Pad', [x!, b.ints([1, 0, 0, 2])], { mode: 'edge' }), inputs: [inp('x', [3, 2], 98)] },
  { name: 'PRelu (composite)', build: (b, [x, s]) => b.op1('PRelu', [x!, s!]), inputs: [inp('x', [2, 3, 2], 99), inp('s', [3, 1], 100)] },
  { name: 'LRN (composite)', build: un('LRN', { size: 3, alpha: 0.1, beta: 0.75, bias: 1 }), inputs: [inp('x', [1, 4, 2, 2], 101)] },
  { name: 'InstanceNormalization (composite)', build: (b, [x, s, c]) => b.op1('InstanceNormalization', [x!, s!, c!]), inputs: [inp('x', [2, 2, 3], 102), inp('s', [2], 103), inp('c', [2], 104)] },
  { name: 'Expand', build: (b, [x]) => b.expand(x!, b.ints([2, 3, 4])), inputs: [inp('x', [3, 1], 93)] },
  { name: 'Tile', build: (b, [x]) => b.op1('Tile', [x!, b.ints([2, 3])]), inputs: [inp('x', [2, 2], 94)] },
  { name: 'Cast float→float', build: (b, [x]) => b.cast(b.cast(x!, 'float64'), x!.dtype), inputs: [inp('x', [3], 95)], float32: true },
  { name: 'GatherElements', build: (b, [x, i]) => b.op1('GatherElements', [x!, i!], { axis: 1 }), inputs: [inp('x', [2, 3], 96), { name: 'i', shape: [2, 2], data: [0, 2, 1, 1], int: true }] },
  { name: 'LSTM forward, Y/Y_h/Y_c, initial states, symbolic T and N', build: recurrent('LSTM', {}, 3), inputs: rnnInputs(4, 1, 110, { states: 2 }) },
  { name: 'LSTM reverse, Y only, no states', build: recurrent('LSTM', { direction: 'reverse' }, 1), inputs: rnnInputs(4, 1, 120) },
  { name: 'LSTM bidirectional layout 1', build: recurrent('LSTM', { direction: 'bidirectional', layout: 1 }, 3), inputs: rnnInputs(4, 2, 130, { states: 2, layout: 1 }) },
  { name: 'GRU linear_before_reset 1 bidirectional', build: recurrent('GRU', { direction: 'bidirectional', linear_before_reset: 1 }, 2), inputs: rnnInputs(3, 2, 140, { states: 1 }) },
  { name: 'GRU linear_before_reset 0 forward', build: recurrent('GRU', {}, 2), inputs: rnnInputs(3, 1, 150, { states: 1 }) },
  { name: 'GRU reverse layout 1, Y_h only', build: (b, v) => b.op('GRU', [v[0]!, v[1]!, v[2]!, v[3]!], { hidden_size: 2, direction: 'reverse', layout: 1, linear_before_reset: 1 }, { outputs: 2 })[1]!, inputs: rnnInputs(3, 1, 160, { layout: 1 }) },
  { name: 'RNN bidirectional, initial state', build: recurrent('RNN', { direction: 'bidirectional' }, 2), inputs: rnnInputs(1, 2, 170, { states: 1 }) },
  { name: 'RNN forward layout 1', build: recurrent('RNN', { layout: 1 }, 2), inputs: rnnInputs(1, 1, 180, { layout: 1 }) },
  // Transformer pieces, with symbolic batch and sequence length as exporters leave them.
  { name: 'Gelu erf (opset 20, composite) + batch', build: un('Gelu'), inputs: [inp('x', [2, 3], 105, { declared: ['N', 3] })] },
  { name: 'Gelu tanh (composite)', build: un('Gelu', { approximate: 'tanh' }), inputs: [inp('x', [6], 106)] },
  { name: 'Softmax axis 1 of 3 (symbolic batch, length)', build: un('Softmax', { axis: 1 }), inputs: [inp('x', [2, 3, 2], 107, { declared: ['N', 'T', 2] })] },
  { name: 'LayerNormalization symbolic batch, length', build: (b, [x, s, c]) => b.op1('LayerNormalization', [x!, s!, c!], { axis: -1, epsilon: 1e-5 }), inputs: [inp('x', [2, 3, 4], 108, { declared: ['N', 'T', 4] }), inp('s', [4], 109), inp('c', [4], 110)] },
  { name: 'MatMul 4-D batched attention scores (symbolic)', build: (b, [q, k]) => b.op1('MatMul', [q!, b.transpose(k!, [0, 1, 3, 2])]), inputs: [inp('q', [2, 2, 3, 4], 111, { declared: ['N', 2, 'T', 4] }), inp('k', [2, 2, 3, 4], 112, { declared: ['N', 2, 'T', 4] })] },
  { name: 'Einsum bhqd,bhkd->bhqk', build: (b, [q, k]) => b.op1('Einsum', [q!, k!], { equation: 'bhqd,bhkd->bhqk' }), inputs: [inp('q', [2, 2, 3, 2], 113, { declared: ['N', 2, 3, 2] }), inp('k', [2, 2, 3, 2], 114, { declared: ['N', 2, 3, 2] })] },
  { name: 'Einsum with a summed-away letter (ij,j->)', build: (b, [x, y]) => b.op1('Einsum', [x!, y!], { equation: 'ij,j->' }), inputs: [inp('x', [3, 2], 115), inp('y', [2], 116)] },
  { name: 'Trilu causal mask k=1 (symbolic length)', build: (b, [x]) => b.op1('Trilu', [x!, b.constant(tensorOf('int64', [], [1]))], { upper: 1 }), inputs: [inp('x', [2, 3, 3], 117, { declared: ['N', 'T', 'T'] })] },
  { name: 'Trilu lower', build: (b, [x]) => b.op1('Trilu', [x!], { upper: 0 }), inputs: [inp('x', [3, 4], 118)] },
  {
    name: 'Reshape to heads via Shape→Gather→Unsqueeze→Concat (symbolic batch, length)',
    build: (b, [x]) => {
      const dim = (i: number): Value => b.unsqueeze(b.op1('Gather', [b.shapeOf(x!), b.constant(tensorOf('int64', [], [i]))]), [0]);
      const heads = b.reshape(x!, b.op1('Concat', [dim(0), dim(1), b.ints([2]), b.ints([2])], { axis: 0 }));
      return b.transpose(heads, [0, 2, 1, 3]);
    },
    inputs: [inp('x', [2, 3, 4], 119, { declared: ['N', 'T', 4] })],
  },
  {
    name: 'Slice with bounds computed from the shape (symbolic length)',
    build: (b, [x]) => {
      const t = b.op1('Gather', [b.shapeOf(x!), b.ints([1])]);
      const half = b.op1('Div', [b.add(t, b.ints([1])), b.ints([2])]);
      return b.op1('Slice', [x!, half, b.ints([INT64_MAX]), b.ints([1])]);
    },
    inputs: [inp('x', [2, 5], 120, { declared: ['N', 'T'] })],
  },
  { name: 'Slice of a static axis via folded shape arithmetic', build: (b, [x]) => b.op1('Slice', [x!, b.ints([0]), b.op1('Div', [b.op1('Gather', [b.shapeOf(x!), b.ints([1])]), b.ints([3])]), b.ints([1])]), inputs: [inp('x', [2, 6], 121, { declared: ['N', 6] })] },
  { name: 'Expand to a shape from Shape (symbolic)', build: (b, [x, y]) => b.expand(x!, b.shapeOf(y!)), inputs: [inp('x', [1, 3], 122), inp('y', [2, 3], 123, { declared: ['N', 3] })] },
  {
    name: 'Where causal mask from Trilu (symbolic length)',
    build: (b, [x]) => {
      const ones = b.op1('ConstantOfShape', [b.shapeOf(x!)], { value: tensorOf('float32', [1], [1]) });
      const future = b.cast(b.op1('Trilu', [ones, b.constant(tensorOf('int64', [], [1]))], { upper: 1 }), 'bool');
      return b.op1('Softmax', [b.op1('Where', [future, b.scalar(-1e9, x!.dtype), x!])], { axis: -1 });
    },
    inputs: [inp('x', [3, 3], 124, { declared: ['T', 'T'] })],
  },
];

describe('gradient rules vs central finite differences (one table)', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const r = await checkGradients(c.build, c.inputs, { forceFloat32: c.float32 ?? false });
      const tol = r.dtype === 'float64' ? 1e-6 : 5e-3;
      for (const k of Object.keys(r.maxError)) {
        expect(r.maxError[k]! / r.scale[k]!, `${c.name} d/d${k} in ${r.dtype}: analytic ${r.analytic[k]!.slice(0, 6).join(',')} numeric ${r.numeric[k]!.slice(0, 6).join(',')}`).toBeLessThan(tol);
      }
      // The check must actually compare something non-trivial.
      expect(Object.values(r.scale).length).toBeGreaterThan(0);
    });
  }
});
