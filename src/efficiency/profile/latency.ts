import { Rng, allocate, sizeOf, type HostTensor } from '../../core/index.js';
import type { Graph, Value } from '../../ir/index.js';
import { Model } from '../../model/index.js';
import { Session, type ProviderName, type SessionOptions } from '../../runtime/index.js';
import { feedShape } from './input-dims.js';

/** Latency of one (batch, threads) setting. */
export interface LatencyRow {
  readonly batch: number;
  readonly threads: number;
  readonly interOpThreads: number;
  readonly provider: string;
  readonly runs: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly meanMs: number;
  /** Samples per second at the mean latency. */
  readonly throughput: number;
}

/** Options for {@link measureLatency}. */
export interface LatencyOptions {
  readonly batches: readonly number[];
  readonly threads: readonly number[];
  readonly interOpThreads?: number;
  readonly provider?: ProviderName;
  /** Fall back to cpu with a warning when the provider is missing. */
  readonly fallbackToCpu?: boolean;
  /** Untimed runs before measuring (default 3). */
  readonly warmup?: number;
  /** Timed runs: at least `minRuns` (default 20) and until `minTimeMs` (default 300) has passed, at most `maxRuns` (default 1000). */
  readonly minRuns?: number;
  readonly minTimeMs?: number;
  readonly maxRuns?: number;
  readonly seed?: number;
  /** onnxruntime optimizers to skip (see SessionOptions.disableOptimizers). */
  readonly disableOptimizers?: readonly string[];
  /** Sizes of the symbolic input dims other than the batch, by name (e.g. `{ T: 64 }`; see `inputDims`). */
  readonly dims?: Readonly<Record<string, number>>;
}

/** The `q`-quantile (0..1) of sorted numbers, linear interpolation as numpy's default. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/**
 * A random input for `v` of `batch` rows, its other symbolic dims sized by `dims` (see
 * `feedShape`; floats uniform in [0,1), integers 0).
 */
export function randomInput(v: Value, batch: number, rng: Rng, dims: Readonly<Record<string, number>> = {}): HostTensor {
  const shape = feedShape(v.shape, batch, dims);
  const data = allocate(v.dtype, sizeOf(shape));
  if (data instanceof Float32Array || data instanceof Float64Array) for (let i = 0; i < data.length; i++) data[i] = rng.uniform();
  return { dtype: v.dtype, shape, data };
}

/**
 * Measures inference latency of a graph or model at each batch size × intra-op thread count, with
 * one session per thread count and random inputs. A {@link Model} Keel cannot represent
 * (`Model.loadForInference`) is timed on its own bytes, straight on onnxruntime.
 *
 * @example `const rows = await measureLatency(graph, { batches: [1, 32], threads: [1, 2] });`
 */
export async function measureLatency(model: Graph | Model, o: LatencyOptions): Promise<LatencyRow[]> {
  const rng = new Rng(o.seed ?? 0);
  const rows: LatencyRow[] = [];
  const inputs = model.inputs;
  const open = (s: SessionOptions): Promise<Session> => (model instanceof Model ? model.openSession(s) : Session.create(model, s));
  for (const threads of o.threads) {
    const session = await open({ threads, interOpThreads: o.interOpThreads ?? 1, provider: o.provider ?? 'cpu', ...(o.fallbackToCpu ? { fallbackToCpu: true } : {}), ...(o.disableOptimizers ? { disableOptimizers: o.disableOptimizers } : {}) });
    try {
      for (const batch of o.batches) {
        const feeds: Record<string, HostTensor> = {};
        for (const v of inputs) feeds[v.name] = randomInput(v, batch, rng, o.dims);
        for (let i = 0; i < (o.warmup ?? 3); i++) await session.run(feeds);
        const times: number[] = [];
        const start = performance.now();
        while (times.length < (o.maxRuns ?? 1000) && (times.length < (o.minRuns ?? 20) || performance.now() - start < (o.minTimeMs ?? 300))) {
          const t0 = performance.now();
          await session.run(feeds);
          times.push(performance.now() - t0);
        }
        const sorted = [...times].sort((a, b) => a - b);
        const meanMs = times.reduce((s, t) => s + t, 0) / times.length;
        rows.push({
          batch, threads, interOpThreads: o.interOpThreads ?? 1, provider: o.provider ?? 'cpu', runs: times.length,
          p50Ms: quantile(sorted, 0.5), p95Ms: quantile(sorted, 0.95), p99Ms: quantile(sorted, 0.99), meanMs, throughput: (batch * 1000) / meanMs,
        });
      }
    } finally {
      await session.release();
    }
  }
  return rows;
}
