import { PRUNERS, pruneModel, type PrunerName, type PruneReport } from '../../efficiency/index.js';
import { writeFileAtomic } from '../../io/index.js';
import { exportModel, loadOnnx } from '../../onnx/index.js';
import { pct, readRows, type NpyTrainingOptions } from './efficiency-io.js';
import { snakeCaseKeys, writeJson } from '../output.js';

/** Options of `keel prune` (the training options are its fine-tuning's). */
export interface PruneCommandOptions extends NpyTrainingOptions {
  readonly model: string;
  readonly out: string;
  readonly method: PrunerName;
  readonly sparsity: number;
  /** Training rows .npy for fine-tuning. */
  readonly data?: string;
  /** Training labels .npy for fine-tuning. */
  readonly labels?: string;
}

/**
 * `keel prune`: magnitude or channel pruning, fine-tuning with the masks fixed (with --data/--labels), and a
 * sparsity/accuracy report.
 * @example `await pruneCommand({ model: 'm.onnx', out: 'p.onnx', method: 'magnitude', sparsity: 0.8, epochs: 1, lr: 1e-3, batchSize: 64 })`
 */
export async function pruneCommand(o: PruneCommandOptions): Promise<PruneReport> {
  const { graph } = await loadOnnx(o.model);
  const input = graph.inputs[0]!;
  const train = o.data && o.labels ? readRows(input, o.data, o.labels) : undefined;
  const ev = o.evalData ? readRows(input, o.evalData, o.evalLabels) : undefined;
  const { graph: pruned, report } = await pruneModel(graph, {
    pruner: PRUNERS[o.method](),
    sparsity: o.sparsity,
    ...(train?.y && o.epochs > 0 ? { fineTune: { x: train.x, y: train.y, options: { epochs: o.epochs, lr: o.lr, batchSize: o.batchSize } } } : {}),
    ...(ev ? { evaluation: ev } : {}),
  });
  writeFileAtomic(o.out, exportModel(pruned));
  const out = o.json === '-' ? process.stderr : process.stdout;
  out.write(`wrote ${o.out}: ${report.pruner} pruning, sparsity ${pct(report.sparsity)} of prunable weights\n`);
  const st = report.structure;
  if (st) {
    for (const r of st.removed) out.write(`  ${r.node}: ${r.channelsBefore} → ${r.channelsAfter} channels (and ${r.consumer}'s inputs)\n`);
    for (const k of st.kept) out.write(`  ${k.node}: ${k.zeroChannels} zero channel(s) kept: ${k.reason}\n`);
    out.write(`parameters ${st.parametersBefore} → ${st.parametersAfter}, FLOPs per sample ${st.flopsBefore} → ${st.flopsAfter}, file ${st.bytesBefore} → ${st.bytesAfter} bytes\n`);
  }
  for (const l of report.layers) out.write(`  ${l.weight.padEnd(24)} ${pct(l.sparsity).padStart(8)} zero  (${l.zeroChannels}/${l.channels} channels empty)\n`);
  const line = (what: string, c: PruneReport['afterPruning']): void => {
    if (c) out.write(`${what}: agreement ${pct(c.agreement)}${c.accuracyBefore === undefined ? '' : `, accuracy ${pct(c.accuracyBefore)} → ${pct(c.accuracyAfter)} (${c.accuracyDropPoints!.toFixed(2)} points)`}\n`);
  };
  line('after pruning', report.afterPruning);
  line('after fine-tuning', report.afterFineTuning);
  if (o.json !== undefined) writeJson(o.json, snakeCaseKeys(report));
  return report;
}
