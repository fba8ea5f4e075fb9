import { GraphError, type DType } from '../core/index.js';
import type { Dim, TensorType } from '../ir/index.js';
import type { InferContext, Primitive } from './primitive.js';
import { registerPrimitives } from './registry.js';
import { broadcastShapes } from './shape-utils.js';

/**
 * Quantization ops (ONNX opset 13 semantics), forward only: quantized graphs are run and
 * exported, never differentiated. QuantizeLinear/DequantizeLinear carry the QDQ format (per-tensor
 * or per-axis scales); DynamicQuantizeLinear and MatMulInteger carry dynamic quantization.
 */

const INT8: ReadonlySet<DType> = new Set(['int8', 'uint8']);

function checkScale(ctx: InferContext, i: number, axisLen: Dim | undefined): void {
  const s = ctx.inputs[i];
  if (!s) return;
  if (s.rank > 1) throw new GraphError('SHAPE_QUANTIZE', `${ctx.op} node "${ctx.name}": input #${i} must be a scalar or 1-D (per-axis), got rank ${s.rank}`, { op: ctx.op, node: ctx.name, input: i, actual: s.rank });
  const n = s.shape[0];
  if (s.rank === 1 && typeof n === 'number' && typeof axisLen === 'number' && n !== 1 && n !== axisLen) {
    throw new GraphError('SHAPE_QUANTIZE', `${ctx.op} node "${ctx.name}": ${n} per-axis values for an axis of length ${axisLen}`, { n, axisLen });
  }
}

function axisLength(ctx: InferContext): Dim | undefined {
  const x = ctx.input(0);
  if (x.rank === 0) return undefined;
  const a = ctx.int('axis');
  return x.shape[a < 0 ? a + x.rank : a];
}

const quantizeLinear: Primitive = {
  op: 'QuantizeLinear',
  attrs: { axis: { kind: 'int', default: 1 } },
  since: 13,
  infer: (ctx) => {
    const x = ctx.input(0);
    if (x.dtype !== 'float32') throw new GraphError('DTYPE_QUANTIZE', `QuantizeLinear node "${ctx.name}" quantizes float32, got ${x.dtype}`, { node: ctx.name, actual: x.dtype });
    checkScale(ctx, 1, axisLength(ctx));
    const zp = ctx.inputs[2];
    const dtype = zp?.dtype ?? 'uint8';
    if (!INT8.has(dtype)) throw new GraphError('DTYPE_QUANTIZE', `QuantizeLinear node "${ctx.name}": zero point must be int8 or uint8, got ${dtype}`, { node: ctx.name, actual: dtype });
    return [{ dtype, shape: x.shape }];
  },
  grad: null,
};

const dequantizeLinear: Primitive = {
  op: 'DequantizeLinear',
  attrs: { axis: { kind: 'int', default: 1 } },
  since: 13,
  infer: (ctx) => {
    const x = ctx.input(0);
    if (!INT8.has(x.dtype) && x.dtype !== 'int32') throw new GraphError('DTYPE_QUANTIZE', `DequantizeLinear node "${ctx.name}" reads int8, uint8 or int32, got ${x.dtype}`, { node: ctx.name, actual: x.dtype });
    checkScale(ctx, 1, axisLength(ctx));
    return [{ dtype: 'float32', shape: x.shape }];
  },
  grad: null,
};

const dynamicQuantizeLinear: Primitive = {
  op: 'DynamicQuantizeLinear',
  attrs: {},
  outputs: 3,
  since: 11,
  infer: (ctx) => {
    const x = ctx.input(0);
    if (x.dtype !== 'float32') throw new GraphError('DTYPE_QUANTIZE', `DynamicQuantizeLinear node "${ctx.name}" quantizes float32, got ${x.dtype}`, { node: ctx.name, actual: x.dtype });
    return [
      { dtype: 'uint8', shape: x.shape },
      { dtype: 'float32', shape: [] },
      { dtype: 'uint8', shape: [] },
    ];
  },
  grad: null,
};

const matMulInteger: Primitive = {
  op: 'MatMulInteger',
  attrs: {},
  since: 10,
  infer: (ctx): TensorType[] => {
    const [a, b] = [ctx.input(0), ctx.input(1)];
    if (!INT8.has(a.dtype) || !INT8.has(b.dtype)) throw new GraphError('DTYPE_QUANTIZE', `MatMulInteger node "${ctx.name}" multiplies int8/uint8 matrices, got ${a.dtype} and ${b.dtype}`, { node: ctx.name, actual: [a.dtype, b.dtype] });
    if (a.rank < 2 || b.rank < 2) throw new GraphError('SHAPE_MATMUL', `MatMulInteger node "${ctx.name}" needs inputs of rank ≥ 2`, { node: ctx.name });
    const [ka, kb] = [a.shape[a.rank - 1], b.shape[b.rank - 2]];
    if (typeof ka === 'number' && typeof kb === 'number' && ka !== kb) throw new GraphError('SHAPE_MATMUL', `MatMulInteger node "${ctx.name}": inner dimensions differ (${ka} vs ${kb})`, { node: ctx.name, actual: [ka, kb] });
    const batch = broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2), `MatMulInteger "${ctx.name}"`);
    return [{ dtype: 'int32', shape: [...batch, a.shape[a.rank - 2]!, b.shape[b.rank - 1]!] }];
  },
  grad: null,
};

registerPrimitives(quantizeLinear, dequantizeLinear, dynamicQuantizeLinear, matMulInteger);
