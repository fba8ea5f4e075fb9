import type { DType, HostTensor } from '../core/index.js';

/** A dimension: a number when static, a name (e.g. `"N"`) when symbolic. */
export type Dim = number | string;

/** The static type of a graph value: element type and (possibly symbolic) shape. */
export interface TensorType {
  readonly dtype: DType;
  readonly shape: readonly Dim[];
}

/** Attribute kinds, as in ONNX. */
export type AttrKind = 'int' | 'float' | 'string' | 'ints' | 'floats' | 'strings' | 'tensor' | 'graph';

/** A node attribute value; its ONNX kind comes from the primitive's attribute table. */
export type AttrValue = number | string | readonly number[] | readonly string[] | HostTensor | GraphLike;

/** Minimal structural view of a graph, so attributes can hold subgraphs without a cycle. */
export interface GraphLike {
  readonly isGraph: true;
}

export type Attrs = Readonly<Record<string, AttrValue>>;

/** True when every dimension is a number. */
export function isStatic(shape: readonly Dim[]): shape is readonly number[] {
  return shape.every((d) => typeof d === 'number');
}

/** Formats a shape for messages: `[N,3,28,28]`. */
export function fmtShape(shape: readonly Dim[]): string {
  return `[${shape.join(',')}]`;
}

const ONNX_CODES: Readonly<Record<DType, number>> = {
  float32: 1,
  uint8: 2,
  int8: 3,
  int32: 6,
  int64: 7,
  bool: 9,
  float16: 10,
  float64: 11,
};

/** ONNX `TensorProto.DataType` code of a dtype. */
export function onnxTypeCode(dtype: DType): number {
  return ONNX_CODES[dtype];
}

/** The dtype of an ONNX `TensorProto.DataType` code, or undefined when Keel has none. */
export function dtypeFromOnnx(code: number): DType | undefined {
  for (const [k, v] of Object.entries(ONNX_CODES)) if (v === code) return k as DType;
  return undefined;
}
