/**
 * Small-data transfer learning (issue 16), all in one run with the same seeds:
 * (a) a CNN (Keel's `cnn` preset) trained on MNIST digits 0–4, transferred to digits 5–9 with 10, 50
 *     and 100 labelled images per class; (b) the same CNN trained on MNIST (all digits) transferred
 *     to Fashion-MNIST with 50 and 100 per class. Each against the same network trained from
 *     scratch, with a linear probe (a dense layer on `embed` features), head-only (a new
 *     dense(128, relu) + dense head on the frozen backbone) and full staged fine-tuning (a new dense
 *     head, gradual unfreezing, learning rates halved per layer group down, one warmup epoch). The
 *     backbone is cut at its convolutional features (the output of its Flatten). Every run takes
 *     about 150 optimizer steps of 16 images. Mean ± std of test accuracy over 3 seeds.
 *
 * Run: npm run bench:build && node dist-bench/bench/transfer-learning.js
 * Writes bench/results/transfer-learning.json and bench/results/transfer-learning-{a,b}.svg.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng, type HostTensor } from '../src/core/index.js';
import { loadMnist } from '../src/datasets/index.js';
import type { Graph } from '../src/ir/index.js';
import { readIdx } from '../src/io/index.js';
import { dense, modelFromSpec, Sequential } from '../src/nn/index.js';
import { lineSvg } from '../src/figure/index.js';
import { Session } from '../src/runtime/index.js';
import { accuracy, fit, gatherRows, GradualUnfreezing, predictBatched, withWarmup, type FitOptions } from '../src/train/index.js';
import { depthLrFactors, embed, layerGroups, transferModel } from '../src/transfer/index.js';
import { ROOT } from './harness.js';

const SEEDS = [0, 1, 2];
const BATCH = 16;
const STEPS = 150;
const IMAGE = ['N', 1, 28, 28];

interface Split {
  readonly x: HostTensor;
  readonly y: HostTensor;
}

/** Rows whose label passes `keep`, relabelled by `map`. */
function select(d: Split, keep: (label: number) => boolean, map: (label: number) => number = (l) => l): Split {
  const rows = Int32Array.from([...Array(d.y.shape[0]).keys()].filter((i) => keep(Number(d.y.data[i]))));
  const x = gatherRows(d.x, rows);
  return { x, y: { dtype: 'int64', shape: [rows.length], data: BigInt64Array.from(rows, (r) => BigInt(map(Number(d.y.data[r])))) } };
}

/** `k` random rows of each of `classes` classes (seeded). */
function perClass(d: Split, classes: number, k: number, seed: number): Split {
  const order = new Rng(1000 + seed).permutation(d.y.shape[0]!);
  const taken = new Array<number>(classes).fill(0);
  const rows: number[] = [];
  for (const r of order) {
    const c = Number(d.y.data[r]);
    if (taken[c]! < k) {
      taken[c]!++;
      rows.push(r);
    }
  }
  const idx = Int32Array.from(rows);
  return { x: gatherRows(d.x, idx), y: gatherRows(d.y, idx) };
}

async function testAccuracy(graph: Graph, test: Split): Promise<number> {
  const s = await Session.create(graph);
  try {
    return accuracy(await predictBatched(s, test.x, 1000), test.y);
  } finally {
    await s.release();
  }
}

/** Epochs giving about STEPS optimizer steps on n rows. */
const epochsFor = (n: number): number => Math.min(60, Math.max(5, Math.ceil(STEPS / Math.ceil(n / BATCH))));

type Method = 'scratch' | 'linear probe' | 'head only' | 'staged fine-tune';
const METHODS: readonly Method[] = ['scratch', 'linear probe', 'head only', 'staged fine-tune'];

/** Where to cut the source CNN: its convolutional features (the output of its Flatten), as Keras' MNIST transfer example freezes the conv layers. */
function cutOf(source: Graph): string {
  return source.nodes.filter((n) => n.op === 'Flatten').at(-1)!.outputs[0]!.name;
}

async function runMethod(method: Method, source: Graph, classes: number, train: Split, test: Split, seed: number): Promise<number> {
  const epochs = epochsFor(train.y.shape[0]!);
  const base: FitOptions = { epochs, batchSize: BATCH, seed, trainEvalRows: 0 };
  if (method === 'scratch') {
    const net = modelFromSpec('cnn', { outputs: classes, seed });
    await fit(net, train.x, train.y, { ...base, lr: 1e-3 });
    return testAccuracy(net.graph({ inputShape: IMAGE }), test);
  }
  if (method === 'linear probe') {
    const [ftr, fte] = [await embed(source, cutOf(source), train.x), await embed(source, cutOf(source), test.x)];
    const probe = new Sequential([dense(classes)], { seed });
    await fit(probe, ftr, train.y, { ...base, lr: 1e-2 });
    return testAccuracy(probe.graph({ inputShape: ['N', ftr.shape[1]!] }), { x: fte, y: test.y });
  }
  const head = method === 'head only' ? [dense(128, { activation: 'relu' }), dense(classes)] : [dense(classes)];
  const t = transferModel(source, { cutAt: cutOf(source), head, seed });
  const frozen = t.select('*');
  if (method === 'head only') {
    await fit(t.model, train.x, train.y, { ...base, lr: 1e-2, frozen });
  } else {
    const groups = layerGroups(t.model.graph({ inputShape: IMAGE }));
    const every = Math.max(1, Math.floor(epochs / (groups.length + 1)));
    await fit(t.model, train.x, train.y, { ...base, lr: 3e-3, frozen, lrFactors: depthLrFactors(groups, 0.5), schedule: withWarmup(undefined, 1), callbacks: [new GradualUnfreezing({ frozen, groups, every })] });
  }
  return testAccuracy(t.model.graph({ inputShape: IMAGE }), test);
}

async function sourceModel(train: Split, classes: number, name: string): Promise<Graph> {
  const t0 = Date.now();
  const net = modelFromSpec('cnn', { outputs: classes, seed: 42 });
  await fit(net, train.x, train.y, { epochs: 3, batchSize: 64, lr: 1e-3, seed: 42, trainEvalRows: 0 });
  process.stderr.write(`${name}: source CNN trained on ${train.y.shape[0]} images in ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
  return net.graph({ inputShape: IMAGE });
}

interface Cell {
  readonly task: string;
  readonly labelsPerClass: number;
  readonly method: Method;
  readonly accuracies: number[];
  readonly mean: number;
  readonly std: number;
}

async function study(task: string, source: Graph, classes: number, pool: Split, test: Split, ks: readonly number[]): Promise<Cell[]> {
  const cells: Cell[] = [];
  for (const k of ks) {
    for (const method of METHODS) {
      const accuracies: number[] = [];
      for (const seed of SEEDS) accuracies.push(await runMethod(method, source, classes, perClass(pool, classes, k, seed), test, seed));
      const mean = accuracies.reduce((a, b) => a + b, 0) / accuracies.length;
      const std = Math.sqrt(accuracies.reduce((a, b) => a + (b - mean) ** 2, 0) / accuracies.length);
      cells.push({ task, labelsPerClass: k, method, accuracies, mean, std });
      process.stderr.write(`${task}: ${k}/class ${method}: ${(100 * mean).toFixed(1)} ± ${(100 * std).toFixed(1)}\n`);
    }
  }
  return cells;
}

function table(cells: readonly Cell[]): string {
  const ks = [...new Set(cells.map((c) => c.labelsPerClass))];
  const head = `| task | method | ${ks.map((k) => `${k}/class`).join(' | ')} |\n|---|---|${ks.map(() => '---|').join('')}`;
  const rows = METHODS.map((m) => `| ${cells[0]!.task} | ${m} | ${ks.map((k) => {
    const c = cells.find((x) => x.method === m && x.labelsPerClass === k)!;
    return `${(100 * c.mean).toFixed(1)} ± ${(100 * c.std).toFixed(1)}`;
  }).join(' | ')} |`);
  return [head, ...rows].join('\n');
}

function curve(cells: readonly Cell[], id: string, title: string): string {
  return lineSvg({
    kind: 'line', id, title, alt: `${title}: mean test accuracy over 3 seeds against labelled images per class, one line per method`,
    xLabel: 'labelled images per class', yLabel: 'test accuracy', logX: true,
    series: METHODS.map((m) => ({ name: m, points: cells.filter((c) => c.method === m).map((c): [number, number] => [c.labelsPerClass, c.mean]) })),
  });
}

const flags = execFileSync('sh', ['-c', "grep -m1 '^flags' /proc/cpuinfo | tr ' ' '\\n' | grep -E '^(avx2|avx512f|avx512_vnni|fma)$' | tr '\\n' ' '"], { encoding: 'utf8' }).trim();
const cpu = execFileSync('sh', ['-c', "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], { encoding: 'utf8' }).trim();
process.stdout.write(`CPU: ${cpu}; flags: ${flags}\n`);
const t0 = Date.now();
/** MNIST training rows the source CNNs learn from; the 8,000 after them are the labelled pool of (a). */
const SRC_ROWS = 30000;
const mnist = loadMnist({ shape: 'image', trainLimit: SRC_ROWS + 8000, testLimit: 10000 });

// (a) MNIST 0–4 → 5–9.
const low = select(rowSliceOf(mnist.train, 0, SRC_ROWS), (l) => l < 5);
const srcA = await sourceModel(low, 5, '(a)');
const highPool = select(rowSliceOf(mnist.train, SRC_ROWS, 8000), (l) => l >= 5, (l) => l - 5);
const highTest = select(mnist.test, (l) => l >= 5, (l) => l - 5);
const cellsA = await study('(a) MNIST 0-4 → 5-9', srcA, 5, highPool, highTest, [10, 50, 100]);

// (b) MNIST → Fashion-MNIST (the 10,000 Fashion-MNIST test images: first 5,000 = labelled pool, last 5,000 = test).
const fashionDir = [process.env['KEEL_FASHION_DIR'], '/work/shared/data/fashion-mnist', '/usr/share/datasets/fashion-mnist'].find((d) => d !== undefined && existsSync(join(d, 't10k-images-idx3-ubyte.gz')));
let cellsB: Cell[] = [];
if (fashionDir) {
  const raw = readIdx(join(fashionDir, 't10k-images-idx3-ubyte.gz'));
  const fx: HostTensor = { dtype: 'float32', shape: [10000, 1, 28, 28], data: Float32Array.from(raw.data as Uint8Array, (v) => v / 255) };
  const fy = readIdx(join(fashionDir, 't10k-labels-idx1-ubyte.gz'));
  const fashion: Split = { x: fx, y: { dtype: 'int64', shape: [10000], data: BigInt64Array.from(fy.data as Uint8Array, (v) => BigInt(v)) } };
  const srcB = await sourceModel(rowSliceOf(mnist.train, 0, SRC_ROWS), 10, '(b)');
  cellsB = await study('(b) MNIST → Fashion-MNIST', srcB, 10, rowSliceOf(fashion, 0, 5000), rowSliceOf(fashion, 5000, 5000), [50, 100]);
} else process.stderr.write('(b) skipped: no Fashion-MNIST (set KEEL_FASHION_DIR to a folder with t10k-*-ubyte.gz)\n');

function rowSliceOf(d: Split, start: number, count: number): Split {
  const idx = Int32Array.from({ length: count }, (_, i) => start + i);
  return { x: gatherRows(d.x, idx), y: gatherRows(d.y, idx) };
}

const at10 = (m: Method): number => cellsA.find((c) => c.labelsPerClass === 10 && c.method === m)!.mean;
const gain = 100 * (Math.max(at10('linear probe'), at10('head only'), at10('staged fine-tune')) - at10('scratch'));
process.stdout.write(`\n${table(cellsA)}\n${cellsB.length ? `\n${table(cellsB)}\n` : ''}\nbest transfer − scratch at 10 labels/class on (a): ${gain.toFixed(1)} points (target ≥ 5)\nwall time ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
const dir = join(ROOT, 'bench/results');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'transfer-learning-a.svg'), curve(cellsA, 'transfer-a', 'MNIST 0-4 → 5-9'));
if (cellsB.length) writeFileSync(join(dir, 'transfer-learning-b.svg'), curve(cellsB, 'transfer-b', 'MNIST → Fashion-MNIST'));
writeFileSync(join(dir, 'transfer-learning.json'), JSON.stringify({ date: new Date().toISOString(), cpu, flags, seeds: SEEDS, batchSize: BATCH, stepsTarget: STEPS, cells: [...cellsA, ...cellsB], gainAt10: gain, wallSeconds: (Date.now() - t0) / 1000 }, null, 2));
