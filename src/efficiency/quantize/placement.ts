import type { HostTensor } from '../../core/index.js';
import type { Graph } from '../../ir/index.js';
import type { SessionOptions } from '../../runtime/index.js';
import { extractRegion } from '../common/region.js';
import { mergeTimings, pairedSpeedup, timeInterleaved, type InterleavedOptions, type InterleavedTiming } from '../profile/index.js';
import type { QuantizeResult } from './static-quantizer.js';
import type { QuantGroup } from './weight-site.js';

/** One quantizable node timed alone in float32 and in int8 (medians, same inputs, interleaved). */
export interface NodeTiming {
  readonly node: string;
  readonly op: string;
  readonly float32Ms: number;
  readonly int8Ms: number;
  /** Median over rounds of each round's paired wall-time ratio (float32 / int8). */
  readonly speedup: number;
  /** The same in process CPU time. */
  readonly cpuSpeedup: number;
  readonly choice: 'int8' | 'float32';
}

/** The whole model timed before and after, in paired interleaved rounds. */
export interface LatencyComparison {
  readonly batch: number;
  readonly threads: number;
  /** Median over rounds of each model's fastest run per round (they move with the load; compare the ratios). */
  readonly msBefore: number;
  readonly msAfter: number;
  /** Median over rounds of each round's wall-time ratio, before / after (above 1: the converted model is faster). */
  readonly speedup: number;
  /** The same in process CPU time (steadier than wall time while other work competes for the cores). */
  readonly cpuSpeedup: number;
  /** Share of rounds in which the converted model was faster in wall time. */
  readonly fasterShare: number;
  /** Each round's wall-time ratio. */
  readonly roundSpeedups: readonly number[];
}

/**
 * How much faster int8 must be, by default, alone and as a whole model: on this project's shared
 * 2-core machine the same pair of models measured up to ~15% apart from one check to the next a
 * few minutes later (each check consistent within itself), so a smaller margin is no guarantee.
 */
export const DEFAULT_MIN_SPEEDUP = 1.1;

/** Rounds of the whole-model check: enough that one busy spell cannot decide it. */
export const MODEL_CHECK_ROUNDS = 9;
/**
 * The check's rounds run in this many blocks, each with fresh sessions: on a shared machine one
 * session pair can sit in a lasting slow state (a 2-thread session whose second core is taken),
 * which paired rounds within one block cannot see.
 */
export const MODEL_CHECK_BLOCKS = 3;
/** Share of the whole-model check's rounds in which int8 must be faster. */
export const MIN_FASTER_SHARE = 2 / 3;

/** The whole-model rule in words (README, the report and the file's metadata say it). */
export const wholeModelRule = (minSpeedup: number): string =>
  `int8 only when, over ${MODEL_CHECK_ROUNDS} paired interleaved rounds against float32 (${MODEL_CHECK_BLOCKS} blocks of fresh sessions), the median per-round speedup is at least ${minSpeedup}× in wall time and in process CPU time and int8 was faster in at least ${Math.round(100 * MIN_FASTER_SHARE)}% of the rounds`;

/** Whether a whole-model timing shows the converted model clearly faster (`wholeModelRule`). */
export function clearlyFaster(l: LatencyComparison, minSpeedup: number): boolean {
  return l.speedup >= minSpeedup && l.cpuSpeedup >= minSpeedup && l.fasterShare >= MIN_FASTER_SHARE - 1e-9;
}

/** Times `after` (in each of `sessions`) against `before` in paired rounds, in blocks of fresh sessions; the fastest variant wins. */
export async function compareWhole(before: Graph, after: Graph, o: Omit<InterleavedOptions, 'sessions'> & { readonly sessions?: readonly SessionOptions[] }): Promise<{ latency: LatencyComparison; session: SessionOptions }> {
  const variants = o.sessions?.length ? o.sessions : [{}];
  const blocks: InterleavedTiming[] = [];
  const rounds = o.rounds ?? MODEL_CHECK_ROUNDS;
  for (let b = 0; b < MODEL_CHECK_BLOCKS; b++) {
    const r = Math.round((rounds * (b + 1)) / MODEL_CHECK_BLOCKS) - Math.round((rounds * b) / MODEL_CHECK_BLOCKS);
    if (r > 0) blocks.push(await timeInterleaved([before, ...variants.map(() => after)], { ...o, rounds: r, sessions: [{}, ...variants] }));
  }
  const t = mergeTimings(blocks);
  const paired = variants.map((_, k) => pairedSpeedup(t, 0, k + 1));
  const best = paired.reduce((b, p, k) => (p.wall > paired[b]!.wall ? k : b), 0);
  const p = paired[best]!;
  const latency: LatencyComparison = { batch: o.batch, threads: o.threads ?? 1, msBefore: t.medianMs[0]!, msAfter: t.medianMs[best + 1]!, speedup: p.wall, cpuSpeedup: p.cpu, fasterShare: p.fasterShare, roundSpeedups: p.roundsWall };
  return { latency, session: variants[best]! };
}

/** What the measured placement found. */
export interface PlacementReport {
  readonly batch: number;
  readonly threads: number;
  /** Sizes the other symbolic dims were timed at (e.g. `{ T: 64 }`), when given. */
  readonly dims?: Readonly<Record<string, number>>;
  /** A node (and the whole model) goes int8 only when at least this much faster. */
  readonly minSpeedup: number;
  /** The rule the whole model was kept int8 by (`wholeModelRule`). */
  readonly rule: string;
  /** What the whole-model check ran on: the first `batch` data rows given, or random inputs. */
  readonly inputs: 'data rows' | 'random';
  /** Every quantizable node with its timings and choice (before the whole-model check). */
  readonly nodes: readonly NodeTiming[];
  /** Nodes the whole-model check moved back to float32, in order, with the model's paired speedups (wall, CPU) just before. */
  readonly fallbacks: readonly { readonly node: string; readonly modelSpeedup: number; readonly modelCpuSpeedup: number; readonly fasterShare: number }[];
  /** The final model against float32. */
  readonly latency: LatencyComparison;
  /** Whether some placement passed the whole-model rule (`clearlyFaster`). */
  readonly helps: boolean;
  /**
   * True when the result is every node int8, tried last: no node-by-node placement passed the
   * rule (or none was faster alone) but all nodes int8 together did; the nodes' own choices then
   * still say what each measured alone.
   */
  readonly allInt8: boolean;
  /** The onnxruntime settings the final model ran fastest with (measured when nodes stay float32). */
  readonly session: SessionOptions;
}

/** Options for {@link placeInt8}. */
export interface PlacementOptions {
  readonly batch: number;
  readonly threads: number;
  /** Default `DEFAULT_MIN_SPEEDUP`. */
  readonly minSpeedup?: number;
  /** Sizes of symbolic dims other than the batch (e.g. `{ T: 64 }`, the sequence length), default `batch`. */
  readonly dims?: Readonly<Record<string, number>>;
  /** Real input rows (`batch` of them) for the whole-model check; default random ones. */
  readonly feeds?: Readonly<Record<string, HostTensor>>;
  /** Interleaved rounds per node timing (default 5). */
  readonly rounds?: number;
  /** Paired rounds of the whole-model check (default `MODEL_CHECK_ROUNDS`). */
  readonly modelRounds?: number;
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
 * given batch size and thread count. Nodes at least `minSpeedup` faster in int8 (median paired
 * ratio, in wall or in CPU time) go int8, the rest stay float32. The whole model is then timed against float32 in paired interleaved rounds; while
 * it is not clearly faster (`clearlyFaster`: median per-round speedup ≥ `minSpeedup` in wall
 * and in CPU time, faster in most rounds), the int8 node with the smallest gain goes back to
 * float32 and the model is timed again. With none left, every node int8 is the last candidate
 * (unless it was the measured placement, already timed). When nodes stay float32, onnxruntime's QDQPropagationTransformer is timed on and off and the
 * faster setting kept. When nothing passes, `helps` is false and the result quantizes every node.
 *
 * @example `const { result, placement } = await placeInt8(graph, staticGroups(graph), (f) => emitStatic(graph, params, { floatReasons: f }), { batch: 256, threads: 1 });`
 */
export async function placeInt8(graph: Graph, groups: readonly QuantGroup[], emit: Emitter, o: PlacementOptions): Promise<{ result: QuantizeResult; placement: PlacementReport }> {
  const minSpeedup = o.minSpeedup ?? DEFAULT_MIN_SPEEDUP;
  const timing = { batch: o.batch, threads: o.threads, rounds: o.rounds ?? 5, ...(o.dims ? { dims: o.dims } : {}) };
  const say = o.onProgress ?? ((): void => undefined);
  const nodes: NodeTiming[] = [];
  for (const [i, g] of groups.entries()) {
    const alone = emit(new Map(groups.filter((h) => h !== g).map((h) => [h.node, 'timed alone'])));
    const f32 = extractRegion(graph, g.from, g.to);
    const i8 = extractRegion(alone.graph, g.from, dequantized(alone.graph, g.to));
    const t = await timeInterleaved([f32, i8], { ...timing, roundMs: 30 });
    const [float32Ms, int8Ms] = [t.medianMs[0]!, t.medianMs[1]!];
    const { wall: speedup, cpu: cpuSpeedup } = pairedSpeedup(t, 0, 1);
    // A shortlist for the whole-model check, which decides: wall or CPU time may admit a node, so
    // that one noisy timing does not drop a node int8 speeds up (the check moves it back if not).
    const choice = Math.max(speedup, cpuSpeedup) >= minSpeedup ? 'int8' : 'float32';
    nodes.push({ node: g.node, op: g.op, float32Ms, int8Ms, speedup, cpuSpeedup, choice });
    say(`node ${i + 1}/${groups.length} ${g.node} (${g.op}): float32 ${ms(float32Ms)}, int8 ${ms(int8Ms)} (paired ${speedup.toFixed(2)}×, CPU time ${cpuSpeedup.toFixed(2)}×) → ${choice}`);
  }
  const why = (t: NodeTiming): string => `measured slower or not ${minSpeedup}× faster in int8 at batch ${o.batch}, ${o.threads} thread(s): float32 ${ms(t.float32Ms)}, int8 ${ms(t.int8Ms)}`;
  const chosen = nodes.filter((t) => t.choice === 'int8').sort((a, b) => Math.max(b.speedup, b.cpuSpeedup) - Math.max(a.speedup, a.cpuSpeedup));
  const fallbacks: PlacementReport['fallbacks'][number][] = [];
  // Every node int8 is timed once, as the measured placement when every node was faster alone,
  // else as the last candidate: nodes too small to gain alone can gain together (shared
  // quantization of one input, fewer float32/int8 boundaries).
  let everyNode: { latency: LatencyComparison; session: SessionOptions } | undefined;
  for (;;) {
    const measured = chosen.length > 0;
    const floatReasons = new Map(measured ? nodes.filter((t) => !chosen.includes(t)).map((t) => [t.node, fallbacks.some((f) => f.node === t.node) ? `moved back to float32: the whole model was not clearly ${minSpeedup}× faster with it in int8 (${why(t)})` : why(t)]) : []);
    const result = emit(floatReasons);
    const retimed = measured || !everyNode;
    const { latency, session } = retimed ? await compareWhole(graph, result.graph, { ...timing, ...(o.feeds ? { feeds: o.feeds } : {}), rounds: o.modelRounds ?? MODEL_CHECK_ROUNDS, roundMs: 60, sessions: result.session ? [result.session, {}] : [{}] }) : everyNode!;
    if (chosen.length === nodes.length) everyNode = { latency, session };
    if (retimed) say(`whole model with ${result.quantized.length} int8 node(s): float32 ${ms(latency.msBefore)}, int8 ${ms(latency.msAfter)}; paired rounds ${latency.speedup.toFixed(2)}× (CPU time ${latency.cpuSpeedup.toFixed(2)}×, faster in ${Math.round(100 * latency.fasterShare)}% of rounds)`);
    const final: QuantizeResult = { graph: result.graph, quantized: result.quantized, skipped: result.skipped, ...(session.disableOptimizers ? { session } : {}) };
    const passes = clearlyFaster(latency, minSpeedup);
    if (!measured || passes) return { result: final, placement: { batch: o.batch, threads: o.threads, ...(o.dims ? { dims: o.dims } : {}), minSpeedup, rule: wholeModelRule(minSpeedup), inputs: o.feeds ? 'data rows' : 'random', nodes, fallbacks, latency, helps: passes, allInt8: !measured && passes, session } };
    const weakest = chosen.pop()!;
    fallbacks.push({ node: weakest.node, modelSpeedup: latency.speedup, modelCpuSpeedup: latency.cpuSpeedup, fasterShare: latency.fasterShare });
  }
}
