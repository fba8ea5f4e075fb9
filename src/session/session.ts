import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { RuntimeError, UsageError, toFloat16, warn, type DType, type HostTensor } from '../core/index.js';
import type { Graph } from '../ir/index.js';
import type { WithMetadata } from './model-metadata.js';

/** Execution providers Keel can name; which exist depends on the onnxruntime build installed. */
export type ProviderName = 'cpu' | 'cuda' | 'webgpu' | 'tensorrt' | 'dml' | 'coreml';

/** Options for {@link Session.create}. */
export interface SessionOptions {
  /** Intra-op threads (default: 2, this project's core count; 0 = onnxruntime's choice). */
  readonly threads?: number;
  /** Inter-op threads (default 1). */
  readonly interOpThreads?: number;
  /** Execution provider by name (default 'cpu'). */
  readonly provider?: ProviderName;
  /** Let idle worker threads spin (faster single session, slower when many sessions idle). Default false. */
  readonly spinning?: boolean;
  /** When the provider is missing or fails to start, warn once on stderr and run on the CPU instead of failing. */
  readonly fallbackToCpu?: boolean;
  /**
   * onnxruntime graph optimizers to skip, by name. E.g. `['QDQPropagationTransformer']` keeps a
   * MaxPool between a float32 Conv and an int8 one in float32 (onnxruntime would otherwise move the
   * QuantizeLinear above it and run a slow uint8 NCHW MaxPool).
   */
  readonly disableOptimizers?: readonly string[];
}

/** Metadata key (ONNX `metadata_props`) under which a model lists onnxruntime optimizers to disable. */
export const DISABLE_OPTIMIZERS_KEY = 'keel.session.disable_optimizers';

/**
 * Stores run-time settings in the graph's metadata, so that they travel with the exported file and
 * every {@link Session.create} on it (or on the file loaded back) starts from them.
 *
 * @example `setSessionDefaults(graph, { disableOptimizers: ['QDQPropagationTransformer'] });`
 */
export function setSessionDefaults(graph: Graph, opts: Pick<SessionOptions, 'disableOptimizers'>): void {
  if (opts.disableOptimizers?.length) graph.metadata.set(DISABLE_OPTIMIZERS_KEY, opts.disableOptimizers.join(','));
  else graph.metadata.delete(DISABLE_OPTIMIZERS_KEY);
}

/**
 * The session options a graph's metadata asks for (explicit options to {@link Session.create} win).
 * @example `const extra = sessionDefaults(graph).disableOptimizers ?? [];`
 */
export function sessionDefaults(graph: WithMetadata): SessionOptions {
  const names = (graph.metadata.get(DISABLE_OPTIMIZERS_KEY) ?? '').split(',').map((n) => n.trim()).filter(Boolean);
  return names.length > 0 ? { disableOptimizers: names } : {};
}

let processDefaults: Pick<SessionOptions, 'threads' | 'provider'> = {};

/**
 * Threads and execution provider for every session this process starts (explicit options to
 * {@link Session.create} / {@link Session.fromBytes} still win). The CLI sets them from
 * `--threads` / `--provider`, so every command that runs a model honours both flags.
 * @example `useSessionSettings({ threads: 4, provider: 'cpu' });`
 */
export function useSessionSettings(settings: Pick<SessionOptions, 'threads' | 'provider'>): void {
  processDefaults = { ...settings };
}

/**
 * Providers this onnxruntime-node installation can try: those bundled in the package, plus
 * those whose provider library was installed (CUDA/TensorRT need onnxruntime-node's CUDA
 * download, which Keel's .npmrc skips; see the README on enabling CUDA).
 */
export function availableProviders(): string[] {
  const dir = join(dirname(createRequire(import.meta.url).resolve('onnxruntime-node')), '..', 'bin', 'napi-v6', process.platform, process.arch);
  const names = ort.listSupportedBackends().filter((b) => b.bundled || existsSync(join(dir, `libonnxruntime_providers_${b.name}.so`)));
  return [...new Set(names.map((b) => b.name))];
}

function toOrt(t: HostTensor): ort.Tensor {
  return new ort.Tensor(t.dtype, t.data as ort.Tensor.DataType, t.shape);
}

function fromOrt(t: ort.Tensor): HostTensor {
  const dtype = t.type as DType;
  // float16 arrives as Uint16Array bits (a Float16Array where the platform has one).
  if (dtype === 'float16' && !(t.data instanceof Uint16Array)) return { dtype, shape: [...t.dims], data: toFloat16(t.data as ArrayLike<number>) };
  return { dtype, shape: t.dims, data: t.data as HostTensor['data'] };
}

function isNames(fetch: readonly string[] | Readonly<Record<string, HostTensor | null>>): fetch is readonly string[] {
  return Array.isArray(fetch);
}

function fetchesOf(fetch: Readonly<Record<string, HostTensor | null>>): Record<string, ort.Tensor | null> {
  const out: Record<string, ort.Tensor | null> = {};
  for (const [k, v] of Object.entries(fetch)) out[k] = v ? toOrt(v) : null;
  return out;
}

/**
 * A compiled graph on onnxruntime-node. Every graph Keel runs goes through {@link exportModel}
 * first, so whatever runs here is exactly what Keel would save.
 *
 * @example
 * ```ts
 * const s = await Session.create(graph, { threads: 2 });
 * const { logits } = await s.run({ input: x });
 * ```
 */
export class Session {
  private constructor(
    private readonly inner: ort.InferenceSession,
    readonly inputNames: readonly string[],
    readonly outputNames: readonly string[],
  ) {}

  /** Compiles a Keel graph, starting from the settings stored in its metadata ({@link sessionDefaults}). */
  static async create(graph: Graph, opts: SessionOptions = {}): Promise<Session> {
    // The exporter (onnx-proto) loads on first use: running a file's own bytes never needs it.
    const { exportModel } = await import('../onnx/index.js');
    return Session.fromBytes(exportModel(graph), { ...sessionDefaults(graph), ...opts });
  }

  /** Compiles serialized ONNX bytes (already produced by Keel's exporter). */
  static async fromBytes(bytes: Uint8Array, opts: SessionOptions = {}): Promise<Session> {
    opts = { ...processDefaults, ...opts };
    const provider = opts.provider ?? 'cpu';
    // onnxruntime-node always has its CPU provider; finding the others resolves the package and
    // probes its folder (≈ 1 ms of a command's start), so only a named other provider pays for it.
    const available = provider === 'cpu' ? ['cpu'] : availableProviders();
    const unavailable = (why: string): UsageError =>
      new UsageError('PROVIDER_UNAVAILABLE', `execution provider "${provider}" cannot run here (${why}; available: ${available.join(', ')}); use --provider cpu, or see the README on enabling ${provider}`, { provider, available });
    if (!available.includes(provider)) {
      if (!opts.fallbackToCpu) throw unavailable('not installed');
      warnFallback(provider, 'not installed');
      return Session.fromBytes(bytes, { ...opts, provider: 'cpu' });
    }
    const options: ort.InferenceSession.SessionOptions = {
      executionProviders: [provider],
      intraOpNumThreads: opts.threads ?? 2,
      interOpNumThreads: opts.interOpThreads ?? 1,
      graphOptimizationLevel: 'all',
      logSeverityLevel: 3,
      extra: {
        session: { intra_op: { allow_spinning: opts.spinning ? '1' : '0' } },
        ...(opts.disableOptimizers?.length ? { optimization: { disable_specified_optimizers: opts.disableOptimizers.join(',') } } : {}),
      },
    };
    try {
      const inner = await ort.InferenceSession.create(bytes, options);
      return new Session(inner, inner.inputNames, inner.outputNames);
    } catch (e) {
      if (provider !== 'cpu') {
        if (opts.fallbackToCpu) {
          warnFallback(provider, firstLine(e));
          return Session.fromBytes(bytes, { ...opts, provider: 'cpu' });
        }
        throw unavailable(`it failed to start: ${firstLine(e)}`);
      }
      throw new RuntimeError('RUNTIME_COMPILE', `onnxruntime could not compile the graph: ${firstLine(e)}`, { reason: firstLine(e) }, { cause: e });
    }
  }

  /**
   * Runs the graph; returns every output, or those `fetch` names. `fetch` can also map output
   * names to preallocated tensors (or `null`): onnxruntime writes those outputs straight into
   * their `data` (views of a larger array are fine) and the result holds views of it, no copy.
   * @example `await s.run({ x }, { y: { dtype: 'float32', shape: [2], data: out.subarray(0, 2) } });`
   */
  async run(feeds: Readonly<Record<string, HostTensor>>, fetch?: readonly string[] | Readonly<Record<string, HostTensor | null>>): Promise<Record<string, HostTensor>> {
    const ortFeeds: Record<string, ort.Tensor> = {};
    for (const [k, v] of Object.entries(feeds)) ortFeeds[k] = toOrt(v);
    const res = await this.call(ortFeeds, fetch === undefined ? undefined : isNames(fetch) ? [...fetch] : fetchesOf(fetch));
    const out: Record<string, HostTensor> = {};
    for (const [k, v] of Object.entries(res)) out[k] = fromOrt(v);
    return out;
  }

  /**
   * Runs a one-input graph over the rows of `x`, `rows` at a time (views of `x`, no copies), and
   * returns each batch's first output: the loop of `predictBatched`, kept as lean as calling
   * onnxruntime directly (names, row size and shape worked out once; one `ort.Tensor` per batch,
   * run through the session's one `call`; no fetch list when the graph has one output).
   * @example `const parts = await session.runBatched(x, 256);`
   */
  async runBatched(x: HostTensor, rows: number): Promise<HostTensor[]> {
    const input = this.inputNames[0]!;
    const output = this.outputNames[0]!;
    const fetch = this.outputNames.length === 1 ? undefined : [output];
    const n = x.shape[0] ?? 0;
    const row = n === 0 ? 0 : x.data.length / n;
    const tail = x.shape.slice(1);
    const parts: HostTensor[] = [];
    for (let s = 0; s < n; s += rows) {
      const k = Math.min(rows, n - s);
      const feeds = { [input]: new ort.Tensor(x.dtype, (k === n ? x.data : x.data.subarray(s * row, (s + k) * row)) as ort.Tensor.DataType, [k, ...tail]) };
      const res = await this.call(feeds, fetch);
      parts.push(fromOrt(res[output]!));
    }
    return parts;
  }

  private async call(feeds: Record<string, ort.Tensor>, fetch: ort.InferenceSession.FetchesType | undefined): Promise<ort.InferenceSession.ReturnType> {
    try {
      return fetch ? await this.inner.run(feeds, fetch) : await this.inner.run(feeds);
    } catch (e) {
      throw new RuntimeError('RUNTIME_RUN', `onnxruntime failed while running the graph (inputs ${Object.keys(feeds).join(', ')}): ${firstLine(e)}`, { reason: firstLine(e), inputs: Object.keys(feeds) }, { cause: e });
    }
  }

  /** Frees the native session. */
  async release(): Promise<void> {
    await this.inner.release();
  }
}

const warned = new Set<string>();
function warnFallback(provider: string, why: string): void {
  if (warned.has(provider)) return;
  warned.add(provider);
  warn(`execution provider "${provider}" unavailable (${why}); running on cpu`);
}

function firstLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split('\n')[0] ?? msg;
}
