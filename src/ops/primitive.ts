import type { HostTensor } from '../core/index.js';
import type { AttrKind, AttrValue, Attrs, Dim, Node, TensorType, Value } from '../ir/index.js';
import type { Builder } from './builder.js';

/** One attribute of a primitive: its ONNX kind and the default the ONNX spec gives it. */
export interface AttrSpec {
  readonly kind: AttrKind;
  readonly default?: AttrValue;
}

/** What shape and value rules see: the node being built, its inputs and attributes (defaults filled). */
export interface InferContext {
  readonly op: string;
  readonly name: string;
  readonly inputs: readonly (Value | null)[];
  /** Input `i`; throws a GraphError naming the node when it is missing. */
  input(i: number): Value;
  int(name: string): number;
  float(name: string): number;
  ints(name: string): readonly number[] | undefined;
  str(name: string): string;
  has(name: string): boolean;
  raw(name: string): AttrValue | undefined;
  /** Number of outputs the caller asked for (importers pass the node's count). */
  readonly requestedOutputs: number | undefined;
  /** Allocates a fresh symbolic dimension for sizes that cannot be known statically. */
  freshDim(hint: string): string;
}

/** Build-time knowledge about an output's contents (see {@link Value.known} and {@link Value.sym}). */
export interface Known {
  readonly known?: HostTensor;
  readonly sym?: readonly Dim[];
}

/**
 * A gradient rule: given the node and the gradients flowing into its outputs (null where an
 * output does not reach the loss), returns exactly one gradient per input — a graph value built
 * from standard ONNX ops, or null where the input is not differentiable.
 */
export type GradRule = (b: Builder, node: Node, dys: readonly (Value | null)[]) => readonly (Value | null)[];

/**
 * A primitive: an ONNX op with its shape rule, gradient rule and lowering in one place.
 * Lowering is the identity (the IR op is the ONNX op) unless `lower` says otherwise.
 */
export interface Primitive {
  readonly op: string;
  readonly attrs: Readonly<Record<string, AttrSpec>>;
  /** Number of outputs a new node gets (default 1). */
  readonly outputs?: number | ((ctx: InferContext) => number);
  /** Output types from input types and attributes; throws GraphError on mismatch. */
  infer(ctx: InferContext): readonly TensorType[];
  /** Optional constant and symbolic-shape propagation, for folding exporter shape arithmetic. */
  propagate?(ctx: InferContext): readonly (Known | undefined)[];
  /** `null` marks the op as non-differentiable (integer or boolean results). */
  readonly grad: GradRule | null;
  /**
   * Optional rewrite into an equivalent form onnxruntime runs (e.g. batch-major recurrent ops as
   * time-major ones between Transposes), applied before the node is added; undefined keeps it.
   */
  canonicalize?(b: Builder, inputs: readonly (Value | null)[], attrs: Attrs, opts: { readonly name?: string; readonly outputs?: number; readonly outputNames?: readonly string[] }): Value[] | undefined;
  /** Smallest opset whose version of this op Keel's semantics follow. */
  readonly since?: number;
  /**
   * The operator set of an op outside the standard ONNX domain (e.g. onnxruntime's
   * `com.microsoft` contrib ops, version 1): written with that domain and its opset import, read
   * back only under it. Such ops run on onnxruntime for inference and have no gradient.
   */
  readonly domain?: { readonly name: string; readonly version: number };
}
