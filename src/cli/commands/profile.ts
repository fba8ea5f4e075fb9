import { profileModel, type ModelProfile } from '../../efficiency/index.js';
import { Model } from '../../model/index.js';
import { sessionDefaults, type ProviderName } from '../../runtime/index.js';
import { cliNote } from '../report.js';
import { snakeCaseKeys, writeJson } from '../output.js';

/** Options of `keel profile`. */
export interface ProfileCommandOptions {
  readonly model: string;
  readonly batch: readonly number[];
  readonly threads: readonly number[];
  readonly interOpThreads: number;
  readonly provider: ProviderName;
  readonly fallback: boolean;
  readonly json?: string;
}

const human = (n: number | null): string => (n === null ? '? ' : n >= 1e9 ? `${(n / 1e9).toFixed(2)} G` : n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} k` : `${n} `);

/**
 * `keel profile`: parameters, FLOPs and activation memory per node, latency percentiles per batch
 * size and thread count, peak RSS.
 * @example `await profileCommand({ model: 'cnn.onnx', batch: [1, 32], threads: [1, 2], interOpThreads: 1, provider: 'cpu', fallback: false })`
 */
export async function profileCommand(o: ProfileCommandOptions): Promise<ModelProfile> {
  // Never worse than onnxruntime: a model Keel cannot represent is timed on its own bytes (one note).
  const model = await Model.loadForInference(o.model, { onNote: cliNote });
  const session = sessionDefaults(model.inferenceOnly?.graph ?? model.graph);
  const p = await profileModel(model, { latency: { batches: o.batch, threads: o.threads, interOpThreads: o.interOpThreads, provider: o.provider, fallbackToCpu: o.fallback } });
  const out = o.json === '-' ? process.stderr : process.stdout;
  if (session.disableOptimizers?.length) out.write(`run-time setting from the file: onnxruntime's ${session.disableOptimizers.join(', ')} disabled\n`);
  out.write(`${o.model}: ${p.parameters} parameters, ${human(p.flops_per_sample)}FLOPs per sample, activations ${human(p.activation_bytes_per_sample)}B per sample (peak ${human(p.peak_activation_bytes_per_sample)}B)\n`);
  for (const n of p.nodes.filter((x) => x.flops > 0 || x.parameters > 0)) out.write(`  ${n.op.padEnd(12)} ${n.name.padEnd(28)} ${human(n.flops).padStart(9)}FLOPs ${String(n.parameters).padStart(9)} params  [${n.outputShape.join(',')}]\n`);
  if (p.inference_only !== undefined) out.write(`  FLOPs and activation memory not counted: Keel cannot represent the graph (ops: ${p.uncounted_ops.join(', ')}); latency measured on onnxruntime directly\n`);
  else if (p.uncounted_ops.length > 0) out.write(`  no FLOP rule (counted as 0): ${p.uncounted_ops.join(', ')}\n`);
  out.write('batch threads provider   p50 ms   p95 ms   p99 ms   samples/s\n');
  for (const r of p.latency) out.write(`${String(r.batch).padStart(5)} ${String(r.threads).padStart(7)} ${r.provider.padEnd(8)} ${r.p50Ms.toFixed(3).padStart(8)} ${r.p95Ms.toFixed(3).padStart(8)} ${r.p99Ms.toFixed(3).padStart(8)} ${r.throughput.toFixed(0).padStart(11)}\n`);
  out.write(`peak RSS ${human(p.peak_rss_bytes)}B\n`);
  if (o.json !== undefined) {
    writeJson(o.json, snakeCaseKeys(p));
    if (o.json !== '-') out.write(`wrote ${o.json}\n`);
  }
  return p;
}
