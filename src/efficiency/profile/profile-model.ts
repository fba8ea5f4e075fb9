import { Model } from '../../model/index.js';
import { UsageError } from '../../core/index.js';
import type { Dim, Graph, Value } from '../../ir/index.js';
import { inferenceOnlyNote } from '../../onnx/index.js';
import { availableProviders } from '../../runtime/index.js';
import { activationMemory } from './activation-memory.js';
import { countCosts, type NodeCost } from './flop-counter.js';
import { feedShape, inputDims, withInputDims, type InputDimsOptions } from './input-dims.js';
import { measureLatency, type LatencyOptions, type LatencyRow } from './latency.js';

/** What {@link profileModel} reports (the JSON `keel profile --json` writes). */
export interface ModelProfile {
  readonly parameters: number;
  /**
   * The inputs as profiled: the batch axis keeps its symbolic name, every other dim its size (a
   * text model's `[N, 64]` for messages of 64 tokens). Per-sample counts and latencies are for these.
   */
  readonly inputs: readonly { readonly name: string; readonly shape: readonly Dim[] }[];
  /** null when Keel cannot represent the model (see `inference_only`): nothing is counted. */
  readonly flops_per_sample: number | null;
  readonly activation_bytes_per_sample: number | null;
  readonly peak_activation_bytes_per_sample: number | null;
  readonly nodes: readonly NodeCost[];
  /** Ops without a FLOP rule (counted as 0); every op of an `inference_only` model. */
  readonly uncounted_ops: readonly string[];
  /**
   * Set when Keel cannot represent the model (`Model.loadForInference`): which op blocks it. The
   * latency is then measured on the file's own bytes, straight on onnxruntime, and the
   * per-node counts, FLOPs and activation memory are not computed.
   */
  readonly inference_only?: string;
  readonly latency: readonly LatencyRow[];
  /** Peak resident set size of this process after measuring, in bytes. */
  readonly peak_rss_bytes: number;
}

/** The largest input + peak-activation memory one timed batch may need (2 GiB). */
const MAX_BATCH_BYTES = 2 ** 31;

function inputBytesPerSample(inputs: readonly Value[], dims: Readonly<Record<string, number>>): number {
  return inputs.reduce((sum, v) => sum + feedShape(v.shape, 1, dims).reduce((p, d) => p * d, 1) * 4, 0);
}

/**
 * Options for {@link profileModel}; without `latency` only the static counts are computed.
 * Symbolic input dims other than the batch (a text model's sequence length) are sized by `dims`,
 * the data's `rowShape`, or a Keel text model's recorded length (see `inputDims`).
 */
export interface ProfileOptions extends InputDimsOptions {
  /** Latency settings; their sizes of symbolic dims come from this profile's. */
  readonly latency?: Omit<LatencyOptions, 'dims'>;
}

/**
 * Parameters, FLOPs and activation memory per sample, per node and in total, plus measured
 * latency percentiles and throughput for each batch size and thread count.
 *
 * @example
 * ```ts
 * const { graph } = await loadOnnx('cnn.onnx');
 * const p = await profileModel(graph, { latency: { batches: [1, 32], threads: [1, 2] } });
 * ```
 */
export async function profileModel(model: Graph | Model, opts: ProfileOptions = {}): Promise<ModelProfile> {
  const only = model instanceof Model ? model.inferenceOnly : undefined;
  const graph = only ? undefined : model instanceof Model ? model.graph : model;
  const inputs = model.inputs;
  const dims = inputDims(inputs, only?.graph ?? (model instanceof Model ? model.graph : model), opts);
  // Counted on the graph rebuilt with those sizes, so shapes derived from them are concrete too.
  const sized = graph ? withInputDims(graph, dims) : undefined;
  const nodes = sized ? countCosts(sized) : [];
  const mem = sized ? activationMemory(sized) : undefined;
  let latency: LatencyRow[] = [];
  const l = opts.latency;
  if (l) {
    if (l.batches.length === 0 || l.batches.some((b) => !Number.isInteger(b) || b < 1)) throw new UsageError('PROFILE_BATCH', `batch sizes must be positive integers, got ${l.batches.join(',')}`, { value: l.batches });
    if (l.threads.length === 0 || l.threads.some((t) => !Number.isInteger(t) || t < 0)) throw new UsageError('PROFILE_THREADS', `thread counts must be integers ≥ 0, got ${l.threads.join(',')}`, { value: l.threads });
    const perSample = inputBytesPerSample(inputs, dims) + (mem?.peakBytes ?? 0);
    const tooLarge = l.batches.find((b) => b * perSample > MAX_BATCH_BYTES);
    if (tooLarge !== undefined) {
      const most = Math.max(1, Math.floor(MAX_BATCH_BYTES / Math.max(1, perSample)));
      throw new UsageError('PROFILE_BATCH_TOO_LARGE', `batch ${tooLarge} needs about ${(tooLarge * perSample / 2 ** 30).toFixed(1)} GiB for the input and peak activations (${perSample} bytes per sample); the most this profiler times is ${most}. Pass a smaller --batch.`, { batch: tooLarge, bytesPerSample: perSample, most });
    }
    const provider = l.provider ?? 'cpu';
    const used = l.fallbackToCpu && !availableProviders().includes(provider) ? 'cpu' : provider;
    latency = (await measureLatency(graph ?? model, { ...l, dims })).map((r) => ({ ...r, provider: used }));
  }
  return {
    parameters: only ? only.parameters : nodes.reduce((s, n) => s + n.parameters, 0),
    // inputDims sized every symbolic dim after the batch axis.
    inputs: inputs.map((v) => ({ name: v.name, shape: v.shape.map((d, axis) => (axis > 0 && typeof d === 'string' ? dims[d]! : d)) })),
    flops_per_sample: mem ? nodes.reduce((s, n) => s + n.flops, 0) : null,
    activation_bytes_per_sample: mem?.totalBytes ?? null,
    peak_activation_bytes_per_sample: mem?.peakBytes ?? null,
    nodes,
    uncounted_ops: only ? [...only.opCounts.keys()] : [...new Set(nodes.filter((n) => !n.counted).map((n) => n.op))],
    latency,
    peak_rss_bytes: process.resourceUsage().maxRSS * 1024,
    ...(only ? { inference_only: inferenceOnlyNote(only.blocked) } : {}),
  };
}
