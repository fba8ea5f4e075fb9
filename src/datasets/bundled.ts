import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataError, type HostTensor } from '../core/index.js';
import { readIdx } from '../io/index.js';

/** The repository's `data/` folder (bundled real data sets; see data/README.md). */
export function bundledDataDir(): string {
  const start = dirname(fileURLToPath(import.meta.url));
  let dir = start;
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'data', 'README.md')) && existsSync(join(dir, 'package.json'))) return join(dir, 'data');
    dir = dirname(dir);
  }
  throw new DataError('BUNDLED_DATA_MISSING', `cannot find Keel's bundled data/ folder next to package.json in ${start} or the 4 folders above it; reinstall Keel`, { searched: start });
}

/** One split of an image-classification data set: images [N, ...] float32 in [0, 1] and int64 labels [N]. */
export interface ImageSplit {
  readonly x: HostTensor<'float32'>;
  readonly y: HostTensor<'int64'>;
}

function toSplit(images: HostTensor, labels: HostTensor, shape: 'flat' | 'image', limit?: number): ImageSplit {
  const n = Math.min(images.shape[0] ?? 0, limit ?? Infinity);
  const row = images.data.length / (images.shape[0] ?? 1);
  const x = new Float32Array(n * row);
  for (let i = 0; i < n * row; i++) x[i] = Number(images.data[i]) / 255;
  const y = new BigInt64Array(n);
  for (let i = 0; i < n; i++) y[i] = BigInt(Number(labels.data[i]));
  const dims = images.shape.slice(1);
  return {
    x: { dtype: 'float32', shape: shape === 'flat' ? [n, row] : [n, 1, ...dims], data: x },
    y: { dtype: 'int64', shape: [n], data: y },
  };
}

/**
 * MNIST from the bundled IDX files: 60,000 training and 10,000 test digits, scaled to [0, 1].
 * @example `const { train, test } = loadMnist({ shape: 'flat' });`
 */
export function loadMnist(opts: { shape?: 'flat' | 'image'; trainLimit?: number; testLimit?: number } = {}): { train: ImageSplit; test: ImageSplit } {
  const dir = join(bundledDataDir(), 'mnist');
  const shape = opts.shape ?? 'flat';
  return {
    train: toSplit(readIdx(join(dir, 'train-images-idx3-ubyte.gz')), readIdx(join(dir, 'train-labels-idx1-ubyte.gz')), shape, opts.trainLimit),
    test: toSplit(readIdx(join(dir, 't10k-images-idx3-ubyte.gz')), readIdx(join(dir, 't10k-labels-idx1-ubyte.gz')), shape, opts.testLimit),
  };
}
