import { join } from 'node:path';
import { writeFileAtomic, writeNpy } from '../../io/index.js';
import { exportModel } from '../../onnx/index.js';
import { conv2d, dense, dropout, flatten, maxPool2d, Sequential, type Layer } from '../../nn/index.js';
import { EarlyStopping } from '../../train/index.js';
import type { Trial } from '../../tune/index.js';
import { loadDemoImages } from './demo-data.js';
import type { DemoTask } from './demo-task.js';

/** The hyperparameters the image demo tunes. */
export interface ImageDemoParams {
  readonly [name: string]: number;
  readonly lr: number;
  readonly filters: number;
  readonly width: number;
  readonly dropout: number;
}

/** Defaults used when tuning is skipped (`--trials 0`). */
export const DEFAULT_IMAGE_PARAMS: ImageDemoParams = { lr: 3e-3, filters: 8, width: 64, dropout: 0.1 };

/**
 * The demo's CNN for [1, H, W] images: conv–pool (twice for 28×28), a dense layer with dropout
 * and ten logits.
 * @example `const net = demoModel(DEFAULT_IMAGE_PARAMS, [1, 8, 8], 0);`
 */
export function demoModel(p: ImageDemoParams, rowShape: readonly number[], seed: number): Sequential {
  const big = (rowShape[1] ?? 0) > 16;
  const layers: Layer[] = [conv2d(p.filters, 3, { padding: 'same', activation: 'relu' }), maxPool2d(2)];
  if (big) layers.push(conv2d(2 * p.filters, 3, { padding: 'same', activation: 'relu' }), maxPool2d(2));
  layers.push(flatten(), dense(p.width, { activation: 'relu' }));
  if (p.dropout > 0) layers.push(dropout(p.dropout));
  layers.push(dense(10));
  return new Sequential(layers, { seed });
}

function suggest(t: Trial): ImageDemoParams {
  return {
    lr: t.suggestFloat('lr', 1e-3, 3e-2, { log: true }),
    filters: t.suggestInt('filters', 4, 16, { log: true }),
    width: t.suggestInt('width', 16, 128, { log: true }),
    dropout: t.suggestFloat('dropout', 0, 0.4, { step: 0.1 }),
  };
}

/**
 * The image demo on bundled handwritten digits: `digits` (the scikit-learn 8×8 digits, 75/25
 * split) or `mnist` (12,000 / 2,000 MNIST images; `quick` 3,000 / 500). Tunes a small CNN's
 * learning rate, filters, width and dropout; trains on 80% of the training split with early
 * stopping (patience 4, best weights kept) on the other 20%; audits every area but fairness.
 * @example `const task = imageDemoTask('digits', { quick: false, seed: 0 });`
 */
export function imageDemoTask(name: 'digits' | 'mnist', o: { readonly quick: boolean; readonly seed: number }): DemoTask<ImageDemoParams> {
  const data = loadDemoImages(name, o);
  const q = o.quick;
  const digits = name === 'digits';
  const plan = { trials: q ? 3 : digits ? 10 : 8, trialEpochs: q ? 3 : digits ? 9 : 3, epochs: q ? 6 : digits ? 30 : 6, batchSize: digits ? 32 : 64, attackRows: q ? 100 : 200 };
  return {
    dataset: name,
    unit: 'images',
    heldOut: digits ? 'digits' : 'MNIST digits',
    description: data.description,
    train: data.train,
    test: data.test,
    plan,
    defaults: DEFAULT_IMAGE_PARAMS,
    validation: '20% of the training split for validation',
    suggest,
    paramsOf: (v) => ({ lr: Number(v['lr']), filters: Number(v['filters']), width: Number(v['width']), dropout: Number(v['dropout']) }),
    describe: (p) => `lr=${+p.lr.toPrecision(3)} filters=${p.filters} width=${p.width} dropout=${p.dropout}`,
    build: (p, seed) => demoModel(p, data.rowShape, seed),
    fit: (p, f) => ({
      options: { epochs: f.epochs, batchSize: plan.batchSize, lr: p.lr, optimizer: 'adam', validationSplit: 0.2, ...(f.final ? {} : { trainEvalRows: 500 }) },
      ...(f.final ? { stop: new EarlyStopping({ monitor: 'val_loss', patience: 4, restoreBestWeights: true }) } : {}),
    }),
    writeData: (dir) => {
      const files = { data: join(dir, 'train-x.npy'), labels: join(dir, 'train-y.npy'), test: join(dir, 'test-x.npy'), testLabels: join(dir, 'test-y.npy') };
      writeNpy(files.data, data.train.x);
      writeNpy(files.labels, data.train.y);
      writeNpy(files.test, data.test.x);
      writeNpy(files.testLabels, data.test.y);
      return files;
    },
    save: (net, dir) => {
      const graph = net.graph({ inputShape: ['N', ...data.rowShape] });
      writeFileAtomic(join(dir, 'model.onnx'), exportModel(graph));
      return graph;
    },
    audit: () => ({
      thresholds: {
        'performance.accuracy': { min: 0.9 },
        'performance.ece': { max: 0.1, severity: 'warning' },
        'robustness.corruption_accuracy': { min: 0.5, severity: 'warning' },
      },
      robustness: { eps: [0.05, 0.1, 0.2], rows: plan.attackRows },
      fairness: 'handwritten digits carry no attribute of the person who wrote them, so there is no sensitive group to compare',
    }),
  };
}
