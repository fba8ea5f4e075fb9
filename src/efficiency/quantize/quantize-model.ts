import { Model } from '../../model/index.js';
import { UsageError, isKeelError, type HostTensor } from '../../core/index.js';
import type { Graph } from '../../ir/index.js';
import { exportModel, parseOnnx } from '../../onnx/index.js';
import { setSessionDefaults, type SessionOptions } from '../../runtime/index.js';
import { rowSlice } from '../../train/index.js';
import { compareModels, type Comparison } from '../common/evaluate-models.js';
import { cpuFeatures, inputDims, int8Settings, type CpuFeatures, type Int8Settings } from '../profile/index.js';
import { dynamicGroups, quantizeDynamic } from './dynamic-quantizer.js';
import { convertFloat16 } from './float16-converter.js';
import { compareWhole, MODEL_CHECK_ROUNDS, placeInt8, type LatencyComparison, type PlacementReport } from './placement.js';
import { calibrateStatic, emitStatic, staticGroups, type QuantizedNode, type QuantizeResult } from './static-quantizer.js';
import type { SkippedNode } from './weight-site.js';

/** Quantization modes: weights-only dynamic int8, calibrated static int8 (QDQ), float16 conversion. */
export const QUANTIZE_MODES = ['dynamic', 'static', 'fp16'] as const;
export type QuantizeMode = (typeof QUANTIZE_MODES)[number];

/** int8 placements: `auto` times each node and keeps float32 where int8 is not faster; `all` quantizes every node it can. */
export const PLACEMENTS = ['auto', 'all'] as const;
export type Placement = (typeof PLACEMENTS)[number];

/** Options for {@link quantizeModel}. */
export interface QuantizeModelOptions {
  readonly mode: QuantizeMode;
  /** Calibration rows (static mode), shaped like the model input. */
  readonly calibration?: HostTensor<'float32'>;
  /** Held-out rows (and labels) to check the quantized model against the original. */
  readonly evaluation?: { readonly x: HostTensor; readonly y?: HostTensor };
  /** 7-bit weights; default: picked from the CPU's features ({@link int8Settings}). */
  readonly reduceRange?: boolean;
  /** int8 modes: `auto` (default) measures each node; `all` quantizes every node it can. */
  readonly placement?: Placement;
  /** A node (and the whole model) goes int8 only when at least this much faster (auto placement, default `DEFAULT_MIN_SPEEDUP`, 1.1). */
  readonly minSpeedup?: number;
  /** Convs with a shorter reduction stay float32 (see quantizeStatic's options). */
  readonly minReduction?: number;
  /** Static mode: convs with at most this many inputs per output run unfolded as 1×1 int8 convs (see quantizeStatic's options). */
  readonly unfoldReduction?: number;
  /** Conv/MatMul/Gemm nodes to leave float32, by name, or `first-conv` (int8 modes). */
  readonly keepFloat32?: readonly string[];
  readonly session?: SessionOptions;
  /**
   * Batch size at which the auto placement measures and both models are timed (intra-op threads
   * from `session`, default 1). Default 256 with auto placement; with `all`, 0 or absent skips timing.
   */
  readonly timeBatch?: number;
  /** Progress lines of the measured placement. */
  readonly onProgress?: (line: string) => void;
}

/** What {@link quantizeModel} did, as the CLI prints and writes it. */
export interface QuantizeReport {
  readonly mode: QuantizeMode;
  readonly quantized: readonly QuantizedNode[];
  /** Nodes left in float32 and why. */
  readonly skipped: readonly SkippedNode[];
  readonly bytesBefore: number;
  readonly bytesAfter: number;
  /** bytesBefore / bytesAfter. */
  readonly compression: number;
  readonly evaluation?: Comparison;
  readonly latency?: LatencyComparison;
  /** Session options stored in the file's metadata (every Session.create on the graph or the file applies them). */
  readonly session?: SessionOptions;
  /** int8 modes: the CPU read from /proc/cpuinfo and the settings picked from it. */
  readonly cpu?: CpuFeatures;
  readonly int8?: Int8Settings;
  /** Auto placement: every node's timings and choice, and the whole-model check. */
  readonly placement?: PlacementReport;
}

/** Metadata keys (ONNX `metadata_props`) recording how an int8 file was made. */
export const QUANT_METADATA = {
  cpu: 'keel.quantize.cpu',
  cpuFlags: 'keel.quantize.cpu_flags',
  reduceRange: 'keel.quantize.reduce_range',
  placement: 'keel.quantize.placement',
} as const;

/** The int8 pass for a mode, given the nodes to keep float32. */
async function int8Emitter(graph: Graph, o: QuantizeModelOptions, reduceRange: boolean): Promise<{ emit: (f: ReadonlyMap<string, string>) => QuantizeResult; groups: ReturnType<typeof staticGroups> }> {
  const { minReduction, unfoldReduction, keepFloat32, session } = o;
  const opts = { reduceRange, ...(minReduction === undefined ? {} : { minReduction }), ...(unfoldReduction === undefined ? {} : { unfoldReduction }), ...(keepFloat32 ? { keepFloat32 } : {}), ...(session ? { session } : {}) };
  if (o.mode === 'dynamic') return { emit: (floatReasons) => quantizeDynamic(graph, { ...opts, floatReasons }), groups: dynamicGroups(graph, opts) };
  if (!o.calibration) throw new UsageError('QUANT_NEEDS_CALIBRATION', 'static quantization needs calibration rows (--calibration X.npy, a few hundred rows shaped like the model input); or use --mode dynamic', { flag: '--calibration' });
  const params = await calibrateStatic(graph, o.calibration, opts);
  return { emit: (floatReasons) => emitStatic(graph, params, { ...opts, floatReasons }), groups: staticGroups(graph, opts) };
}

/**
 * Quantizes a model, serializes it, re-imports the bytes (so what is written is something Keel
 * loads) and, with evaluation rows, compares it with the original. int8 modes read the CPU's
 * features (reduce_range follows them) and, with the default `auto` placement, time every
 * quantizable node in float32 and int8 at `timeBatch` and keep float32 where int8 is not faster,
 * then check the whole model ({@link placeInt8}); `report.placement.helps` is false when no
 * placement is faster, and the result then quantizes every node (the CLI writes it only with
 * `--force`). Run-time settings the result needs and how it was made go into the file's
 * metadata_props (the graph's `metadata`), so every `Session.create` on the result or the file applies them.
 *
 * @example
 * ```ts
 * const { bytes, report } = await quantizeModel(graph, { mode: 'static', calibration: x, evaluation: { x: xt, y: yt }, timeBatch: 256 });
 * ```
 */
export async function quantizeModel(model: Graph | Model, o: QuantizeModelOptions): Promise<{ graph: Graph; bytes: Uint8Array; report: QuantizeReport }> {
  const graph = model instanceof Model ? model.graph : model;
  const before = exportModel(graph);
  const threads = o.session?.threads ?? 1;
  let result: QuantizeResult;
  let placement: PlacementReport | undefined;
  let cpu: CpuFeatures | undefined;
  let int8: Int8Settings | undefined;
  let dims: Record<string, number> | undefined;
  if (o.mode === 'fp16') {
    result = convertFloat16(graph);
  } else {
    cpu = cpuFeatures();
    const picked = int8Settings(cpu);
    int8 = o.reduceRange === undefined ? picked : { reduceRange: o.reduceRange, reason: `${o.reduceRange ? '7' : '8'}-bit weights as asked (${picked.reason.replace(/^[^:]*: /, 'the CPU suggests: ')})` };
    const { emit, groups } = await int8Emitter(graph, o, int8.reduceRange);
    dims = dataDims(graph, o.evaluation?.x ?? o.calibration);
    if ((o.placement ?? 'auto') === 'auto') {
      const feeds = dataFeeds(graph, o.evaluation?.x ?? o.calibration, o.timeBatch || 256);
      ({ result, placement } = await placeInt8(graph, groups, emit, { batch: o.timeBatch || 256, threads, ...(feeds ? { feeds } : {}), ...(dims ? { dims } : {}), ...(o.minSpeedup ? { minSpeedup: o.minSpeedup } : {}), ...(o.onProgress ? { onProgress: o.onProgress } : {}) }));
    } else {
      result = emit(new Map());
    }
  }
  const hints = result.session;
  if (hints) setSessionDefaults(result.graph, hints);
  if (cpu && int8) {
    const m = result.graph.metadata;
    m.set(QUANT_METADATA.cpu, cpu.model);
    m.set(QUANT_METADATA.cpuFlags, cpu.flags.join(',') || 'unknown');
    m.set(QUANT_METADATA.reduceRange, `${int8.reduceRange}: ${int8.reason}`);
    if (placement) m.set(QUANT_METADATA.placement, `auto at batch ${placement.batch}, ${placement.threads} thread(s): ${result.quantized.length} node(s) int8, ${placement.latency.speedup.toFixed(2)}× float32's speed (CPU time ${placement.latency.cpuSpeedup.toFixed(2)}×, faster in ${Math.round(100 * placement.latency.fasterShare)}% of rounds); rule: ${placement.rule}; timed on ${placement.inputs === 'data rows' ? `the first ${placement.batch} data rows` : 'random inputs'}${placement.helps ? '' : ' (no placement faster than float32; written on request)'}`);
  }
  const bytes = exportModel(result.graph);
  // The settings travel in the file's metadata_props and come back with the graph.
  const reloaded = parseOnnx(bytes, '<quantized model>').graph;
  const latency = placement?.latency ?? (o.timeBatch ? await compareLatency(graph, reloaded, o.timeBatch, threads, dims) : undefined);
  const report: QuantizeReport = {
    mode: o.mode,
    quantized: result.quantized,
    skipped: result.skipped,
    bytesBefore: before.length,
    bytesAfter: bytes.length,
    compression: before.length / bytes.length,
    ...(o.evaluation ? { evaluation: await compareModels(graph, reloaded, o.evaluation.x, o.evaluation.y, o.session ?? {}) } : {}),
    ...(latency ? { latency } : {}),
    ...(hints ? { session: hints } : {}),
    ...(cpu ? { cpu } : {}),
    ...(int8 ? { int8 } : {}),
    ...(placement ? { placement } : {}),
  };
  return { graph: reloaded, bytes, report };
}

/**
 * Sizes of the input's symbolic dims after the batch (`inputDims`: from rows shaped like the
 * input, else a Keel text model's recorded length), so that the placement times nodes at the
 * data's size (a text model's sequence length `T`); undefined when nothing gives them (they are
 * then timed at the batch size).
 */
function dataDims(graph: Graph, rows: HostTensor | undefined): Record<string, number> | undefined {
  const input = graph.inputs[0];
  const rowShape = rows && input && rows.shape.length === input.rank ? { rowShape: rows.shape.slice(1) } : {};
  try {
    const dims = inputDims(graph.inputs, graph, rowShape);
    return Object.keys(dims).length > 0 ? dims : undefined;
  } catch (e) {
    if (isKeelError(e, 'PROFILE_DIM')) return undefined;
    throw e;
  }
}

/** The first `batch` data rows as the model's input, when there are that many shaped like it (else the check times random inputs). */
function dataFeeds(graph: Graph, rows: HostTensor | undefined, batch: number): Record<string, HostTensor> | undefined {
  const input = graph.inputs[0];
  if (!rows || !input || graph.inputs.length !== 1 || rows.shape.length !== input.rank || rows.dtype !== input.dtype || rows.shape[0]! < batch) return undefined;
  return { [input.name]: rowSlice(rows, 0, batch) };
}

/** The original against the converted model, paired interleaved rounds (as the placement's whole-model check). */
async function compareLatency(before: Graph, after: Graph, batch: number, threads: number, dims: Record<string, number> | undefined): Promise<LatencyComparison> {
  return (await compareWhole(before, after, { batch, threads, rounds: MODEL_CHECK_ROUNDS, roundMs: 60, ...(dims ? { dims } : {}) })).latency;
}
