/**
 * The three training workloads of bench/train-architectures (issue 14), built with Keel's layers
 * as training graphs, with their random inputs; bench/torch_train.py builds the PyTorch twins.
 */
import { Rng, tensor, type HostTensor } from '../src/core/index.js';
import type { Graph } from '../src/ir/index.js';
import { activation, add, batchNorm, conv2d, dense, embedding, Functional, globalAvgPool, input, lstm, maxPool2d, sequencePool, Sequential, transformerEncoderLayer, type LayerNode } from '../src/nn/index.js';

const rng = new Rng(0);
/** Seeded uniform [0, 1) floats. */
export const uniform = (shape: number[]): HostTensor => tensor('float32', shape, Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.uniform()));
/** Seeded int64 values in [0, n). */
export const ints = (shape: number[], n: number): HostTensor => tensor('int64', shape, Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.int(n)));

/** torchvision's BasicBlock: conv3x3-BN-ReLU-conv3x3-BN, plus the (1x1 conv-BN) shortcut when the shape changes. */
function basicBlock(x: LayerNode, filters: number, stride: number, project: boolean): LayerNode {
  const h = x.then(conv2d(filters, 3, { stride, padding: 1, bias: false })).then(batchNorm()).then(activation('relu')).then(conv2d(filters, 3, { padding: 1, bias: false })).then(batchNorm());
  const skip = project ? x.then(conv2d(filters, 1, { stride, bias: false })).then(batchNorm()) : x;
  return add(h, skip).then(activation('relu'));
}

/** ResNet-18 as torchvision builds it (bias-free convolutions before each batch norm); the stem's 3x3/2 padded max pool is a 2x2/2 pool (same 8x8 output). */
function resnet18(): Graph {
  const x = input();
  let h = x.then(conv2d(64, 7, { stride: 2, padding: 3, bias: false })).then(batchNorm()).then(activation('relu')).then(maxPool2d(2));
  for (const [i, filters] of [64, 128, 256, 512].entries()) {
    h = basicBlock(h, filters, i === 0 ? 1 : 2, i > 0);
    h = basicBlock(h, filters, 1, false);
  }
  const net = new Functional(h.then(globalAvgPool()).then(dense(10)), { seed: 0 });
  return net.graph({ inputShape: ['N', 3, 32, 32], training: true });
}

function encoder(): Graph {
  const layer = (): ReturnType<typeof transformerEncoderLayer> => transformerEncoderLayer({ heads: 4, ff: 512, dropout: 0, activation: 'relu' });
  const net = new Sequential([embedding(1000, 128), layer(), layer(), sequencePool('mean'), dense(10)], { seed: 0 });
  return net.graph({ inputShape: ['N', 64], inputDtype: 'int64', training: true });
}

function lstm2(): Graph {
  const net = new Sequential([lstm(128, { returnSequences: true }), lstm(128), dense(10)], { seed: 0 });
  return net.graph({ inputShape: ['N', 64, 32], training: true });
}

/** One workload: its graph builder and `k` stacked batches [k, B, ...] (default 1). */
export interface Workload {
  readonly name: string;
  readonly what: string;
  readonly batch: number;
  readonly graph: () => Graph;
  readonly x: (k?: number) => HostTensor;
}
export const WORKLOADS: Workload[] = [
  { name: 'resnet18', what: 'ResNet-18, 3x32x32, batch 64, Adam', batch: 64, graph: resnet18, x: (k = 1) => uniform([k, 64, 3, 32, 32]) },
  { name: 'encoder', what: '2-layer transformer encoder, 64 tokens, batch 32, Adam', batch: 32, graph: encoder, x: (k = 1) => ints([k, 32, 64], 1000) },
  { name: 'lstm', what: '2-layer LSTM 32→128, 64 steps, batch 32, Adam', batch: 32, graph: lstm2, x: (k = 1) => uniform([k, 32, 64, 32]) },
];

