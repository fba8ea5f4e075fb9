import { existsSync, statSync } from 'node:fs';
import { UsageError, type HostTensor } from '../../core/index.js';
import { readNpy, writeNpy } from '../../io/index.js';
import { checkFeatures } from '../../train/index.js';
import { isTabularPath, loadDataset } from '../../data/index.js';
import { embed } from '../../transfer/index.js';
import { loadInit } from './train-model.js';
import { rawCsvFeatures } from './predict.js';

/** Options of `keel embed`. */
export interface EmbedOptions {
  readonly model: string;
  /** Node (or value) name to read the features at, or `auto` (before the last Gemm/MatMul). */
  readonly layer: string;
  readonly data: string;
  readonly out: string;
  readonly preprocess?: string;
}

/** Rows of any data `keel train` reads, without labels: .npy, a raw CSV (encoded as in training), a folder of class folders, mnist. */
async function features(o: EmbedOptions): Promise<HostTensor> {
  if (/\.npy$/i.test(o.data)) return readNpy(o.data);
  if (isTabularPath(o.data)) return (await rawCsvFeatures(o.data, o)).x;
  if (o.data === 'mnist' || o.data === 'mnist-test' || (existsSync(o.data) && statSync(o.data).isDirectory())) return (await loadDataset({ data: o.data }, 0, 0)).train.x;
  throw new UsageError('DATA_FORMAT', `${o.data}: keel embed reads .npy, a raw .csv (with preprocess.json beside the model), a folder of class folders, or mnist`, { file: o.data });
}

/**
 * `keel embed`: the model's activations at `--layer` for every row of `--data`, written as .npy
 * (features for a linear probe or a small head).
 * @example `await embedCommand({ model: 'resnet.onnx', layer: 'auto', data: 'x.npy', out: 'features.npy' })`
 */
export async function embedCommand(o: EmbedOptions): Promise<void> {
  if (!/\.npy$/i.test(o.out)) throw new UsageError('CLI_OPTION', `--out must be an .npy file, got ${o.out}`, { out: o.out });
  const graph = await loadInit(o.model);
  const x = checkFeatures(await features(o), graph.inputs[0]!, o.data);
  const out = await embed(graph, o.layer, x);
  writeNpy(o.out, out);
  process.stdout.write(`wrote ${o.out} [${out.shape.join(', ')}]\n`);
}
