import { GraphError, isFloat, tensor } from '../core/index.js';
import { fmtShape, type Node, type Value } from '../ir/index.js';
import { getPrimitive, type Builder } from '../ops/index.js';

/** Options for {@link gradients}. */
export interface GradientOptions {
  /** Gradient flowing into each output (default: ones, i.e. d(sum of output)). */
  readonly seeds?: ReadonlyMap<Value, Value>;
  /** Values treated as constants: no gradient flows through them (stop-gradient). */
  readonly stop?: ReadonlySet<Value>;
}

/**
 * Reverse-mode differentiation over the builder's graph: appends the gradient graph (standard
 * ONNX ops, built by each primitive's rule) and returns d(outputs)/d(wrt[i]) — null where
 * `wrt[i]` does not influence the outputs.
 *
 * @example
 * ```ts
 * const [dW] = gradients(b, [loss], [W]);
 * ```
 */
export function gradients(b: Builder, outputs: readonly Value[], wrt: readonly Value[], opts: GradientOptions = {}): (Value | null)[] {
  const nodes = [...b.graph.nodes];
  const stop = opts.stop ?? new Set<Value>();
  const depends = dependents(nodes, wrt, stop);
  const needed = ancestors(nodes, outputs);
  const grads = new Map<Value, Value>();
  const accumulate = (v: Value, g: Value): void => {
    const prev = grads.get(v);
    grads.set(v, prev ? b.add(prev, g) : g);
  };
  for (const y of outputs) {
    const seed = opts.seeds?.get(y) ?? ones(b, y);
    checkSeed(y, seed);
    accumulate(y, seed);
  }
  for (let k = nodes.length - 1; k >= 0; k--) {
    const node = nodes[k]!;
    if (!needed.has(node)) continue;
    const dys = node.outputs.map((o) => grads.get(o) ?? null);
    if (dys.every((d) => d === null)) continue;
    const wanted = node.inputs.map((v) => v !== null && depends.has(v) && isFloat(v.dtype));
    if (!wanted.some(Boolean)) continue;
    const prim = getPrimitive(node.op);
    const rule = prim.grad;
    if (!rule) {
      // Another domain's op (an int8 kernel of onnxruntime's) is inference-only: say where the gradient is.
      const what = prim.domain ? `${prim.domain.name}.${node.op}, an inference-only onnxruntime op` : node.op;
      const fix = prim.domain ? '; differentiate (fine-tune, explain, attack) the float32 model it was made from' : '';
      throw new GraphError('GRAD_NOT_DIFFERENTIABLE', `node "${node.name}" (${what}) has no gradient, but a value being differentiated flows through it${fix}`, { node: node.name, op: node.op });
    }
    const dxs = rule(b, node, dys);
    // One gradient per input slot; rules may list trailing optional inputs the node omits (as null).
    const arityOk = dxs.length === node.inputs.length || (dxs.length > node.inputs.length ? dxs.slice(node.inputs.length).every((d) => d === null) : node.inputs.slice(dxs.length).every((v) => v === null));
    if (!arityOk) {
      throw new GraphError('GRAD_RULE_ARITY', `gradient rule of ${node.op} returned ${dxs.length} gradients for ${node.inputs.length} inputs`, { op: node.op });
    }
    node.inputs.forEach((v, i) => {
      const g = dxs[i];
      if (v && g && wanted[i] && !stop.has(v)) accumulate(v, g);
    });
  }
  return wrt.map((v) => grads.get(v) ?? null);
}

function ones(b: Builder, y: Value): Value {
  if (y.rank === 0) return b.scalar(1, y.dtype);
  return b.op1('ConstantOfShape', [b.shapeOf(y)], { value: tensor(y.dtype, [1], [1]) });
}

function checkSeed(y: Value, seed: Value): void {
  if (seed.rank !== y.rank || seed.dtype !== y.dtype) {
    throw new GraphError('GRAD_SEED', `seed for "${y.name}" must be ${y.dtype}${fmtShape(y.shape)}, got ${seed.dtype}${fmtShape(seed.shape)}`, { output: y.name, expected: { dtype: y.dtype, shape: y.shape }, actual: { dtype: seed.dtype, shape: seed.shape } });
  }
}

/** Values computed (transitively) from `wrt`, not crossing `stop`. */
function dependents(nodes: readonly Node[], wrt: readonly Value[], stop: ReadonlySet<Value>): Set<Value> {
  const dep = new Set<Value>(wrt.filter((v) => !stop.has(v)));
  for (const n of nodes) {
    if (n.inputs.some((v) => v !== null && dep.has(v))) for (const o of n.outputs) if (!stop.has(o)) dep.add(o);
  }
  return dep;
}

/** Nodes that the outputs (transitively) depend on. */
function ancestors(nodes: readonly Node[], outputs: readonly Value[]): Set<Node> {
  const live = new Set<Value>(outputs);
  const out = new Set<Node>();
  for (let k = nodes.length - 1; k >= 0; k--) {
    const n = nodes[k]!;
    if (n.outputs.some((o) => live.has(o))) {
      out.add(n);
      for (const v of n.inputs) if (v) live.add(v);
    }
  }
  return out;
}
