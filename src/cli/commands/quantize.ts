import { GateError, Progress } from '../../core/index.js';
import { writeFileAtomic } from '../../io/index.js';
import { quantizeModel, type Placement, type QuantizeMode, type QuantizeReport } from '../../efficiency/index.js';
import { loadOnnx } from '../../onnx/index.js';
import { pct, readRows } from './efficiency-io.js';
import { say, snakeCaseKeys, writeJson } from '../output.js';

/** Options of `keel quantize`. */
export interface QuantizeCommandOptions {
  readonly model: string;
  readonly out: string;
  readonly mode: QuantizeMode;
  readonly placement?: Placement;
  readonly calibration?: string;
  /** Held-out rows .npy. */
  readonly evalData?: string;
  /** Held-out labels .npy. */
  readonly evalLabels?: string;
  /** Absent: picked from the CPU. */
  readonly reduceRange?: boolean;
  readonly keepFp32?: readonly string[];
  readonly timeBatch?: number;
  readonly threads?: number;
  readonly minSpeedup?: number;
  readonly force?: boolean;
  readonly json?: string;
}

const ms = (v: number): string => `${v.toFixed(2)} ms`;

/** Prints what the quantizer did: nodes, the CPU and settings, the placement table, checks. */
function printReport(report: QuantizeReport, o: QuantizeCommandOptions): void {
  const out = o.json === '-' ? process.stderr : process.stdout;
  out.write(`${report.mode === 'fp16' ? 'converted' : 'quantized'} ${report.quantized.length} node(s): ${report.quantized.map((q) => (q.unfolded ? `${q.node} (as a 1×1 conv over its unfolded input)` : q.node)).join(', ') || 'none'}\n`);
  for (const s of report.skipped) out.write(`left in float32: ${s.node} (${s.op}): ${s.reason}\n`);
  if (report.cpu && report.int8) out.write(`cpu: ${report.cpu.model} (${report.cpu.arch}; ${report.cpu.flags.join(' ') || 'flags unknown'}); ${report.int8.reason}\n`);
  const p = report.placement;
  if (p) {
    out.write(`placement measured at batch ${p.batch}, ${p.threads} thread(s), int8 where ≥ ${p.minSpeedup}× faster (wall or CPU time):\n`);
    for (const t of p.nodes) out.write(`  ${t.node} (${t.op}): float32 ${ms(t.float32Ms)}, int8 ${ms(t.int8Ms)} (paired ${t.speedup.toFixed(2)}×, CPU time ${t.cpuSpeedup.toFixed(2)}×) → ${t.choice}\n`);
    for (const f of p.fallbacks) out.write(`  whole model ${f.modelSpeedup.toFixed(2)}× (CPU time ${f.modelCpuSpeedup.toFixed(2)}×, faster in ${Math.round(100 * f.fasterShare)}% of rounds), not clearly faster: ${f.node} moved back to float32\n`);
    if (p.allInt8) out.write(`  no node-by-node placement passed, but every node int8 together did: all int8\n`);
    out.write(`  kept ${p.rule}\n`);
  }
  const off = report.session?.disableOptimizers;
  if (off?.length) out.write(`stored in the file: run with onnxruntime's ${off.join(', ')} disabled (every Keel session on the file applies it; keeps float32 pooling next to float32 nodes)\n`);
  const ev = report.evaluation;
  if (ev) {
    const on = o.evalData ? `held-out rows (${ev.rows})` : `calibration rows (${ev.rows}; pass --eval-data/--eval-labels for held-out accuracy)`;
    out.write(`check on ${on}: top-1 agreement ${pct(ev.agreement)}, max |Δ output| ${ev.maxAbsDiff.toFixed(4)}`);
    out.write(ev.accuracyBefore === undefined ? '\n' : `, accuracy ${pct(ev.accuracyBefore)} → ${pct(ev.accuracyAfter)} (${ev.accuracyDropPoints!.toFixed(2)} points)\n`);
  }
  const l = report.latency;
  if (l) out.write(`latency at batch ${l.batch}, ${l.threads} thread(s): ${ms(l.msBefore)} → ${ms(l.msAfter)}; paired rounds ${l.speedup.toFixed(2)}× ${l.speedup >= 1 ? 'faster' : 'as fast'} (CPU time ${l.cpuSpeedup.toFixed(2)}×, faster in ${Math.round(100 * l.fasterShare)}% of ${l.roundSpeedups.length} rounds)\n`);
}

/**
 * `keel quantize`: int8 quantization (dynamic or static with calibration rows) placed by
 * measurement on this CPU, or float16 conversion, checked against the original on held-out rows;
 * ops left in float32 are listed. When no int8 placement is faster than float32 it writes nothing
 * (QUANT_NO_GAIN) unless `force` is set.
 * @example `await quantizeCommand({ model: 'm.onnx', out: 'q.onnx', mode: 'static', calibration: 'x.npy' })`
 */
export async function quantizeCommand(o: QuantizeCommandOptions): Promise<QuantizeReport> {
  const { graph } = await loadOnnx(o.model);
  const input = graph.inputs[0]!;
  const calibration = o.calibration ? readRows(input, o.calibration).x : undefined;
  const evaluation = o.evalData ? readRows(input, o.evalData, o.evalLabels) : calibration ? { x: calibration } : undefined;
  const progress = new Progress({ label: 'quantize' });
  const { bytes, report } = await quantizeModel(graph, {
    mode: o.mode,
    ...(o.placement ? { placement: o.placement } : {}),
    ...(o.reduceRange === undefined ? {} : { reduceRange: o.reduceRange }),
    ...(o.keepFp32?.length ? { keepFloat32: o.keepFp32 } : {}),
    ...(o.timeBatch ? { timeBatch: o.timeBatch } : {}),
    ...(o.minSpeedup ? { minSpeedup: o.minSpeedup } : {}),
    session: { threads: o.threads ?? 1 },
    onProgress: (line) => {
      progress.line(`quantize: ${line}`);
    },
    ...(calibration ? { calibration } : {}),
    ...(evaluation ? { evaluation } : {}),
  });
  printReport(report, o);
  if (o.json !== undefined) writeJson(o.json, snakeCaseKeys(report));
  const p = report.placement;
  if (p && !p.helps && !o.force) {
    throw new GateError('QUANT_NO_GAIN', `no int8 placement is ${p.minSpeedup}× faster than float32 at batch ${p.batch}, ${p.threads} thread(s) on this CPU (every node int8: ${p.latency.speedup.toFixed(2)}×); nothing written to ${o.out}. Keep the float32 model, time another --time-batch, or pass --force to write the int8 model anyway (e.g. for its size)`, { batch: p.batch, threads: p.threads, speedup: p.latency.speedup });
  }
  writeFileAtomic(o.out, bytes);
  const what = report.mode === 'fp16' ? 'float16' : `${report.mode} int8`;
  say(o.json, `wrote ${o.out}: ${what}, ${report.bytesBefore} → ${report.bytesAfter} bytes (${report.compression.toFixed(2)}× smaller)`);
  return report;
}
