// Importing the families registers their primitives.
import './elementwise.js';
import './compare.js';
import './constants.js';
import './shape-ops.js';
import './slice.js';
import './trilu.js';
import './einsum.js';
import './matmul.js';
import './softmax.js';
import './reduce.js';
import './conv.js';
import './pool.js';
import './norm.js';
import './control.js';
import './quantize.js';
import './recurrent.js';

export { Builder, normAxis, castCode, type OpOptions } from './builder.js';
export { getPrimitive, hasPrimitive, allPrimitives } from './registry.js';
export type { Primitive, GradRule, InferContext, AttrSpec, Known } from './primitive.js';
export { sumToShape } from './grad-utils.js';
export { broadcastShapes } from './shape-utils.js';
export { symOf, intsOf } from './known.js';
export { inlineGraph, liveNodes, type NodeLowering } from './inline.js';
export { lowerSmallConv, usedTapBox } from './conv-gemm.js';
export { getComposite, compositeNames, type Composite } from './composites.js';
export { windowSlices, convUnfold } from './unfold.js';
