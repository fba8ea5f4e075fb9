import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../../core/index.js';
import { loadMnist } from '../../datasets/index.js';
import { writeFileAtomic } from '../../io/index.js';
import { dense, Sequential, softmaxCrossEntropy } from '../../nn/index.js';
import { exportModel } from '../../onnx/index.js';
import { Adam } from '../../optim/index.js';
import { Session, TrainStep } from '../../runtime/index.js';
import { accuracy, predictBatched, trainEpoch } from '../../train/index.js';
import { ProgressLine } from '../report.js';

/** Options of `keel demo`. */
export interface DemoOptions {
  readonly out: string;
  readonly epochs: number;
  readonly seed: number;
}

/**
 * `keel demo`: trains an MLP on the bundled MNIST digits and prints its test accuracy.
 * @example `await demoCommand({ out: 'keel-demo', epochs: 5, seed: 0 })`
 */
export async function demoCommand(o: DemoOptions): Promise<{ testAccuracy: number }> {
  const progress = new ProgressLine();
  const t0 = Date.now();
  const { train, test } = loadMnist({ shape: 'flat' });
  progress.line(`MNIST: ${train.x.shape[0]} training and ${test.x.shape[0]} test digits (bundled, data/mnist)`);
  const model = new Sequential([dense(256, { activation: 'relu' }), dense(128, { activation: 'relu' }), dense(10)], { seed: o.seed });
  const step = await TrainStep.compile({
    model: model.graph({ inputShape: ['N', 784], training: true }),
    loss: softmaxCrossEntropy,
    target: { dtype: 'int64', shape: ['N'] },
    optimizer: new Adam(),
  });
  const rng = new Rng(o.seed);
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    const te = Date.now();
    const loss = await trainEpoch(step, train.x, train.y, { batchSize: 128, shuffle: true, lr: () => 1e-3, rng });
    progress.line(`epoch ${epoch}/${o.epochs}  loss ${loss.toFixed(4)}  ${((Date.now() - te) / 1000).toFixed(1)}s`);
  }
  model.setWeights(step.weights());
  await step.release();
  const graph = model.graph({ inputShape: ['N', 784] });
  const session = await Session.create(graph);
  const acc = accuracy(await predictBatched(session, test.x), test.y);
  await session.release();
  mkdirSync(o.out, { recursive: true });
  const path = join(o.out, 'model.onnx');
  writeFileAtomic(path, exportModel(graph));
  process.stdout.write(`test accuracy ${(acc * 100).toFixed(2)}% on 10000 MNIST test digits (${((Date.now() - t0) / 1000).toFixed(1)}s); model written to ${path}\n`);
  return { testAccuracy: acc };
}
