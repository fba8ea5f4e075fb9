import { GraphError, tensor, type DType, type HostTensor } from '../core/index.js';
import { Graph, Node, onnxTypeCode, type AttrValue, type Attrs, type Dim, type Value } from '../ir/index.js';
import type { InferContext, Known, Primitive } from './primitive.js';
import { staticSize } from './shape-utils.js';
import { getComposite } from './composites.js';
import { getPrimitive } from './registry.js';

/** Options for {@link Builder.op}. */
export interface OpOptions {
  readonly name?: string;
  /** Number of outputs when the primitive allows several (e.g. MaxPool's Indices). */
  readonly outputs?: number;
  /** Names for the outputs (kept when free). */
  readonly outputNames?: readonly string[];
}

let freshCounter = 0;

function describe(v: AttrValue | undefined): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'number' || typeof v === 'string') return String(v);
  return Array.isArray(v) ? `[${v.join(',')}]` : 'a tensor or graph';
}

function makeContext(p: Primitive, name: string, inputs: readonly (Value | null)[], attrs: Attrs, requestedOutputs: number | undefined): InferContext {
  const get = (key: string): AttrValue | undefined => attrs[key] ?? p.attrs[key]?.default;
  const fail = (msg: string): never => {
    throw new GraphError('GRAPH_ATTRIBUTE', `${p.op} node "${name}": ${msg}`, { op: p.op, node: name });
  };
  return {
    op: p.op,
    name,
    inputs,
    requestedOutputs,
    input(i) {
      const v = inputs[i];
      if (!v) throw new GraphError('GRAPH_MISSING_INPUT', `${p.op} node "${name}" needs input #${i}`, { op: p.op, node: name, index: i });
      return v;
    },
    int: (k) => {
      const v = get(k);
      return typeof v === 'number' ? v : fail(`attribute ${k} must be an int, got ${describe(v)}`);
    },
    float: (k) => {
      const v = get(k);
      return typeof v === 'number' ? v : fail(`attribute ${k} must be a float, got ${describe(v)}`);
    },
    ints: (k) => {
      const v = get(k);
      if (v === undefined) return undefined;
      return Array.isArray(v) ? (v as readonly number[]) : fail(`attribute ${k} must be a list of ints`);
    },
    str: (k) => {
      const v = get(k);
      return typeof v === 'string' ? v : fail(`attribute ${k} must be a string, got ${describe(v)}`);
    },
    has: (k) => attrs[k] !== undefined,
    raw: get,
    freshDim: (hint) => `${hint}_${++freshCounter}`,
  };
}

/**
 * Adds nodes to a {@link Graph}, inferring every output's type from the primitive's shape rule.
 * Gradient rules, layers and importers all build through this one path.
 *
 * @example
 * ```ts
 * const b = new Builder(new Graph());
 * const x = b.graph.addInput('x', { dtype: 'float32', shape: ['N', 4] });
 * const y = b.op1('Relu', [x]);
 * ```
 */
export class Builder {
  constructor(readonly graph: Graph) {}

  /** Adds one node of `op` and returns its outputs. */
  op(op: string, inputs: readonly (Value | null)[], attrs: Attrs = {}, opts: OpOptions = {}): Value[] {
    const composite = getComposite(op);
    if (composite) return composite(this, inputs, attrs, opts.name ?? op);
    const p = getPrimitive(op, opts.name === undefined ? {} : { node: opts.name });
    const canonical = p.canonicalize?.(this, inputs, attrs, opts);
    if (canonical) return canonical;
    const name = this.graph.uniqueNodeName(opts.name ?? op);
    const ctx = makeContext(p, name, inputs, attrs, opts.outputs);
    const types = p.infer(ctx);
    const declared = typeof p.outputs === 'function' ? p.outputs(ctx) : (p.outputs ?? 1);
    const n = opts.outputs ?? declared;
    const outs = types.slice(0, n).map((t, i) => this.graph.newValue(opts.outputNames?.[i] ?? `${name}_out${i === 0 ? '' : i}`, t, 'node'));
    if (outs.length < n) throw new GraphError('GRAPH_OUTPUTS', `${op} node "${name}" cannot have ${n} outputs`, { op, node: name });
    const known = p.propagate?.(ctx);
    outs.forEach((o, i) => {
      const k = known?.[i];
      if (k) attachKnown(o, k);
    });
    this.graph.addNode(new Node(op, inputs, outs, attrs, name));
    return outs;
  }

  /** Adds one node and returns its first output. */
  op1(op: string, inputs: readonly (Value | null)[], attrs: Attrs = {}, opts: OpOptions = {}): Value {
    return this.op(op, inputs, attrs, opts)[0]!;
  }

  /** A constant value (an ONNX `Constant` node). */
  constant(t: HostTensor, name?: string): Value {
    return this.op1('Constant', [], { value: t }, name === undefined ? {} : { name });
  }

  /** A scalar constant with `x`'s element type (or `dtype`). */
  scalar(value: number, dtype: DType): Value {
    return this.constant(tensor(dtype, [], [value]));
  }

  /** A 1-D int64 constant, the form ONNX takes for axes, shapes and pads. */
  ints(values: readonly number[]): Value {
    return this.constant(tensor('int64', [values.length], values));
  }

  add(a: Value, b: Value): Value {
    return this.op1('Add', [a, b]);
  }
  sub(a: Value, b: Value): Value {
    return this.op1('Sub', [a, b]);
  }
  mul(a: Value, b: Value): Value {
    return this.op1('Mul', [a, b]);
  }
  div(a: Value, b: Value): Value {
    return this.op1('Div', [a, b]);
  }
  neg(a: Value): Value {
    return this.op1('Neg', [a]);
  }
  /** `a * s` for a JS number `s` (a scalar constant of a's dtype). */
  scale(a: Value, s: number): Value {
    return this.mul(a, this.scalar(s, a.dtype));
  }
  shapeOf(x: Value): Value {
    return this.op1('Shape', [x]);
  }
  cast(x: Value, to: DType): Value {
    return x.dtype === to ? x : this.op1('Cast', [x], { to: castCode(to) });
  }
  transpose(x: Value, perm: readonly number[]): Value {
    return this.op1('Transpose', [x], { perm });
  }
  /** Reshape to a static/symbolic target: numbers become an int64 constant, a Value is used as is. */
  reshape(x: Value, shape: Value | readonly number[]): Value {
    return this.op1('Reshape', [x, Array.isArray(shape) ? this.ints(shape as readonly number[]) : (shape as Value)]);
  }
  reduceSum(x: Value, axes: readonly number[], keepdims: boolean): Value {
    if (axes.length === 0) return x;
    return this.op1('ReduceSum', [x, this.ints(axes)], { keepdims: keepdims ? 1 : 0 });
  }
  unsqueeze(x: Value, axes: readonly number[]): Value {
    return axes.length === 0 ? x : this.op1('Unsqueeze', [x, this.ints(axes)]);
  }
  squeeze(x: Value, axes: readonly number[]): Value {
    return axes.length === 0 ? x : this.op1('Squeeze', [x, this.ints(axes)]);
  }
  expand(x: Value, shape: Value): Value {
    return this.op1('Expand', [x, shape]);
  }
  /** Zeros with the (runtime) shape of `like`. */
  zerosLike(like: Value): Value {
    return this.op1('ConstantOfShape', [this.shapeOf(like)], { value: tensor(like.dtype, [1], [0]) });
  }
  /** `1.0` where `cond` holds and `0.0` elsewhere, in dtype `dtype`. */
  mask(cond: Value, dtype: DType): Value {
    return this.cast(cond, dtype);
  }
}

/**
 * Records build-time knowledge on an output. Symbolic contents describe a rank-0/1 integer
 * value; when every entry is a number they also become its `known` tensor, shaped by the
 * output's inferred type (so `Unsqueeze` of a scalar folds to shape [1], never to a scalar).
 */
function attachKnown(o: Value, k: Known): void {
  if (k.known) o.known = k.known;
  const sym = k.sym;
  if (!sym || o.rank > 1 || (o.dtype !== 'int64' && o.dtype !== 'int32')) return;
  const size = staticSize(o.shape);
  if (size !== undefined && size !== sym.length) return;
  o.sym = sym;
  if (!o.known && size !== undefined && sym.every((d) => typeof d === 'number')) o.known = tensor(o.dtype, o.shape as readonly number[], sym);
}

/** The ONNX code used by Cast's `to` attribute. */
export function castCode(dtype: DType): number {
  return onnxTypeCode(dtype);
}

/** Normalizes a possibly negative axis against a rank, with a typed error when out of range. */
export function normAxis(axis: number, rank: number, where: string): number {
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) throw new GraphError('GRAPH_AXIS', `${where}: axis ${axis} is out of range for rank ${rank}`, { axis, rank });
  return a;
}

/** Re-export for primitive files that build symbolic dims. */
export type { Dim };
