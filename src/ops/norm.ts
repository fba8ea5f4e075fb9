import { GraphError, tensor } from '../core/index.js';
import type { Value } from '../ir/index.js';
import { normAxis } from './builder.js';
import { sumToShape } from './grad-utils.js';
import { numbersOf } from './known.js';
import type { Primitive } from './primitive.js';
import { registerPrimitives } from './registry.js';

/** Reshapes a per-channel vector [C] so it broadcasts against [N, C, ...spatial]. */
function perChannel(b: import('./builder.js').Builder, v: Value, rank: number): Value {
  return b.unsqueeze(v, Array.from({ length: rank - 2 }, (_, i) => i + 1));
}

const batchNorm: Primitive = {
  op: 'BatchNormalization',
  attrs: { epsilon: { kind: 'float', default: 1e-5 }, momentum: { kind: 'float', default: 0.9 }, training_mode: { kind: 'int', default: 0 } },
  infer: (ctx) => {
    if (ctx.int('training_mode') === 1) {
      throw new GraphError('UNSUPPORTED_OP', `BatchNormalization node "${ctx.name}" with training_mode=1: Keel builds training-mode batch norm from primitives (nn.BatchNorm); export the model in eval mode`, { node: ctx.name });
    }
    return [ctx.input(0).type];
  },
  // Inference mode: y = (x − mean)·scale/√(var+ε) + B, every input differentiable.
  grad: (b, n, [dy]) => {
    const [x, scale, , mean, variance] = [0, 1, 2, 3, 4].map((i) => n.input(i)) as [Value, Value, Value, Value, Value];
    const r = x.rank;
    const eps = b.scalar(Number(n.attrs['epsilon'] ?? 1e-5), x.dtype);
    const inv = b.op1('Reciprocal', [b.op1('Sqrt', [b.add(variance, eps)])]);
    const invB = perChannel(b, inv, r);
    const xc = b.sub(x, perChannel(b, mean, r));
    const axes = [0, ...Array.from({ length: r - 2 }, (_, i) => i + 2)];
    const dxhat = b.mul(dy!, perChannel(b, scale, r));
    const dx = b.mul(dxhat, invB);
    const dscale = b.reduceSum(b.mul(dy!, b.mul(xc, invB)), axes, false);
    const dbias = b.reduceSum(dy!, axes, false);
    const dmean = b.neg(b.reduceSum(dx, axes, false));
    const dvar = b.mul(b.reduceSum(b.mul(dxhat, xc), axes, false), b.scale(b.mul(inv, b.mul(inv, inv)), -0.5));
    return [dx, dscale, dbias, dmean, dvar];
  },
};

const layerNorm: Primitive = {
  op: 'LayerNormalization',
  attrs: { axis: { kind: 'int', default: -1 }, epsilon: { kind: 'float', default: 1e-5 }, stash_type: { kind: 'int', default: 1 } },
  // Every node carries its optional Mean and InvStdDev outputs: the kernel computes them anyway,
  // and the gradient reads them instead of recomputing the statistics with five more passes.
  outputs: 3,
  infer: (ctx) => {
    const x = ctx.input(0);
    const axis = normAxis(ctx.int('axis'), x.rank, `LayerNormalization "${ctx.name}"`);
    const stat = x.shape.map((d, i) => (i < axis ? d : 1));
    // stash_type 1 (the default) keeps a float16 input's statistics in float32, as onnxruntime does.
    const dtype = x.dtype === 'float16' && ctx.int('stash_type') === 1 ? 'float32' : x.dtype;
    return [x.type, { dtype, shape: stat }, { dtype, shape: stat }];
  },
  // dx = σ⁻¹·(ĝ − mean(ĝ) − x̂·mean(ĝ⊙x̂)) with ĝ = dy⊙scale, over the normalized axes;
  // x̂ = (x − mean)·σ⁻¹ from the forward node's own statistics.
  grad: (b, n, [dy]) => {
    const x = n.input(0);
    const axis = normAxis(Number(n.attrs['axis'] ?? -1), x.rank, 'LayerNormalization');
    const axes = Array.from({ length: x.rank - axis }, (_, i) => axis + i);
    const mean = (v: Value): Value => b.op1('ReduceMean', [v], { axes, keepdims: 1 });
    const inv = n.output(2);
    const xhat = b.mul(b.sub(x, n.output(1)), inv);
    const scale = n.input(1);
    const gh = b.mul(dy!, scale);
    const dx = b.mul(inv, b.sub(b.sub(gh, mean(gh)), b.mul(xhat, mean(b.mul(gh, xhat)))));
    const out = [dx, sumToShape(b, b.mul(dy!, xhat), scale)];
    if (n.inputs[2]) out.push(sumToShape(b, dy!, n.input(2)));
    return out;
  },
};

const dropout: Primitive = {
  op: 'Dropout',
  attrs: { seed: { kind: 'int' } },
  outputs: 2,
  infer: (ctx) => {
    const x = ctx.input(0);
    return [x.type, { dtype: 'bool', shape: x.shape }];
  },
  grad: (b, n, [dy]) => {
    const mode = n.inputs[2];
    const training = mode ? (numbersOf(mode.known)?.[0] ?? 1) !== 0 : false;
    if (!training) return [dy!, null, null];
    const x = n.input(0);
    const ratio = n.inputs[1] ? b.cast(n.input(1), x.dtype) : b.constant(tensor(x.dtype, [], [0.5]));
    const keep = b.sub(b.scalar(1, x.dtype), ratio);
    return [b.div(b.mul(dy!, b.mask(n.output(1), x.dtype)), keep), null, null];
  },
};

registerPrimitives(batchNorm, layerNorm, dropout);
