import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DataError, tensor, type HostTensor } from '../../core/index.js';
import { bundledDataDir, loadMnist, type ImageSplit } from '../../datasets/index.js';
import { gatherRows, splitRows } from '../../train/index.js';

/** The demo's images: a training split (tuning and training) and a held-out test split (the audit). */
export interface DemoImages {
  readonly name: 'digits' | 'mnist';
  /** One line saying what the data are and where they come from. */
  readonly description: string;
  readonly train: ImageSplit;
  readonly test: ImageSplit;
  /** Row shape after the batch axis, [1, H, W]. */
  readonly rowShape: readonly number[];
}

/**
 * Reads the bundled scikit-learn digits (`data/sklearn/digits.csv.gz`: 1,797 rows of 64 grey
 * levels 0–16 and the label) as [N, 1, 8, 8] images scaled to [0, 1] with int64 labels.
 * @example `const { x, y } = readDigits();`
 */
export function readDigits(file = join(bundledDataDir(), 'sklearn', 'digits.csv.gz')): ImageSplit {
  const lines = gunzipSync(readFileSync(file)).toString('utf8').trim().split('\n');
  const n = lines.length;
  const x = new Float32Array(n * 64);
  const y = new BigInt64Array(n);
  lines.forEach((line, i) => {
    const v = line.split(',').map(Number);
    if (v.length !== 65 || v.some((c) => !Number.isFinite(c))) throw new DataError('DEMO_DATA_CORRUPT', `${file}: line ${i + 1} does not hold 64 grey levels and a label`, { file, line: i + 1 });
    for (let j = 0; j < 64; j++) x[i * 64 + j] = v[j]! / 16;
    y[i] = BigInt(v[64]!);
  });
  return { x: tensor('float32', [n, 1, 8, 8], x), y: tensor('int64', [n], y) };
}

/**
 * Loads the demo's images. `digits`: the 1,797 scikit-learn digits split 75/25 (stratified, seeded);
 * `mnist`: the first 12,000 MNIST training and first 2,000 test images (`quick`: 3,000 / 500).
 * @example `const data = loadDemoImages('digits', { quick: false, seed: 0 });`
 */
export function loadDemoImages(name: DemoImages['name'], o: { readonly quick: boolean; readonly seed: number }): DemoImages {
  if (name === 'mnist') {
    const trainLimit = o.quick ? 3000 : 12000;
    const testLimit = o.quick ? 500 : 2000;
    const m = loadMnist({ shape: 'image', trainLimit, testLimit });
    return { name, description: `MNIST (bundled, data/mnist): the first ${trainLimit} training and ${testLimit} test digits, 28×28`, train: m.train, test: m.test, rowShape: [1, 28, 28] };
  }
  const all = readDigits();
  const s = splitRows(all.y.shape[0] ?? 0, 0.25, o.seed, all.y, 'digits labels');
  const train = { x: gatherRows(all.x, s.train) as HostTensor<'float32'>, y: gatherRows(all.y, s.train) as HostTensor<'int64'> };
  const test = { x: gatherRows(all.x, s.val) as HostTensor<'float32'>, y: gatherRows(all.y, s.val) as HostTensor<'int64'> };
  return { name, description: `scikit-learn digits (bundled, data/sklearn/digits.csv.gz): ${s.train.length} training and ${s.val.length} test images, 8×8`, train, test, rowShape: [1, 8, 8] };
}
