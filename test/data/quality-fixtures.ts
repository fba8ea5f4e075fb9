/**
 * Real data sets written as the inputs of the data-quality picture tests (and the browser test's
 * check pages): Adult (tables, with a real selection shift), MNIST as a 2-D pixel array with
 * cleanlab's out-of-fold probabilities (images), the same digits as IDX files and as an image
 * folder (images the image checks read), and SMS spam (texts).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { readIdx, writeNpy } from '../../src/io/index.js';
import { FIXTURES, readNpyFile } from './helpers.js';
import { pngBytes, put } from './image-helpers.js';

const ROOT = join(import.meta.dirname, '../..');
export const ADULT_HEADER = ['age', 'workclass', 'fnlwgt', 'education', 'education-num', 'marital-status', 'occupation', 'relationship', 'race', 'sex', 'capital-gain', 'capital-loss', 'hours-per-week', 'native-country', 'income'];

/** Adult rows as cell lists (spaces after commas removed; the test file's trailing dots dropped). */
export function adultRows(file: 'adult-train-6000.csv.gz' | 'adult-test-3000.csv.gz'): string[][] {
  return gunzipSync(readFileSync(join(FIXTURES, file)))
    .toString('utf8')
    .split('\n')
    .map((l) => l.trim().replace(/\.$/, '').split(/,\s*/))
    .filter((r) => r.length === 15);
}

/**
 * Adult train (6,000 rows) and a test split drawn from adult.test with age ≥ 40 only — a real
 * selection shift: age, marital status and relationship drift; the rest barely.
 */
export function writeAdult(dir: string): { train: string; test: string; trainRows: string[][] } {
  const trainRows = adultRows('adult-train-6000.csv.gz');
  const testRows = adultRows('adult-test-3000.csv.gz').filter((r) => Number(r[0]) >= 40);
  const csv = (rows: string[][]): string => [ADULT_HEADER, ...rows].map((r) => r.join(',')).join('\n') + '\n';
  writeFileSync(join(dir, 'adult-train.csv'), csv(trainRows));
  writeFileSync(join(dir, 'adult-test.csv'), csv(testRows));
  return { train: join(dir, 'adult-train.csv'), test: join(dir, 'adult-test.csv'), trainRows };
}

export const MNIST_ROWS = 1500;

/**
 * MNIST as 2-D arrays (rows × 784 pixel values 0–255): the first 1,500 test digits with their
 * original labels and cleanlab's out-of-fold probabilities (which flag real label errors), and a
 * "test" split of 500 training digits moved 3 pixels to the right (a drift in position).
 */
export function writeMnist(dir: string): { x: string; y: string; probs: string; shifted: string; pixels: Uint8Array; labels: number[] } {
  const images = readIdx(join(ROOT, 'data/mnist/t10k-images-idx3-ubyte.gz')).data as Uint8Array;
  const pixels = images.subarray(0, MNIST_ROWS * 784);
  const labels = Array.from(readNpyFile(join(FIXTURES, 'mnist_test_set_original_labels.npy')).data).slice(0, MNIST_ROWS);
  const probs = readNpyFile(join(FIXTURES, 'mnist_test_set_pyx.npy.gz')).data.subarray(0, MNIST_ROWS * 10);
  const train = readIdx(join(ROOT, 'data/mnist/train-images-idx3-ubyte.gz')).data as Uint8Array;
  const shifted = new Float32Array(500 * 784);
  for (let i = 0; i < 500; i++) for (let r = 0; r < 28; r++) for (let c = 3; c < 28; c++) shifted[i * 784 + r * 28 + c] = train[i * 784 + r * 28 + c - 3]!;
  const paths = { x: join(dir, 'mnist-x.npy'), y: join(dir, 'mnist-y.npy'), probs: join(dir, 'mnist-probs.npy'), shifted: join(dir, 'mnist-shifted.npy') };
  writeNpy(paths.x, { dtype: 'float32', shape: [MNIST_ROWS, 784], data: Float32Array.from(pixels) });
  writeNpy(paths.y, { dtype: 'int32', shape: [MNIST_ROWS], data: Int32Array.from(labels) });
  writeNpy(paths.probs, { dtype: 'float64', shape: [MNIST_ROWS, 10], data: Float64Array.from(probs) });
  writeNpy(paths.shifted, { dtype: 'float32', shape: [500, 784], data: shifted });
  return { ...paths, pixels, labels };
}

/** The first 1,200 SMS messages (JSON lines with `label` and `text`). */
export function writeSms(dir: string): { path: string; rows: { label: string; text: string }[] } {
  const lines = gunzipSync(readFileSync(join(ROOT, 'data/sms-spam/sms-spam.jsonl.gz'))).toString('utf8').trim().split('\n').slice(0, 1200);
  writeFileSync(join(dir, 'sms.jsonl'), lines.join('\n') + '\n');
  return { path: join(dir, 'sms.jsonl'), rows: lines.map((l) => JSON.parse(l) as { label: string; text: string }) };
}

/** MNIST digits `first`…`first + n − 1` of the bundled test set; `shift` moves every digit that many pixels right. */
function digits(first: number, n: number, shift: number, file = 't10k-images-idx3-ubyte.gz'): Uint8Array {
  const all = readIdx(join(ROOT, 'data/mnist', file)).data as Uint8Array;
  const out = new Uint8Array(n * 784);
  for (let i = 0; i < n; i++) for (let r = 0; r < 28; r++) for (let c = shift; c < 28; c++) out[i * 784 + r * 28 + c] = all[(first + i) * 784 + r * 28 + c - shift]!;
  return out;
}

/** The bundled IDX file's header (magic and sizes, big-endian) with the row count set to `n`, followed by `data`. */
function idxFile(path: string, template: string, n: number, data: Uint8Array): string {
  const head = Buffer.from(gunzipSync(readFileSync(join(ROOT, 'data/mnist', template))).subarray(0, template.includes('labels') ? 8 : 16));
  head.writeUInt32BE(n, 4);
  writeFileSync(path, Buffer.concat([head, data]));
  return path;
}

/**
 * MNIST as IDX files, as the image checks read them (3-D, N × 28 × 28): the first 1,500 test
 * digits with their labels, and a test split of 500 training digits moved 3 pixels right (with
 * their labels).
 */
export function writeMnistIdx(dir: string): { x: string; y: string; shifted: string; shiftedLabels: string; pixels: Uint8Array; labels: Uint8Array; shiftedPixels: Uint8Array } {
  const pixels = digits(0, MNIST_ROWS, 0);
  const labels = (readIdx(join(ROOT, 'data/mnist/t10k-labels-idx1-ubyte.gz')).data as Uint8Array).subarray(0, MNIST_ROWS);
  const shiftedPixels = digits(0, 500, 3, 'train-images-idx3-ubyte.gz');
  return {
    x: idxFile(join(dir, 'mnist-images-idx3-ubyte'), 't10k-images-idx3-ubyte.gz', MNIST_ROWS, pixels),
    y: idxFile(join(dir, 'mnist-labels-idx1-ubyte'), 't10k-labels-idx1-ubyte.gz', MNIST_ROWS, labels),
    shifted: idxFile(join(dir, 'mnist-shifted-idx3-ubyte'), 't10k-images-idx3-ubyte.gz', 500, shiftedPixels),
    shiftedLabels: idxFile(join(dir, 'mnist-shifted-labels-idx1-ubyte'), 't10k-labels-idx1-ubyte.gz', 500, (readIdx(join(ROOT, 'data/mnist/train-labels-idx1-ubyte.gz')).data as Uint8Array).subarray(0, 500)),
    pixels,
    labels,
    shiftedPixels,
  };
}

/**
 * MNIST digits as PNG image folders (one sub-folder per class): 400 test digits for training, and
 * 200 other test digits moved 3 pixels right as the test split. Rows follow the folder listing
 * (class folders, then file names), so `order[k]` is the digit of row k.
 */
export function writeMnistFolders(dir: string): { train: string; test: string; order: number[]; labels: number[]; pixels: Uint8Array; testPixels: Uint8Array; testOrder: number[] } {
  const labels = Array.from((readIdx(join(ROOT, 'data/mnist/t10k-labels-idx1-ubyte.gz')).data as Uint8Array).subarray(0, 600));
  const write = (root: string, first: number, n: number, shift: number): { pixels: Uint8Array; order: number[] } => {
    mkdirSync(root, { recursive: true });
    const pixels = digits(first, n, shift);
    for (let i = 0; i < n; i++) put(root, labels[first + i]!, `${String(i).padStart(4, '0')}.png`, pngBytes(pixels.subarray(i * 784, (i + 1) * 784)));
    return { pixels, order: Array.from({ length: n }, (_, i) => i).sort((a, b) => labels[first + a]! - labels[first + b]! || a - b) };
  };
  const train = write(join(dir, 'digits-train'), 0, 400, 0);
  const test = write(join(dir, 'digits-test'), 400, 200, 3);
  return { train: join(dir, 'digits-train'), test: join(dir, 'digits-test'), order: train.order, labels, pixels: train.pixels, testPixels: test.pixels, testOrder: test.order };
}
