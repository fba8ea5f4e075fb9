// float32 vs default int8 (`keel quantize`, measured placement at each row's batch size and thread
// count) at batch 1, 32 and 256 and 1 and 2 threads, for the MNIST teacher CNN
// (bench/efficiency-teacher.ts), torchvision's ResNet-18 on 32×32 (random weights, exported by
// bench/resnet18_export.py) and, when one is given, a transformer encoder (TRANSFORMER_ONNX=file,
// dynamic int8). Each row quantizes anew with keel quantize's decision (the whole-model rule:
// paired rounds, wall and CPU time); when no placement passes it, quantize writes nothing and the
// row's default result is the float32 model (1.00× by construction; the forced all-int8 model's
// ratio is reported beside it). The quantizer's graph is then timed against float32 again,
// interleaved, apart from the placement's own timings (paired per-round ratios, wall and CPU). Accuracy change on held-out rows: MNIST test for the CNN;
// for the random-weight ResNet and transformer, top-1 agreement with float32 (2000 CIFAR-10 images,
// 2000 MNIST test rows).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { tensor, type HostTensor } from '../src/core/index.js';
import { loadMnist } from '../src/datasets/index.js';
import { compareModels, cpuFeatures, pairedSpeedup, quantizeModel, timeInterleaved, type Comparison, type QuantizeMode } from '../src/efficiency/index.js';
import type { Graph } from '../src/ir/index.js';
import { loadOnnx } from '../src/onnx/index.js';
import { rowSlice } from '../src/train/index.js';
import { loadTeacher, TEACHER_RECIPE } from './efficiency-teacher.js';
import { median, report, ROOT, type Row } from './harness.js';

const cpu = cpuFeatures();
process.stdout.write(`cpu: ${cpu.model} (${cpu.arch}); int8 flags: ${cpu.flags.join(' ')}\n`);
const load = (): string => execFileSync('uptime', { encoding: 'utf8' }).trim().replace(/.*load average: /, '');
const BATCHES = (process.env['BATCHES'] ?? '1,32,256').split(',').map(Number);
const THREADS = (process.env['THREADS'] ?? '1,2').split(',').map(Number);
const ROUNDS = Number(process.env['ROUNDS'] ?? 7);

interface Workload {
  readonly name: string;
  readonly graph: Graph;
  readonly mode: QuantizeMode;
  readonly calibration?: HostTensor<'float32'>;
  readonly evalX: HostTensor<'float32'>;
  readonly evalY?: HostTensor;
  readonly source: string;
}

/** CIFAR-10 binary records (label byte + 3×1024 bytes) as [N,3,32,32] floats in [0,1] and labels. */
function readCifar(file: string, from: number, count: number): { x: HostTensor<'float32'>; y: HostTensor } {
  const raw = gunzipSync(readFileSync(file));
  const x = new Float32Array(count * 3072);
  const y = new BigInt64Array(count);
  for (let i = 0; i < count; i++) {
    const at = (from + i) * 3073;
    y[i] = BigInt(raw[at]!);
    for (let k = 0; k < 3072; k++) x[i * 3072 + k] = raw[at + 1 + k]! / 255;
  }
  return { x: tensor('float32', [count, 3, 32, 32], x), y: tensor('int64', [count], y) };
}

async function workloads(): Promise<Workload[]> {
  const out: Workload[] = [];
  const wanted = (name: string): boolean => !process.env['MODELS'] || process.env['MODELS'].split(',').includes(name);
  const m = loadMnist({ shape: 'image' });
  const t = await loadTeacher(m.train.x, m.train.y, m.test);
  if (wanted('mnist-cnn')) out.push({ name: 'mnist-cnn', graph: t.graph, mode: 'static', calibration: rowSlice(m.train.x, 0, 1000) as HostTensor<'float32'>, evalX: m.test.x, evalY: m.test.y, source: t.source });
  const resnet = join(ROOT, 'bench/results/resnet18-32.onnx');
  if (!existsSync(resnet)) execFileSync('/usr/bin/python3', [join(ROOT, 'bench/resnet18_export.py'), resnet], { stdio: 'inherit' });
  const cifar = process.env['CIFAR_BIN'] ?? '/work/shared/data/cifar10-subset/cifar10_train_first4000.bin.gz';
  const calib = readCifar(cifar, 0, 500);
  const held = readCifar(cifar, 2000, 2000);
  if (wanted('resnet18-32x32')) out.push({ name: 'resnet18-32x32', graph: (await loadOnnx(resnet)).graph, mode: 'static', calibration: calib.x, evalX: held.x, evalY: held.y, source: `${resnet} (torchvision, seeded random weights), CIFAR-10 ${cifar}` });
  const tr = join(ROOT, 'bench/results/transformer-encoder.onnx');
  if (!existsSync(tr)) execFileSync('/usr/bin/python3', [join(ROOT, 'bench/transformer_export.py'), tr], { stdio: 'inherit' });
  if (wanted('transformer-encoder')) out.push({ name: 'transformer-encoder', graph: (await loadOnnx(tr)).graph, mode: 'dynamic', evalX: rowSlice(m.test.x, 0, 2000) as HostTensor<'float32'>, source: `${tr} (bench/transformer_export.py, seeded random weights), MNIST rows as 28-step sequences` });
  return out;
}

const rows: Row[] = [];
const table: Record<string, unknown>[] = [];
const loadBefore = load();
for (const w of await workloads()) {
  const checked = new Map<string, Comparison>();
  for (const threads of THREADS) {
    for (const batch of BATCHES) {
      const label = `${w.name} batch ${batch}, ${threads} thread(s)`;
      process.stdout.write(`\n${label}: quantizing (${w.mode}, measured placement)…\n`);
      const t0 = performance.now();
      const q = await quantizeModel(w.graph, { mode: w.mode, ...(w.calibration ? { calibration: w.calibration } : {}), timeBatch: batch, session: { threads }, onProgress: (l) => void process.stdout.write(`  ${l}\n`) });
      const quantizeS = (performance.now() - t0) / 1000;
      const p = q.report.placement!;
      const int8 = q.report.quantized.map((n) => n.node);
      // What keel quantize does with this placement: writes the int8 model when it passed the
      // whole-model rule, else nothing (QUANT_NO_GAIN), so the deployed model stays float32.
      const wrote = p.helps;
      // The bench's own interleaved timing, apart from the placement's: float32 against the
      // quantizer's graph (the written int8 model, or the all-int8 one only --force would write).
      const timing = await timeInterleaved([w.graph, q.graph], { batch, threads, rounds: ROUNDS, roundMs: 100 });
      const paired = pairedSpeedup(timing, 0, 1);
      const [msFp32, msQ] = [timing.medianMs[0]!, timing.medianMs[1]!];
      const key = int8.join(',');
      const cmp = checked.get(key) ?? (await compareModels(w.graph, q.graph, w.evalX, w.evalY, { threads: 2 }));
      checked.set(key, cmp);
      // The default result's speedup: the measured one when an int8 model was written, 1 by construction when float32 is kept.
      const speedup = wrote ? paired.wall : 1;
      const msInt8 = wrote ? msQ : msFp32;
      const acc = cmp.accuracyDropPoints === undefined || w.name !== 'mnist-cnn' ? '' : `, Δacc ${(-cmp.accuracyDropPoints).toFixed(2)} pt`;
      const check = `placement's check ${p.latency.speedup.toFixed(2)}× (CPU ${p.latency.cpuSpeedup.toFixed(2)}×, ${Math.round(100 * p.latency.fasterShare)}% of rounds)`;
      const bench = `${paired.wall.toFixed(2)}× (CPU ${paired.cpu.toFixed(2)}×, faster in ${Math.round(100 * paired.fasterShare)}% of rounds)`;
      const note = wrote
        ? `wrote int8: ${int8.length}/${p.nodes.length} nodes${q.report.quantized.some((n) => n.unfolded) ? ' (first conv unfolded)' : ''}; bench ${bench}; ${check}${acc}, agreement ${(100 * cmp.agreement).toFixed(2)}%`
        : `wrote nothing (QUANT_NO_GAIN): float32 kept, 1.00× by construction; forced all-int8 in the bench ${bench}; ${check}${acc}, agreement ${(100 * cmp.agreement).toFixed(2)}%`;
      rows.push({ workload: label, engine: 'float32', msPerStep: msFp32, samplesPerS: (batch * 1000) / msFp32 });
      rows.push({ workload: label, engine: 'int8 (default)', msPerStep: msInt8, samplesPerS: (batch * 1000) / msInt8, note });
      table.push({
        model: w.name, batch, threads, wrote: wrote ? 'int8' : 'nothing (QUANT_NO_GAIN): float32 kept', ms_fp32: msFp32, ms_default: msInt8, default_speedup: speedup,
        bench_int8_ms: msQ, bench_speedup_wall: paired.wall, bench_speedup_cpu: paired.cpu, bench_faster_share: paired.fasterShare, bench_round_speedups_wall: paired.roundsWall, bench_round_speedups_cpu: paired.roundsCpu,
        forced_all_int8_speedup: wrote ? undefined : paired.wall,
        placement_check: p.latency, rule: p.rule, unfolded: q.report.quantized.filter((n) => n.unfolded).map((n) => n.node), int8_nodes: wrote ? int8 : [],
        float32_nodes: p.nodes.filter((n) => !wrote || !int8.includes(n.node)).map((n) => n.node), fallbacks: p.fallbacks, quantize_seconds: quantizeS,
        node_timings: p.nodes.map((n) => ({ node: n.node, float32Ms: n.float32Ms, int8Ms: n.int8Ms, choice: n.choice })), session: q.report.session ?? {},
        accuracy_fp32: cmp.accuracyBefore, accuracy_int8: cmp.accuracyAfter, accuracy_change_points: cmp.accuracyDropPoints === undefined ? undefined : -cmp.accuracyDropPoints, agreement: cmp.agreement,
        bytes_fp32: q.report.bytesBefore, bytes_int8: q.report.bytesAfter, reduce_range: q.report.int8?.reduceRange, eval_rows: w.evalX.shape[0], source: w.source, load_after: load(),
      });
      process.stdout.write(`${label}: float32 ${msFp32.toFixed(2)} ms, int8 ${msInt8.toFixed(2)} ms → ${note} (quantize ${quantizeS.toFixed(0)} s, load ${load()})\n`);
    }
  }
}
const cnn256 = table.filter((r) => r['model'] === 'mnist-cnn' && r['batch'] === 256).map((r) => r['default_speedup'] as number);
const speedups = table.map((r) => r['default_speedup'] as number);
// Rows where the written int8 model was slower than float32 in the bench's own timing (the issue: none).
const slower = table.filter((r) => r['wrote'] === 'int8' && (r['bench_speedup_wall'] as number) < 1).map((r) => `${String(r['model'])} batch ${String(r['batch'])}, ${String(r['threads'])} thread(s)`);
const drops = table.filter((r) => r['model'] === 'mnist-cnn' && r['accuracy_change_points'] !== undefined).map((r) => Math.abs(r['accuracy_change_points'] as number));
report(process.env['MODELS'] ? `efficiency-quantize-${process.env['MODELS'].replace(/,/g, '-')}` : 'efficiency-quantize', rows, {
  cpu_model: cpu.model, cpu_int8_flags: cpu.flags, rows: table,
  cnn_batch256_speedup_min: Math.min(...cnn256), cnn_batch256_speedup_median: median(cnn256), slowest_row_speedup: Math.min(...speedups),
  cnn_max_abs_accuracy_change_points: drops.length ? Math.max(...drops) : undefined, written_rows_slower_than_float32: slower,
  teacher_recipe: TEACHER_RECIPE, rounds: ROUNDS, load_average_before: loadBefore, load_average_after: load(),
});
