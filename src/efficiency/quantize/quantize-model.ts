import { Model } from '../../model/index.js';
import { UsageError, type HostTensor } from '../../core/index.js';
import type { Graph } from '../../ir/index.js';
import { exportModel, parseOnnx } from '../../onnx/index.js';
import { setSessionDefaults, type SessionOptions } from '../../runtime/index.js';
import { compareModels, type Comparison } from '../common/evaluate-models.js';
import { measureLatency } from '../profile/index.js';
import { quantizeDynamic } from './dynamic-quantizer.js';
import { convertFloat16 } from './float16-converter.js';
import { quantizeStatic } from './static-quantizer.js';
import type { SkippedNode } from './weight-site.js';

/** Quantization modes: weights-only dynamic int8, calibrated static int8 (QDQ), float16 conversion. */
export const QUANTIZE_MODES = ['dynamic', 'static', 'fp16'] as const;
export type QuantizeMode = (typeof QUANTIZE_MODES)[number];

/** Options for {@link quantizeModel}. */
export interface QuantizeModelOptions {
  readonly mode: QuantizeMode;
  /** Calibration rows (static mode), shaped like the model input. */
  readonly calibration?: HostTensor<'float32'>;
  /** Held-out rows (and labels) to check the quantized model against the original. */
  readonly evaluation?: { readonly x: HostTensor<'float32'>; readonly y?: HostTensor };
  readonly reduceRange?: boolean;
  /** Convs with a shorter reduction stay float32 (see quantizeStatic's options). */
  readonly minReduction?: number;
  /** Conv/MatMul/Gemm nodes to leave float32, by name, or `first-conv` (int8 modes). */
  readonly keepFloat32?: readonly string[];
  readonly session?: SessionOptions;
  /** Times both models at this batch size (intra-op threads from `session`, default 1). */
  readonly timeBatch?: number;
}

/** Median latency of the original and the converted model, same session settings, interleaved. */
export interface LatencyComparison {
  readonly batch: number;
  readonly threads: number;
  readonly msBefore: number;
  readonly msAfter: number;
  /** msBefore / msAfter (above 1: the converted model is faster). */
  readonly speedup: number;
}

/** What {@link quantizeModel} did, as the CLI prints and writes it. */
export interface QuantizeReport {
  readonly mode: QuantizeMode;
  readonly quantized: readonly { node: string; op: string }[];
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
}

/**
 * Quantizes a model, serializes it, re-imports the bytes (so what is written is something Keel
 * loads) and, with evaluation rows, compares it with the original. Run-time settings the result
 * needs (e.g. an onnxruntime optimizer to disable when nodes stay float32) go into the file's
 * metadata_props (the graph's `metadata`), so every `Session.create` on the result or the file applies them.
 *
 * @example
 * ```ts
 * const { bytes, report } = await quantizeModel(graph, { mode: 'static', calibration: x, evaluation: { x: xt, y: yt } });
 * ```
 */
export async function quantizeModel(model: Graph | Model, o: QuantizeModelOptions): Promise<{ graph: Graph; bytes: Uint8Array; report: QuantizeReport }> {
  const graph = model instanceof Model ? model.graph : model;
  const before = exportModel(graph);
  let result;
  if (o.mode === 'static') {
    if (!o.calibration) throw new UsageError('QUANT_NEEDS_CALIBRATION', 'static quantization needs calibration rows (--calibration X.npy, a few hundred rows shaped like the model input); or use --mode dynamic', {});
    const { calibration, reduceRange, minReduction, keepFloat32, session } = o;
    result = await quantizeStatic(graph, calibration, { ...(reduceRange === undefined ? {} : { reduceRange }), ...(minReduction === undefined ? {} : { minReduction }), ...(keepFloat32 ? { keepFloat32 } : {}), ...(session ? { session } : {}) });
  } else if (o.mode === 'fp16') {
    result = convertFloat16(graph);
  } else {
    result = quantizeDynamic(graph, { ...(o.reduceRange === undefined ? {} : { reduceRange: o.reduceRange }), ...(o.keepFloat32 ? { keepFloat32: o.keepFloat32 } : {}) });
  }
  const hints = result.session;
  if (hints) setSessionDefaults(result.graph, hints);
  const bytes = exportModel(result.graph);
  // The settings travel in the file's metadata_props and come back with the graph.
  const reloaded = parseOnnx(bytes, '<quantized model>').graph;
  const report: QuantizeReport = {
    mode: o.mode,
    quantized: result.quantized,
    skipped: result.skipped,
    bytesBefore: before.length,
    bytesAfter: bytes.length,
    compression: before.length / bytes.length,
    ...(o.evaluation ? { evaluation: await compareModels(graph, reloaded, o.evaluation.x, o.evaluation.y, o.session ?? {}) } : {}),
    ...(o.timeBatch ? { latency: await compareLatency(graph, reloaded, o.timeBatch, o.session?.threads ?? 1) } : {}),
    ...(hints ? { session: hints } : {}),
  };
  return { graph: reloaded, bytes, report };
}

/** Median p50 of three interleaved rounds per model, so load changes hit both alike. */
async function compareLatency(before: Graph, after: Graph, batch: number, threads: number): Promise<LatencyComparison> {
  const ms: [number[], number[]] = [[], []];
  for (let r = 0; r < 3; r++) {
    for (const [i, g] of [before, after].entries()) {
      const [row] = await measureLatency(g, { batches: [batch], threads: [threads], warmup: 2, minRuns: 5, minTimeMs: 100 });
      ms[i as 0 | 1].push(row!.p50Ms);
    }
  }
  const med = (xs: number[]): number => [...xs].sort((a, b) => a - b)[1]!;
  const [msBefore, msAfter] = [med(ms[0]), med(ms[1])];
  return { batch, threads, msBefore, msAfter, speedup: msBefore / msAfter };
}
