import onnxProto from 'onnx-proto';
import { DataError, GraphError, allocate, sizeOf, toInt64, type DType, type HostTensor } from '../core/index.js';
import { dtypeFromOnnx, onnxTypeCode } from '../ir/index.js';

/** The generated ONNX protobuf classes (onnx-proto ships them as CommonJS). */
export const onnx = onnxProto.onnx;
export type ModelProto = onnxProto.onnx.ModelProto;
export type TensorProto = onnxProto.onnx.ITensorProto;

/** protobufjs returns int64 fields as Long objects or numbers; this reads either. */
export function toNum(v: number | Long | null | undefined): number {
  if (v === null || v === undefined) return 0;
  return typeof v === 'number' ? v : v.toNumber();
}

/** Decodes an ONNX TensorProto (raw or typed fields) into a host tensor. */
export function tensorFromProto(t: TensorProto, where: string): HostTensor {
  const dtype = dtypeFromOnnx(t.dataType ?? 0);
  if (!dtype) throw new GraphError('ONNX_DTYPE', `${where}: tensor "${t.name ?? ''}" has ONNX data type ${t.dataType}, which Keel does not support`, { dataType: t.dataType });
  if (t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL) throw new DataError('ONNX_EXTERNAL_DATA', `${where}: tensor "${t.name ?? ''}" stores its data in an external file; save the model with weights embedded`, { file: where });
  const shape = (t.dims ?? []).map(toNum);
  const n = sizeOf(shape);
  const data = allocate(dtype, n);
  const raw = t.rawData;
  if (raw && raw.length > 0) {
    const expect = n * data.BYTES_PER_ELEMENT;
    if (raw.length !== expect) throw new DataError('ONNX_TENSOR_SIZE', `${where}: tensor "${t.name ?? ''}" has ${raw.length} bytes, expected ${expect} for shape [${shape.join(',')}]`, { file: where, tensor: t.name, expected: expect, actual: raw.length, shape });
    new Uint8Array(data.buffer).set(raw);
  } else {
    const src = typedField(t, dtype);
    if (src.length !== n && n > 0) throw new DataError('ONNX_TENSOR_SIZE', `${where}: tensor "${t.name ?? ''}" has ${src.length} values, expected ${n}`, { file: where, tensor: t.name, expected: n, actual: src.length });
    for (let i = 0; i < n; i++) {
      const v = src[i]!;
      if (data instanceof BigInt64Array) data[i] = typeof v === 'number' ? toInt64(v) : BigInt(v.toString());
      else data[i] = toNum(v);
    }
  }
  return { dtype, shape, data };
}

function typedField(t: TensorProto, dtype: DType): ArrayLike<number | Long> {
  switch (dtype) {
    case 'float32':
      return t.floatData ?? [];
    case 'float64':
      return t.doubleData ?? [];
    case 'int64':
      return t.int64Data ?? [];
    default:
      return t.int32Data ?? [];
  }
}

/** Encodes a host tensor as an ONNX TensorProto with little-endian raw data. */
export function tensorToProto(t: HostTensor, name: string): onnxProto.onnx.TensorProto {
  const bytes = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
  return onnx.TensorProto.create({ name, dims: [...t.shape], dataType: onnxTypeCode(t.dtype), rawData: bytes.slice() });
}
