import { tensor } from '../core/index.js';
import type { Value } from '../ir/index.js';
import { normAxis } from './builder.js';
import { sumToShape } from './grad-utils.js';
import { numbersOf } from './known.js';
import type { Primitive } from './primitive.js';
import { registerPrimitives } from './registry.js';

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

registerPrimitives(layerNorm, dropout);
