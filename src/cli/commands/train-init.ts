import { join } from 'node:path';
import { Rng, UsageError } from '../../core/index.js';
import { ensureFolder, readNpy, writeFileAtomic } from '../../io/index.js';
import { exportModel, loadOnnx } from '../../onnx/index.js';
import { softmaxCrossEntropy } from '../../nn/index.js';
import { OPTIMIZERS, type OptimizerName } from '../../optim/index.js';
import { TrainStep } from '../../runtime/index.js';
import { checkFeatures, checkLabels, trainEpoch } from '../../train/index.js';
import { ProgressLine } from '../report.js';

/** Options of `keel train --init`: fine-tuning an imported ONNX model. */
export interface FineTuneOptions {
  readonly init: string;
  readonly data: string;
  readonly labels: string;
  readonly epochs: number;
  readonly batchSize: number;
  readonly optimizer: OptimizerName;
  readonly lr: number;
  readonly shuffle: boolean;
  readonly seed: number;
  readonly out: string;
}

/**
 * Fine-tunes an imported model with mean softmax cross-entropy and writes `DIR/model.onnx`.
 * With `shuffle: false` and SGD it reproduces PyTorch batch for batch.
 */
export async function fineTuneCommand(o: FineTuneOptions): Promise<void> {
  const { graph } = await loadOnnx(o.init);
  const input = graph.inputs[0];
  const output = graph.outputs[0];
  if (!input || !output) throw new UsageError('MODEL_IO', `${o.init}: the model needs an input and an output`, {});
  const x = checkFeatures(readNpy(o.data), input, o.data);
  const classes = output.shape[1];
  const y = checkLabels(readNpy(o.labels), x.shape[0] ?? 0, typeof classes === 'number' ? classes : undefined, o.labels);
  const step = await TrainStep.compile({ model: graph, loss: softmaxCrossEntropy, target: { dtype: 'int64', shape: [input.shape[0]!] }, optimizer: OPTIMIZERS[o.optimizer]() });
  const rng = new Rng(o.seed);
  const progress = new ProgressLine();
  const history: { epoch: number; loss: number; lr: number }[] = [];
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    const t0 = Date.now();
    const loss = await trainEpoch(step, x, y, { batchSize: o.batchSize, shuffle: o.shuffle, lr: () => o.lr, rng });
    history.push({ epoch, loss, lr: o.lr });
    progress.line(`epoch ${epoch}/${o.epochs}  loss ${loss.toFixed(5)}  ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  }
  step.writeBack();
  await step.release();
  ensureFolder(o.out);
  writeFileAtomic(join(o.out, 'model.onnx'), exportModel(graph));
  writeFileAtomic(join(o.out, 'history.json'), JSON.stringify(history, null, 2));
  process.stdout.write(`wrote ${join(o.out, 'model.onnx')}\n`);
}
