/**
 * File formats for tensors and data sets: NumPy `.npy`/`.npz`, MNIST IDX, and the
 * {@link HostTensor} type they produce.
 *
 * @example
 * ```ts
 * import { readNpy, expectTensor } from '../io/index.js';
 * const x = expectTensor(readNpy('x.npy'), { dtype: 'float32', rank: 4 }, 'x.npy');
 * ```
 */
export { DTYPES, formatShape, makeTensor, tensorSize } from './tensor.js';
export type { DType, HostTensor, TensorData, TensorDataMap } from './tensor.js';
export { expectTensor } from './expect-tensor.js';
export type { TensorSpec } from './expect-tensor.js';
export { encodeNpy, parseNpy, readNpy, writeNpy } from './npy.js';
export { encodeNpz, getNpzArray, parseNpz, readNpz, writeNpz } from './npz.js';
export type { ReadNpzOptions, WriteNpzOptions } from './npz.js';
export { parseIdx, readIdx } from './idx.js';
export { readFileBytes, writeFileAtomic, tempSibling } from './file-io.js';
export { parseNpyHeader } from './npy-header.js';
export type { NpyHeader } from './npy-header.js';
export { decodeImage, encodePng, imageFormat, luminance, resizePlane, type DecodedImage, type ImageFormat } from './image-decode.js';
export { AtomicFile } from './atomic-file.js';
export { ensureFolder } from './file-io.js';
export { assertOutputsSafe, canonicalPath } from './output-guard.js';
export type { CommandFiles } from './output-guard.js';
export { jsonErrorPosition, parseJson, readJsonFile, type JsonFileKind, type JsonFileCode } from './json-file.js';
export { readOnnxInterface, type OnnxInterface, type OnnxValueInfo, type OnnxNodeInfo, type OnnxAttributeInfo } from './onnx-interface.js';
export { KEEL_OPS, LEGACY_ATTRIBUTES, LEGACY_UNSUPPORTED_OPS, mayBlockGradients } from './onnx-support.js';
