import type onnxProto from 'onnx-proto';
import type { Dim } from '../ir/index.js';
import { toNum } from './proto.js';

/** The dims of a value info: numbers, the file's symbolic names, or fresh names for unnamed ones. */
export function dimsOf(vi: onnxProto.onnx.IValueInfoProto, fresh: () => string): Dim[] {
  const dims = vi.type?.tensorType?.shape?.dim ?? [];
  return dims.map((d) => (d.dimParam ? d.dimParam : d.dimValue !== undefined && d.dimValue !== null && toNum(d.dimValue) > 0 ? toNum(d.dimValue) : fresh()));
}
