import type { Graph } from '../../ir/index.js';
import type { SessionOptions } from '../../runtime/index.js';
import { extractRegion } from '../common/region.js';
import { timeInterleaved } from '../profile/index.js';
import type { QuantizeResult } from './static-quantizer.js';
import type { QuantGroup } from './weight-site.js';

/** One quantizable node timed alone in float32 and in int8 (medians, same inputs, interleaved). */
export interface NodeTiming {
  readonly node: string;
  readonly op: string;
  readonly float32Ms: number;
  readonly int8Ms: number;
  /** float32Ms / int8Ms. */
  readonly speedup: number;
  readonly choice: 'int8' | 'float32';
}

/** The whole model timed before and after, interleaved. */
export interface LatencyComparison {
  readonly batch: number;
  readonly threads: number;
  readonly msBefore: number;
  readonly msAfter: number;
  /** msBefore / msAfter (above 1: the converted model is faster). */
  readonly speedup: number;
}

/** What the measured placement found. */
export interface PlacementReport {
  readonly batch: number;
  readonly threads: number;
  /** Sizes the other symbolic dims were timed at (e.g. `{ T: 64 }`), when given. */
  readonly dims?: Readonly<Record<string, number>>;
  /** A node (and the whole model) goes int8 only when at least this much faster. */
  readonly minSpeedup: number;
  /** Every quantizable node with its timings and choice (before the whole-model check). */
  readonly nodes: readonly NodeTiming[];
  /** Nodes the whole-model check moved back to float32, in order, with the model's speedup just before. */
  readonly fallbacks: readonly { readonly node: string; readonly modelSpeedup: number }[];
  /** The final model against float32. */
  readonly latency: LatencyComparison;
  /** Whether some placement is at least `minSpeedup` faster than float32. */
  readonly helps: boolean;
  /** The onnxruntime settings the final model ran fastest with (measured when nodes stay float32). */
  readonly session: SessionOptions;
}

/** Options for {@link placeInt8}. */
export interface PlacementOptions {
  readonly batch: number;
  readonly threads: number;
  /** Default 1.05: smaller gains are within timing noise on a shared machine. */
  readonly minSpeedup?: number;
  /** Sizes of symbolic dims other than the batch (e.g. `{ T: 64 }`, the sequence length), default `batch`. */
  readonly dims?: Readonly<Record<string, number>>;
  /** Interleaved rounds per timing (default 5). */
  readonly rounds?: number;
  /** Called with one line per measurement (long work shows progress). */
  readonly onProgress?: (line: string) => void;
}

/** Builds the quantized model with the given nodes kept float32 (name → reason). */
export type Emitter = (floatReasons: ReadonlyMap<string, string>) => QuantizeResult;

/**
 * The value that stands for `name` in float32 after its QuantizeLinear → DequantizeLinear pair, if
 * it has one (a folded ReLU's output has no value of its own: its pair is named after it).
 */
function dequantized(graph: Graph, name: string): string {
  const q = graph.nodes.find((n) => n.op === 'QuantizeLinear' && (n.name === `${name}_QuantizeLinear` || n.inputs[0]?.name === name));
  const dq = q && graph.nodes.find((n) => n.op === 'DequantizeLinear' && n.inputs[0] === q.outputs[0]);
  return dq ? dq.output().name : name;
}

const ms = (v: number): string => `${v.toFixed(2)} ms`;

/**
 * Measured int8 placement. Each quantizable node (with what it keeps int8 on its own: a folded
 * ReLU, a MaxPool after it) is cut out of the model twice — float32, and int8 with its
 * Quantize/Dequantize at the edges — and the two are timed interleaved on this machine at the
 * given batch size and thread count. Nodes at least `minSpeedup` faster in int8 go int8, the rest
 * stay float32. The whole model is then timed against float32; while it is not `minSpeedup`
 * faster, the int8 node with the smallest gain goes back to float32 and the model is timed again.
 * When nodes stay float32, onnxruntime's QDQPropagationTransformer is timed on and off and the
 * faster setting kept. With no placement left, `helps` is false and the result quantizes every node.
 *
 * @example `const { result, placement } = await placeInt8(graph, staticGroups(graph), (f) => emitStatic(graph, params, { floatReasons: f }), { batch: 256, threads: 1 });`
 */
export async function placeInt8(graph: Graph, groups: readonly QuantGroup[], emit: Emitter, o: PlacementOptions): Promise<{ result: QuantizeResult; placement: PlacementReport }> {
  const minSpeedup = o.minSpeedup ?? 1.05;
  const timing = { batch: o.batch, threads: o.threads, rounds: o.rounds ?? 5, ...(o.dims ? { dims: o.dims } : {}) };
  const say = o.onProgress ?? ((): void => undefined);
  const nodes: NodeTiming[] = [];
  for (const [i, g] of groups.entries()) {
    const alone = emit(new Map(groups.filter((h) => h !== g).map((h) => [h.node, 'timed alone'])));
    const f32 = extractRegion(graph, g.from, g.to);
    const i8 = extractRegion(alone.graph, g.from, dequantized(alone.graph, g.to));
    const { medianMs: [float32Ms, int8Ms] } = await timeInterleaved([f32, i8], { ...timing, roundMs: 30 });
    const speedup = float32Ms! / int8Ms!;
    const choice = speedup >= minSpeedup ? 'int8' : 'float32';
    nodes.push({ node: g.node, op: g.op, float32Ms: float32Ms!, int8Ms: int8Ms!, speedup, choice });
    say(`node ${i + 1}/${groups.length} ${g.node} (${g.op}): float32 ${ms(float32Ms!)}, int8 ${ms(int8Ms!)} → ${choice}`);
  }
  const why = (t: NodeTiming): string => `measured slower or not ${minSpeedup}× faster in int8 at batch ${o.batch}, ${o.threads} thread(s): float32 ${ms(t.float32Ms)}, int8 ${ms(t.int8Ms)}`;
  const chosen = nodes.filter((t) => t.choice === 'int8').sort((a, b) => b.speedup - a.speedup);
  const fallbacks: { node: string; modelSpeedup: number }[] = [];
  for (;;) {
    const helps = chosen.length > 0;
    const floatReasons = new Map(helps ? nodes.filter((t) => !chosen.includes(t)).map((t) => [t.node, fallbacks.some((f) => f.node === t.node) ? `moved back to float32: the whole model was not ${minSpeedup}× faster with it in int8 (${why(t)})` : why(t)]) : []);
    const result = emit(floatReasons);
    const variants: SessionOptions[] = result.session ? [result.session, {}] : [{}];
    const { medianMs } = await timeInterleaved([graph, ...variants.map(() => result.graph)], { ...timing, roundMs: 60, sessions: [{}, ...variants] });
    const best = medianMs.slice(1).reduce((b, m, k) => (m < medianMs[b + 1]! ? k : b), 0);
    const latency: LatencyComparison = { batch: o.batch, threads: o.threads, msBefore: medianMs[0]!, msAfter: medianMs[best + 1]!, speedup: medianMs[0]! / medianMs[best + 1]! };
    const session = variants[best]!;
    say(`whole model with ${result.quantized.length} int8 node(s): float32 ${ms(latency.msBefore)}, int8 ${ms(latency.msAfter)} (${latency.speedup.toFixed(2)}×)`);
    const final: QuantizeResult = { graph: result.graph, quantized: result.quantized, skipped: result.skipped, ...(session.disableOptimizers ? { session } : {}) };
    if (!helps || latency.speedup >= minSpeedup) return { result: final, placement: { batch: o.batch, threads: o.threads, ...(o.dims ? { dims: o.dims } : {}), minSpeedup, nodes, fallbacks, latency, helps, session } };
    const weakest = chosen.pop()!;
    fallbacks.push({ node: weakest.node, modelSpeedup: latency.speedup });
  }
}
