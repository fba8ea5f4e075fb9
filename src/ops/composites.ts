import { GraphError, tensor } from '../core/index.js';
import type { Attrs, Value } from '../ir/index.js';
import type { Builder } from './builder.js';

/**
 * A compound op: built from primitives when added, so it needs no gradient rule of its own
 * (the primitives' rules compose). Importers and layers see it as one op.
 */
export type Composite = (b: Builder, inputs: readonly (Value | null)[], attrs: Attrs, name: string) => Value[];

const num = (attrs: Attrs, k: string, d: number): number => (typeof attrs[k] === 'number' ? attrs[k] : d);

function need(inputs: readonly (Value | null)[], i: number, op: string, name: string): Value {
  const v = inputs[i];
  if (!v) throw new GraphError('GRAPH_MISSING_INPUT', `${op} node "${name}" needs input #${i}`, { op, node: name });
  return v;
}

function staticDims(x: Value, op: string, name: string): number[] {
  if (!x.shape.every((d): d is number => typeof d === 'number' || d === x.shape[0])) throw new GraphError('GRAPH_DYNAMIC', `${op} node "${name}" needs static non-batch dims`, { op, node: name });
  return x.shape.map((d) => (typeof d === 'number' ? d : 0));
}

const COMPOSITES: Readonly<Record<string, Composite>> = {
  Sum: (b, inputs) => [inputs.slice(1).reduce<Value>((acc, v) => b.add(acc, v!), inputs[0]!)],
  Mean: (b, inputs) => [b.scale(inputs.slice(1).reduce<Value>((acc, v) => b.add(acc, v!), inputs[0]!), 1 / inputs.length)],
  // PRelu(x) = relu(x) − slope·relu(−x), slope broadcast against x.
  PRelu: (b, inputs, _a, name) => {
    const x = need(inputs, 0, 'PRelu', name);
    const slope = need(inputs, 1, 'PRelu', name);
    return [b.sub(b.op1('Relu', [x]), b.mul(slope, b.op1('Relu', [b.neg(x)])))];
  },
  Softsign: (b, inputs, _a, name) => {
    const x = need(inputs, 0, 'Softsign', name);
    return [b.div(x, b.add(b.scalar(1, x.dtype), b.op1('Abs', [x])))];
  },
  HardSigmoid: (b, inputs, attrs, name) => {
    const x = need(inputs, 0, 'HardSigmoid', name);
    const lin = b.add(b.scale(x, num(attrs, 'alpha', 0.2)), b.scalar(num(attrs, 'beta', 0.5), x.dtype));
    return [b.op1('Clip', [lin, b.scalar(0, x.dtype), b.scalar(1, x.dtype)])];
  },
  HardSwish: (b, inputs, _a, name) => {
    const x = need(inputs, 0, 'HardSwish', name);
    const hs = b.op1('Clip', [b.add(b.scale(x, 1 / 6), b.scalar(0.5, x.dtype)), b.scalar(0, x.dtype), b.scalar(1, x.dtype)]);
    return [b.mul(x, hs)];
  },
  // LRN: x / (bias + alpha/size · Σ_window x²)^beta, the window running over channels.
  LRN: (b, inputs, attrs, name) => {
    const x = need(inputs, 0, 'LRN', name);
    const size = num(attrs, 'size', 5);
    const dims = staticDims(x, 'LRN', name);
    const c = dims[1]!;
    const rest = dims.slice(2).reduce((p, q) => p * q, 1);
    const sq = b.reshape(b.mul(x, x), [0, 1, c, rest]);
    const ones = b.constant(tensor(x.dtype, [1, 1, size, 1], new Array<number>(size).fill(1)));
    const lo = Math.floor((size - 1) / 2);
    const summed = b.op1('Conv', [sq, ones], { kernel_shape: [size, 1], pads: [lo, 0, size - 1 - lo, 0] });
    const denom = b.op1('Pow', [b.add(b.scalar(num(attrs, 'bias', 1), x.dtype), b.scale(summed, num(attrs, 'alpha', 1e-4) / size)), b.scalar(num(attrs, 'beta', 0.75), x.dtype)]);
    return [b.div(x, b.reshape(denom, b.shapeOf(x)))];
  },
  DepthToSpace: (b, inputs, attrs, name) => {
    const x = need(inputs, 0, 'DepthToSpace', name);
    const s = num(attrs, 'blocksize', 1);
    const [, c, h, w] = staticDims(x, 'DepthToSpace', name) as [number, number, number, number];
    const crd = attrs['mode'] === 'CRD';
    const split = b.reshape(x, crd ? [0, c / (s * s), s, s, h, w] : [0, s, s, c / (s * s), h, w]);
    const t = b.transpose(split, crd ? [0, 1, 4, 2, 5, 3] : [0, 3, 4, 1, 5, 2]);
    return [b.reshape(t, [0, c / (s * s), h * s, w * s])];
  },
  SpaceToDepth: (b, inputs, attrs, name) => {
    const x = need(inputs, 0, 'SpaceToDepth', name);
    const s = num(attrs, 'blocksize', 1);
    const [, c, h, w] = staticDims(x, 'SpaceToDepth', name) as [number, number, number, number];
    const t = b.transpose(b.reshape(x, [0, c, h / s, s, w / s, s]), [0, 3, 5, 1, 2, 4]);
    return [b.reshape(t, [0, c * s * s, h / s, w / s])];
  },
  Shrink: (b, inputs, attrs, name) => {
    const x = need(inputs, 0, 'Shrink', name);
    const lambd = b.scalar(num(attrs, 'lambd', 0.5), x.dtype);
    const bias = b.scalar(num(attrs, 'bias', 0), x.dtype);
    const zero = b.scalar(0, x.dtype);
    const low = b.op1('Where', [b.op1('Less', [x, b.neg(lambd)]), b.add(x, bias), zero]);
    return [b.op1('Where', [b.op1('Greater', [x, lambd]), b.sub(x, bias), low])];
  },
  // Opset-20 Gelu: 0.5·x·(1 + erf(x/√2)), or with approximate="tanh" 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).
  Gelu: (b, inputs, attrs, name) => {
    const x = need(inputs, 0, 'Gelu', name);
    const one = b.scalar(1, x.dtype);
    const approx = typeof attrs['approximate'] === 'string' ? attrs['approximate'] : 'none';
    if (approx !== 'none' && approx !== 'tanh') throw new GraphError('GRAPH_ATTRIBUTE', `Gelu node "${name}": approximate must be "none" or "tanh", got "${approx}"`, { node: name });
    const inner = approx === 'tanh' ? b.op1('Tanh', [b.scale(b.add(x, b.scale(b.mul(x, b.mul(x, x)), 0.044715)), Math.sqrt(2 / Math.PI))]) : b.op1('Erf', [b.scale(x, Math.SQRT1_2)]);
    return [b.mul(b.scale(x, 0.5), b.add(one, inner))];
  },
  InstanceNormalization: (b, inputs, attrs, name) => {
    const x = need(inputs, 0, 'InstanceNormalization', name);
    const axes = Array.from({ length: x.rank - 2 }, (_, i) => i + 2);
    const mean = (v: Value): Value => b.op1('ReduceMean', [v], { axes, keepdims: 1 });
    const xc = b.sub(x, mean(x));
    const inv = b.op1('Reciprocal', [b.op1('Sqrt', [b.add(mean(b.mul(xc, xc)), b.scalar(num(attrs, 'epsilon', 1e-5), x.dtype))])]);
    const perChannel = (v: Value): Value => b.unsqueeze(v, axes.map((_, i) => i + 1));
    return [b.add(b.mul(b.mul(xc, inv), perChannel(need(inputs, 1, 'InstanceNormalization', name))), perChannel(need(inputs, 2, 'InstanceNormalization', name)))];
  },
};

/** The composite for `op`, if Keel builds it from primitives. */
export function getComposite(op: string): Composite | undefined {
  return COMPOSITES[op];
}

/** Names of all composite ops. */
export function compositeNames(): string[] {
  return Object.keys(COMPOSITES);
}
