import { writeFileAtomic } from '../../io/index.js';
import { quantizeModel, type QuantizeMode, type QuantizeReport } from '../../efficiency/index.js';
import { loadOnnx } from '../../onnx/index.js';
import { pct, readRows, writeJson } from './efficiency-io.js';

/** Options of `keel quantize`. */
export interface QuantizeCommandOptions {
  readonly model: string;
  readonly out: string;
  readonly mode: QuantizeMode;
  readonly calibration?: string;
  readonly evalX?: string;
  readonly evalY?: string;
  readonly reduceRange: boolean;
  readonly keepFp32?: readonly string[];
  readonly timeBatch?: number;
  readonly json?: string;
}

/**
 * `keel quantize`: int8 quantization (dynamic or static with calibration rows) or float16
 * conversion, checked against the original on held-out rows; ops left in float32 are listed.
 * @example `await quantizeCommand({ model: 'm.onnx', out: 'q.onnx', mode: 'static', calibration: 'x.npy', reduceRange: true })`
 */
export async function quantizeCommand(o: QuantizeCommandOptions): Promise<QuantizeReport> {
  const { graph } = await loadOnnx(o.model);
  const input = graph.inputs[0]!;
  const calibration = o.calibration ? readRows(input, o.calibration).x : undefined;
  const evaluation = o.evalX ? readRows(input, o.evalX, o.evalY) : calibration ? { x: calibration } : undefined;
  const { bytes, report } = await quantizeModel(graph, { mode: o.mode, reduceRange: o.reduceRange, ...(o.keepFp32?.length ? { keepFloat32: o.keepFp32 } : {}), ...(o.timeBatch ? { timeBatch: o.timeBatch } : {}), ...(calibration ? { calibration } : {}), ...(evaluation ? { evaluation } : {}) });
  writeFileAtomic(o.out, bytes);
  const out = process.stdout;
  const what = report.mode === 'fp16' ? 'float16' : `${report.mode} int8`;
  out.write(`wrote ${o.out}: ${what}, ${report.bytesBefore} → ${report.bytesAfter} bytes (${report.compression.toFixed(2)}× smaller)\n`);
  out.write(`${report.mode === 'fp16' ? 'converted' : 'quantized'} ${report.quantized.length} node(s): ${report.quantized.map((q) => q.node).join(', ') || 'none'}\n`);
  for (const s of report.skipped) out.write(`left in float32: ${s.node} (${s.op}): ${s.reason}\n`);
  const off = report.session?.disableOptimizers;
  if (off?.length) out.write(`stored in the file: run with onnxruntime's ${off.join(', ')} disabled (every Keel session on the file applies it; keeps float32 pooling next to float32 nodes)\n`);
  const ev = report.evaluation;
  if (ev) {
    const on = o.evalX ? `held-out rows (${ev.rows})` : `calibration rows (${ev.rows}; pass --eval-x/--eval-y for held-out accuracy)`;
    out.write(`check on ${on}: top-1 agreement ${pct(ev.agreement)}, max |Δ output| ${ev.maxAbsDiff.toFixed(4)}`);
    out.write(ev.accuracyBefore === undefined ? '\n' : `, accuracy ${pct(ev.accuracyBefore)} → ${pct(ev.accuracyAfter)} (${ev.accuracyDropPoints!.toFixed(2)} points)\n`);
  }
  const l = report.latency;
  if (l) out.write(`latency at batch ${l.batch}, ${l.threads} thread(s): ${l.msBefore.toFixed(2)} ms → ${l.msAfter.toFixed(2)} ms (${l.speedup.toFixed(2)}× ${l.speedup >= 1 ? 'faster' : 'as fast'})\n`);
  if (o.json) writeJson(o.json, report);
  return report;
}
