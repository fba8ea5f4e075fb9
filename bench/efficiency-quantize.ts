// MNIST CNN: fp32 vs static int8 (QDQ) vs float16 — accuracy, file size and batch-256 latency, same
// run, on the teacher trained on the full train set (bench/efficiency-teacher.ts, cached after the
// first run). "int8-tuned" is `keel quantize --keep-fp32 first-conv`: written to a file and loaded
// back with loadModel, so its latency uses only the run-time setting stored in the file.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMnist } from '../src/datasets/index.js';
import type { HostTensor } from '../src/core/index.js';
import { loadModel, measureLatency, quantizeModel } from '../src/efficiency/index.js';
import { exportModel } from '../src/onnx/index.js';
import { rowSlice } from '../src/train/index.js';
import { loadTeacher, TEACHER_RECIPE } from './efficiency-teacher.js';
import { median, report } from './harness.js';

const m = loadMnist({ shape: 'image' });
const t = await loadTeacher(m.train.x, m.train.y, m.test);
const graph = t.graph;
const t0 = performance.now();
const calibration = rowSlice(m.train.x, 0, 1000) as HostTensor<'float32'>;
const evaluation = { x: m.test.x, y: m.test.y };
// The 3×3 conv over one input channel has 9 inputs per output: onnxruntime's AVX2 int8 kernel ran it
// 2.3× slower than float32 NCHWc, so "int8-tuned" keeps it float32; the file then records that
// onnxruntime must not move the next QuantizeLinear above the MaxPool (a slow uint8 NCHW pool).
const q = await quantizeModel(graph, { mode: 'static', calibration, evaluation });
const quantS = (performance.now() - t0) / 1000;
const qt = await quantizeModel(graph, { mode: 'static', calibration, evaluation, keepFloat32: ['first-conv'] });
const tunedFile = join(mkdtempSync(join(tmpdir(), 'keel-q-')), 'int8-tuned.onnx');
writeFileSync(tunedFile, qt.bytes);
const tuned = await loadModel(tunedFile);
const h = await quantizeModel(graph, { mode: 'fp16', evaluation });
const fpBytes = exportModel(graph).length;
const load = (): string => execFileSync('uptime', { encoding: 'utf8' }).trim().replace(/.*load average: /, '');
const loadBefore = load();
// Interleave the variants round by round so load changes on the shared machine hit all alike.
const variants = [['fp32', graph], ['int8', q.graph], ['int8-tuned', tuned.graph], ['fp16', h.graph]] as const;
const rounds = Number(process.env['ROUNDS'] ?? 5);
const lat: Record<string, number[]> = {};
for (const threads of [1, 2]) {
  for (let r = 0; r < rounds; r++) {
    for (const [name, g] of variants) {
      const [row] = await measureLatency(g, { batches: [256], threads: [threads], minRuns: 5, minTimeMs: 500, warmup: 2 });
      (lat[`${name}/t${threads}`] ??= []).push(row!.p50Ms);
    }
  }
}
const loadAfter = load();
const info: Record<string, { acc: number; bytes: number }> = {
  fp32: { acc: q.report.evaluation!.accuracyBefore!, bytes: fpBytes },
  int8: { acc: q.report.evaluation!.accuracyAfter!, bytes: q.bytes.length },
  'int8-tuned': { acc: qt.report.evaluation!.accuracyAfter!, bytes: qt.bytes.length },
  fp16: { acc: h.report.evaluation!.accuracyAfter!, bytes: h.bytes.length },
};
const rows = [1, 2].flatMap((t) => variants.map(([name]) => {
  const ms = median(lat[`${name}/t${t}`]!);
  return { workload: `mnist-cnn batch 256, ${t} thread(s)`, engine: name, msPerStep: ms, samplesPerS: (256 * 1000) / ms, note: `acc ${(100 * info[name]!.acc).toFixed(2)}%, ${info[name]!.bytes} B` };
}));
const speed = (name: string, t: number): number => median(lat[`fp32/t${t}`]!) / median(lat[`${name}/t${t}`]!);
const drop = (name: string): number => 100 * (info['fp32']!.acc - info[name]!.acc);
report('efficiency-quantize', rows, {
  accuracy_fp32: 100 * info['fp32']!.acc, accuracy_int8: 100 * info['int8']!.acc, accuracy_int8_tuned: 100 * info['int8-tuned']!.acc, accuracy_fp16: 100 * info['fp16']!.acc,
  accuracy_drop_points: drop('int8'), accuracy_drop_points_tuned: drop('int8-tuned'), accuracy_drop_points_fp16: drop('fp16'), agreement: q.report.evaluation!.agreement,
  bytes_fp32: fpBytes, bytes_int8: q.bytes.length, bytes_fp16: h.bytes.length, size_ratio: fpBytes / q.bytes.length, size_ratio_fp16: fpBytes / h.bytes.length,
  speedup_1_thread: speed('int8', 1), speedup_2_threads: speed('int8', 2), speedup_tuned_1_thread: speed('int8-tuned', 1), speedup_tuned_2_threads: speed('int8-tuned', 2),
  speedup_fp16_1_thread: speed('fp16', 1), speedup_fp16_2_threads: speed('fp16', 2),
  load_average_before: loadBefore, load_average_after: loadAfter,
  model_source: t.source, teacher_recipe: TEACHER_RECIPE, quantize_seconds: quantS, calibration_rows: 1000, evaluation_rows: m.test.x.shape[0],
  tuned_session_from_file: tuned.session, tuned_metadata: Object.fromEntries(tuned.metadata),
  skipped: q.report.skipped.map((s) => s.op), skipped_tuned: qt.report.skipped.map((s) => `${s.node}: ${s.reason}`),
});
