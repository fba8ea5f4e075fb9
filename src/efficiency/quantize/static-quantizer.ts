import { tensor, type HostTensor } from '../../core/index.js';
import { liveNodes, type Graph, type Node, type Value } from '../../ir/index.js';
import type { SessionOptions } from '../../runtime/index.js';
import { GraphRewriter, consumers } from '../common/graph-rewriter.js';
import { convUnfold } from '../../ops/index.js';
import { calibrate } from './calibrate.js';
import { activationParams, quantizeBias, quantizeWeight, type AffineParams } from './quant-params.js';
import { extraTaps, pointwiseAttrs, reductionLength, unfoldedWeight, UNFOLD_MAX_REDUCTION } from './unfold-conv.js';
import { DATA_MOVEMENT, KEPT_ON_REQUEST, keptNodes, weightSite, type QuantGroup, type SkippedNode, type WeightSite } from './weight-site.js';

/** A node now in int8; `unfolded`: a conv run as a 1×1 conv over its unfolded input. */
export interface QuantizedNode {
  readonly node: string;
  readonly op: string;
  readonly unfolded?: boolean;
}

/** What a quantization pass did: nodes now in int8 and nodes left in float32 (with reasons). */
export interface QuantizeResult {
  readonly graph: Graph;
  readonly quantized: readonly QuantizedNode[];
  readonly skipped: readonly SkippedNode[];
  /** Session options the result runs fastest with (stored in the file by quantizeModel). */
  readonly session?: SessionOptions;
}

/** Options for {@link quantizeStatic}. */
export interface StaticQuantizeOptions {
  /** 7-bit weights so AVX2 int8 kernels cannot saturate (default true). */
  readonly reduceRange?: boolean;
  readonly batchSize?: number;
  readonly session?: SessionOptions;
  /**
   * Convolutions whose reduction (input channels/group × kernel window) is shorter than this stay
   * float32: int8 kernels lose to float32 there (e.g. a first 3×3 conv over one channel: 9 inputs
   * per output ran 2.3× slower in int8 with onnxruntime 1.30 on AVX2). Default 0 (quantize every
   * conv). Keeping a conv float32 sets the result's `session` to {@link KEEP_FLOAT32_SESSION}.
   */
  readonly minReduction?: number;
  /** Conv/MatMul/Gemm nodes to leave float32, by name, or `first-conv`. */
  readonly keepFloat32?: readonly string[];
  /** Nodes to leave float32, by name, with the reason (the measured placement sets these). */
  readonly floatReasons?: ReadonlyMap<string, string>;
  /**
   * Group-1 convs with at most this many inputs per output go int8 as a 1×1 conv over their
   * unfolded uint8 input (default {@link UNFOLD_MAX_REDUCTION}; 0: never).
   */
  readonly unfoldReduction?: number;
}

/**
 * With a float32 Conv → ReLU → MaxPool feeding an int8 node, onnxruntime's QDQPropagationTransformer
 * moves the QuantizeLinear above the MaxPool, which then runs as a slow uint8 NCHW pool (measured
 * 2.7× slower on the MNIST CNN); int8 models with float32 compute nodes run with it disabled.
 */
export const KEEP_FLOAT32_SESSION: SessionOptions = { disableOptimizers: ['QDQPropagationTransformer'] };

/** Ops that keep int8 data as it is: their output reuses their input's scale and zero point. */
const PASSTHROUGH = new Set(['MaxPool', 'Flatten', 'Reshape', 'Transpose', 'Squeeze', 'Unsqueeze']);
const COMPUTE = new Set(['Conv', 'MatMul', 'Gemm']);
/** One-input ops that a quantized node's group takes along when they follow it (timed with it). */
const CARRIED = new Set(['MaxPool', 'Flatten']);

/** Activation quantization parameters by value name, from calibration ({@link calibrateStatic}). */
export type ActivationParams = ReadonlyMap<string, AffineParams>;

/** Quantizable nodes of a graph, and those that stay float32 with the reason. */
function staticSites(nodes: readonly Node[], opts: StaticQuantizeOptions): { sites: Map<Node, WeightSite>; skipped: SkippedNode[]; keptCompute: boolean } {
  const sites = new Map<Node, WeightSite>();
  const skipped: SkippedNode[] = [];
  const keep = keptNodes(nodes, opts.keepFloat32);
  let keptCompute = false;
  for (const n of nodes) {
    if (!COMPUTE.has(n.op)) continue;
    const s = weightSite(n);
    const measured = opts.floatReasons?.get(n.name);
    if (keep.has(n) || (measured && !('reason' in s))) {
      skipped.push({ node: n.name, op: n.op, reason: 'reason' in s ? s.reason : (measured ?? KEPT_ON_REQUEST) });
      keptCompute ||= !('reason' in s);
      continue;
    }
    const min = opts.minReduction ?? 0;
    const k = 'reason' in s ? 0 : s.weight.shape.slice(1).reduce((p, d) => p * d, 1);
    if ('reason' in s) skipped.push({ node: n.name, op: n.op, reason: s.reason });
    else if (n.op === 'Conv' && k < min) {
      keptCompute = true;
      skipped.push({ node: n.name, op: n.op, reason: `reduction length ${k} < ${min}: int8 is slower than float32 for so few inputs per output` });
    } else sites.set(n, s);
  }
  return { sites, skipped, keptCompute };
}

/** The tensor each quantized node's int8 output stands for: its ReLU's output when the ReLU is its only reader. */
function postValues(graph: Graph, sites: ReadonlyMap<Node, WeightSite>, users: ReadonlyMap<Value, Node[]>): { folded: Set<Node>; post: Map<Node, Value> } {
  const outputs = new Set(graph.outputs);
  const folded = new Set<Node>();
  const post = new Map<Node, Value>();
  for (const n of sites.keys()) {
    const out = n.output();
    const readers = users.get(out) ?? [];
    const relu = readers.length === 1 && readers[0]!.op === 'Relu' && !outputs.has(out) && !outputs.has(readers[0]!.output()) ? readers[0]! : undefined;
    if (relu) folded.add(relu);
    const v = relu ? relu.output() : out;
    if (!outputs.has(v)) post.set(n, v);
  }
  return { folded, post };
}

/**
 * Runs the calibration rows through the model and returns the uint8 parameters of every
 * activation that static quantization may quantize (inputs and outputs of all quantizable nodes,
 * whatever `floatReasons` says), so that placements can be tried without calibrating again.
 *
 * @example `const params = await calibrateStatic(graph, rows); const { graph: q } = emitStatic(graph, params);`
 */
export async function calibrateStatic(graph: Graph, x: HostTensor<'float32'>, opts: StaticQuantizeOptions = {}): Promise<ActivationParams> {
  const nodes = liveNodes(graph);
  const { sites } = staticSites(nodes, { ...opts, floatReasons: new Map() });
  const { post } = postValues(graph, sites, consumers(nodes));
  const ranges = await calibrate(graph, [...[...sites.values()].map((s) => s.x), ...post.values()], x, opts);
  return new Map([...ranges].map(([v, r]) => [v.name, activationParams(r.min, r.max)]));
}

/** The quantizable nodes of `graph` (after `keepFloat32`/`minReduction`) as groups for timing. */
export function staticGroups(graph: Graph, opts: StaticQuantizeOptions = {}): QuantGroup[] {
  const nodes = liveNodes(graph);
  const users = consumers(nodes);
  const outputs = new Set(graph.outputs);
  const { sites } = staticSites(nodes, { ...opts, floatReasons: new Map() });
  const { post } = postValues(graph, sites, users);
  return [...sites.values()].map((s) => {
    let v = post.get(s.node) ?? s.node.output();
    for (;;) {
      const readers = users.get(v) ?? [];
      const next = readers.length === 1 ? readers[0]! : undefined;
      if (!next || !CARRIED.has(next.op) || outputs.has(next.output()) || !post.has(s.node)) break;
      v = next.output();
    }
    return { node: s.node.name, op: s.node.op, from: s.x.name, to: v.name };
  });
}

/**
 * Static int8 quantization in QDQ form: per-channel symmetric int8 weights, uint8 activations
 * with ranges from calibration rows, int32 biases; ReLU after Conv/Gemm/MatMul is folded into the
 * output's quantization range; MaxPool/Flatten/Reshape carry int8 through. onnxruntime fuses the
 * QDQ groups into QLinearConv/QLinearMatMul/QGemm. Other ops stay float32 and are listed.
 *
 * @example `const { graph: q, skipped } = await quantizeStatic(graph, calibrationRows);`
 */
export async function quantizeStatic(graph: Graph, x: HostTensor<'float32'>, opts: StaticQuantizeOptions = {}): Promise<QuantizeResult> {
  return emitStatic(graph, await calibrateStatic(graph, x, opts), opts);
}

/**
 * Writes the QDQ model for calibrated parameters (see {@link quantizeStatic}); nodes in
 * `opts.floatReasons` stay float32.
 *
 * @example `const { graph: q } = emitStatic(graph, params, { floatReasons: new Map([['conv1', 'slower in int8']]) });`
 */
export function emitStatic(graph: Graph, activation: ActivationParams, opts: StaticQuantizeOptions = {}): QuantizeResult {
  const rw = new GraphRewriter(graph);
  const users = consumers(rw.nodes);
  const outputs = new Set(graph.outputs);
  const { sites, skipped, keptCompute } = staticSites(rw.nodes, opts);
  const { folded, post } = postValues(graph, sites, users);
  const params = new Map<Value, AffineParams>();
  for (const n of sites.keys()) {
    for (const v of [sites.get(n)!.x, post.get(n)]) {
      const p = v ? activation.get(v.name) : undefined;
      if (v && p) params.set(v, p);
    }
  }
  const qdqDone = new Set<Value>();
  const qdq = (v: Value): void => {
    const p = params.get(v);
    if (!p || qdqDone.has(v)) return;
    qdqDone.add(v);
    const s = rw.constant(`${v.name}_scale`, tensor('float32', [], [p.scale]));
    const z = rw.constant(`${v.name}_zero_point`, tensor('uint8', [], [p.zeroPoint]));
    const q = rw.b.op1('QuantizeLinear', [rw.get(v), s, z], {}, { name: `${v.name}_QuantizeLinear` });
    rw.set(v, rw.b.op1('DequantizeLinear', [q, s, z], {}, { name: `${v.name}_DequantizeLinear` }));
  };
  const quantized: QuantizedNode[] = [];
  for (const n of rw.nodes) {
    if (folded.has(n)) continue;
    const site = sites.get(n);
    if (site) {
      qdq(site.x);
      const unfolded = emitQuantized(rw, site, params.get(site.x)!.scale, opts.reduceRange ?? true, opts.unfoldReduction ?? UNFOLD_MAX_REDUCTION);
      quantized.push({ node: n.name, op: n.op, ...(unfolded ? { unfolded } : {}) });
      const v = post.get(n) ?? n.output();
      if (v !== n.output()) rw.set(v, rw.get(n.output()));
      qdq(v);
      continue;
    }
    rw.copy(n);
    const inP = n.inputs[0] ? params.get(n.inputs[0]) : undefined;
    if (PASSTHROUGH.has(n.op) && inP && qdqDone.has(n.inputs[0]!) && !outputs.has(n.output())) {
      params.set(n.output(), inP);
      qdq(n.output());
    } else if (!COMPUTE.has(n.op) && !DATA_MOVEMENT.has(n.op) && n.outputs.some((o) => o.dtype === 'float32')) {
      skipped.push({ node: n.name, op: n.op, reason: `${n.op} has no int8 form in Keel's quantizer` });
    }
  }
  return { graph: rw.finish(), quantized, skipped, ...(keptCompute && quantized.length > 0 ? { session: KEEP_FLOAT32_SESSION } : {}) };
}

/**
 * The unfolded uint8 input of a short-reduction conv (padded with the zero point, which stands
 * for 0.0; taps repeated until the channel count suits onnxruntime's kernel, {@link extraTaps}) dequantized for a 1×1
 * conv, with the number of repeated taps; undefined when it stays a plain conv.
 */
function unfoldedInput(rw: GraphRewriter, s: WeightSite, maxReduction: number): { cols: Value; extra: number } | undefined {
  const k = s.weight.shape.slice(2).reduce((p, d) => p * d, 1);
  if (s.node.op !== 'Conv' || k === 1 || reductionLength(s.weight) > maxReduction) return undefined;
  const dq = rw.get(s.x).producer;
  if (dq?.op !== 'DequantizeLinear') return undefined;
  const [q, scale, zeroPoint] = dq.inputs;
  const taps = convUnfold(rw.b, s.node, q!, zeroPoint!);
  if (!taps) return undefined;
  const extra = extraTaps(taps.length, s.weight.shape[1]!);
  const cols = rw.b.op1('Concat', [...taps, ...taps.slice(0, extra)], { axis: 1 });
  return { cols: rw.b.op1('DequantizeLinear', [cols, scale!, zeroPoint!], {}, { name: `${s.node.name}_unfolded_DequantizeLinear` }), extra };
}

/**
 * Emits `DQ(int8 W)`, `DQ(int32 bias)` and the node itself reading them; a conv with at most
 * `maxUnfold` inputs per output as a 1×1 conv over its unfolded input (then returns true).
 */
function emitQuantized(rw: GraphRewriter, s: WeightSite, inputScale: number, reduceRange: boolean, maxUnfold: number): boolean {
  const n = s.node;
  const unfolded = unfoldedInput(rw, s, maxUnfold);
  const { q, scales } = quantizeWeight(unfolded ? unfoldedWeight(s.weight, unfolded.extra) : s.weight, s.axis, reduceRange);
  const c = scales.length;
  const wq = rw.constant(`${s.w.name}_quantized`, q);
  const ws = rw.constant(`${s.w.name}_scale`, tensor('float32', [c], scales));
  const wz = rw.constant(`${s.w.name}_zero_point`, tensor('int8', [c]));
  const w = rw.b.op1('DequantizeLinear', [wq, ws, wz], { axis: s.axis }, { name: `${s.w.name}_DequantizeLinear` });
  const ins: (Value | null)[] = [unfolded?.cols ?? rw.get(s.x), w];
  const b = n.inputs[2];
  if (s.bias && b) {
    const bq = quantizeBias(s.bias, inputScale, scales);
    const bi = rw.constant(`${b.name}_quantized`, bq.q);
    const bs = rw.constant(`${b.name}_scale`, tensor('float32', [c], bq.scales));
    ins.push(rw.b.op1('DequantizeLinear', [bi, bs], { axis: 0 }, { name: `${b.name}_DequantizeLinear` }));
  }
  if (!unfolded) {
    rw.copy(n, ins);
    return false;
  }
  rw.set(n.output(), rw.b.op1('Conv', ins, pointwiseAttrs(n), { name: n.name, outputNames: [n.output().name] }));
  return true;
}
