export { Graph, Node, Value, type ValueKind } from './graph.js';
export { isStatic, fmtShape, onnxTypeCode, dtypeFromOnnx, type Dim, type TensorType, type AttrKind, type AttrValue, type Attrs, type GraphLike } from './types.js';
export { liveNodes, outerReads } from './live.js';
