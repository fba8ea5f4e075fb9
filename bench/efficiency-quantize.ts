// MNIST CNN: fp32 vs static int8 (QDQ) — accuracy, file size and batch-256 latency, same run.
import { loadMnist } from '../src/datasets/index.js';
import { measureLatency, quantizeModel, trainGraph } from '../src/efficiency/index.js';
import { conv2d, dense, flatten, maxPool2d, Sequential } from '../src/nn/index.js';
import { exportModel } from '../src/onnx/index.js';
import { rowSlice } from '../src/train/index.js';
import { median, report } from './harness.js';

const trainRows = Number(process.env['TRAIN_ROWS'] ?? 12000);
const epochs = Number(process.env['EPOCHS'] ?? 2);
const m = loadMnist({ shape: 'image', trainLimit: trainRows });
const model = new Sequential([conv2d(32, 3, { padding: 'same', activation: 'relu' }), maxPool2d(2), conv2d(64, 3, { padding: 'same', activation: 'relu' }), maxPool2d(2), flatten(), dense(128, { activation: 'relu' }), dense(10)], { seed: 1 });
const graph = model.graph({ inputShape: ['N', 1, 28, 28] });
let t0 = performance.now();
await trainGraph(graph, m.train.x, m.train.y, { epochs, lr: 1e-3, batchSize: 64, onEpoch: (e, l) => process.stdout.write(`epoch ${e}: loss ${l.toFixed(4)}\n`) });
const trainS = (performance.now() - t0) / 1000;
t0 = performance.now();
const q = await quantizeModel(graph, { mode: 'static', calibration: rowSlice(m.train.x, 0, 1000) as never, evaluation: { x: m.test.x, y: m.test.y } });
const quantS = (performance.now() - t0) / 1000;
const fpBytes = exportModel(graph).length;
// Interleave fp32 and int8 rounds so load changes on the shared machine hit both alike.
const lat: Record<string, number[]> = { fp32: [], int8: [] };
for (const threads of [1, 2]) {
  for (let r = 0; r < 5; r++) {
    for (const [name, g] of [['fp32', graph], ['int8', q.graph]] as const) {
      const [row] = await measureLatency(g, { batches: [256], threads: [threads], minRuns: 5, minTimeMs: 500, warmup: 2 });
      lat[`${name}/t${threads}`] = [...(lat[`${name}/t${threads}`] ?? []), row!.p50Ms];
    }
  }
}
const ev = q.report.evaluation!;
const rows = [1, 2].flatMap((t) => ['fp32', 'int8'].map((name) => {
  const ms = median(lat[`${name}/t${t}`]!);
  return { workload: `mnist-cnn batch 256, ${t} thread(s)`, engine: name, msPerStep: ms, samplesPerS: (256 * 1000) / ms, note: name === 'fp32' ? `acc ${(100 * ev.accuracyBefore!).toFixed(2)}%, ${fpBytes} B` : `acc ${(100 * ev.accuracyAfter!).toFixed(2)}%, ${q.bytes.length} B` };
}));
const speed = (t: number): number => median(lat[`fp32/t${t}`]!) / median(lat[`int8/t${t}`]!);
report('efficiency-quantize', rows, {
  accuracy_fp32: 100 * ev.accuracyBefore!, accuracy_int8: 100 * ev.accuracyAfter!, accuracy_drop_points: ev.accuracyDropPoints!, agreement: ev.agreement,
  bytes_fp32: fpBytes, bytes_int8: q.bytes.length, size_ratio: fpBytes / q.bytes.length, speedup_1_thread: speed(1), speedup_2_threads: speed(2),
  train_seconds: trainS, quantize_seconds: quantS, train_rows: trainRows, epochs, skipped: q.report.skipped.map((s) => s.op),
});
