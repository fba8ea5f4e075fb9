import { GraphError } from '../core/index.js';
import type { Dim, Value } from '../ir/index.js';
import type { Builder } from './builder.js';
import type { Primitive } from './primitive.js';
import { registerPrimitives } from './registry.js';
import { broadcastShapes } from './shape-utils.js';

/** An einsum equation split into one letter string per operand and the output's letters. */
interface Equation {
  readonly inputs: readonly string[];
  readonly output: string;
}

/** Einsum letters are ASCII, so splitting into UTF-16 units is exact. */
const chars = (s: string): string[] => s.split('');

function parseEquation(eq: string, count: number, where: string): Equation {
  const text = eq.replace(/\s+/g, '');
  if (text.includes('.')) throw new GraphError('UNSUPPORTED_ATTRIBUTE', `${where}: Einsum with an ellipsis ("${eq}") is not supported; write every axis as a letter`, { equation: eq });
  const [lhs = '', rhs] = text.split('->');
  const inputs = lhs.split(',');
  if (inputs.length !== count) throw new GraphError('GRAPH_ATTRIBUTE', `${where}: equation "${eq}" names ${inputs.length} operands but the node has ${count}`, { equation: eq });
  const letters = inputs.join('');
  // Implicit form: the output lists the letters that appear once, in alphabetical order.
  const output = rhs ?? [...new Set(chars(letters))].filter((c) => letters.indexOf(c) === letters.lastIndexOf(c)).sort().join('');
  return { inputs, output };
}

/**
 * ONNX Einsum over explicit letters (no ellipsis). The gradient for an operand is another Einsum
 * of dy with the other operands; letters only that operand carries (summed away) are restored
 * by broadcasting with Expand.
 */
const einsum: Primitive = {
  op: 'Einsum',
  attrs: { equation: { kind: 'string' } },
  since: 12,
  infer: (ctx) => {
    const eq = parseEquation(ctx.str('equation'), ctx.inputs.length, `Einsum node "${ctx.name}"`);
    const sizes = new Map<string, Dim>();
    eq.inputs.forEach((letters, i) => {
      const x = ctx.input(i);
      if (letters.length !== x.rank) throw new GraphError('SHAPE_EINSUM', `Einsum node "${ctx.name}": operand ${i} has rank ${x.rank} but "${letters}" names ${letters.length} axes`, { node: ctx.name });
      chars(letters).forEach((c, k) => {
        const prev = sizes.get(c);
        sizes.set(c, prev === undefined ? x.shape[k]! : broadcastShapes([prev], [x.shape[k]!], `Einsum node "${ctx.name}" axis ${c}`)[0]!);
      });
    });
    return [{ dtype: ctx.input(0).dtype, shape: chars(eq.output).map((c) => sizes.get(c) ?? ctx.freshDim('einsum')) }];
  },
  grad: (b, n, [dy]) => {
    const eq = parseEquation(typeof n.attrs['equation'] === 'string' ? n.attrs['equation'] : '', n.inputs.length, `Einsum node "${n.name}"`);
    return eq.inputs.map((letters, i) => operandGrad(b, n.name, eq, i, letters, dy!, n.inputs.map((v) => v!)));
  },
};

function operandGrad(b: Builder, name: string, eq: Equation, i: number, letters: string, dy: Value, xs: readonly Value[]): Value {
  if (new Set(chars(letters)).size !== letters.length) throw new GraphError('GRAD_UNSUPPORTED', `Einsum node "${name}": gradient of an operand with a repeated letter ("${letters}", a diagonal) is not supported`, { node: name });
  const others = eq.inputs.filter((_, j) => j !== i);
  const seen = eq.output + others.join('');
  const kept = chars(letters).filter((c) => seen.includes(c)).join('');
  const g = b.op1('Einsum', [dy, ...xs.filter((_, j) => j !== i)], { equation: `${[eq.output, ...others].join(',')}->${kept}` });
  if (kept.length === letters.length) return g;
  const missing = chars(letters).flatMap((c, k) => (kept.includes(c) ? [] : [k]));
  return b.expand(b.unsqueeze(g, missing), b.shapeOf(xs[i]!));
}

registerPrimitives(einsum);
