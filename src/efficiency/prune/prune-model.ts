import { Model } from '../../model/index.js';
import { UsageError, type HostTensor } from '../../core/index.js';
import type { Graph, Value } from '../../ir/index.js';
import { compareModels, type Comparison } from '../common/evaluate-models.js';
import type { TrainOptions } from '../common/train-graph.js';
import { exportModel } from '../../onnx/index.js';
import { countCosts } from '../profile/index.js';
import { removeZeroChannels, type KeptZeroChannels, type RemovedChannels } from './channel-remover.js';
import { applyMasks, fineTuneMasked } from './fine-tune.js';
import { prunableWeights, type PrunableWeight, type Pruner } from './pruner.js';

/** Sparsity of one pruned weight. */
export interface LayerSparsity {
  readonly weight: string;
  readonly elements: number;
  readonly zeros: number;
  readonly sparsity: number;
  /** Output channels that are entirely zero. */
  readonly zeroChannels: number;
  readonly channels: number;
}

/** What {@link pruneModel} reports. */
export interface PruneReport {
  readonly pruner: string;
  readonly targetSparsity: number;
  /** Zeros over all prunable weights. */
  readonly sparsity: number;
  readonly layers: readonly LayerSparsity[];
  /** Channel pruning: layers cut down to their remaining channels, and the size and cost before → after. */
  readonly structure?: StructureChange;
  /** Pruned model vs original, before and after fine-tuning (with evaluation rows). */
  readonly afterPruning?: Comparison;
  readonly afterFineTuning?: Comparison;
}

/** How channel removal changed a model (per sample FLOPs as the profiler counts them). */
export interface StructureChange {
  readonly removed: readonly RemovedChannels[];
  readonly kept: readonly KeptZeroChannels[];
  readonly parametersBefore: number;
  readonly parametersAfter: number;
  readonly flopsBefore: number;
  readonly flopsAfter: number;
  readonly bytesBefore: number;
  readonly bytesAfter: number;
}

/** Options for {@link pruneModel}. */
export interface PruneOptions {
  readonly pruner: Pruner;
  /** Fraction of weights (magnitude) or output channels (channel) to zero, in [0, 1). */
  readonly sparsity: number;
  /** Training rows for fine-tuning with the masks fixed. */
  readonly fineTune?: { readonly x: HostTensor; readonly y: HostTensor; readonly options: TrainOptions };
  readonly evaluation?: { readonly x: HostTensor; readonly y?: HostTensor };
  /** Channel pruning: cut the zeroed channels out of the layers (default true); false only zeroes them. */
  readonly shrink?: boolean;
}

/** Per-layer and overall sparsity of the prunable weights of a graph. */
export function sparsityReport(graph: Graph): { sparsity: number; layers: LayerSparsity[] } {
  const layers = prunableWeights(graph).map((w) => layerSparsity(w));
  const total = layers.reduce((s, l) => s + l.elements, 0);
  return { sparsity: layers.reduce((s, l) => s + l.zeros, 0) / Math.max(1, total), layers };
}

function layerSparsity(w: PrunableWeight): LayerSparsity {
  const d = w.data.data;
  const channels = w.data.shape[w.outAxis]!;
  const inner = w.data.shape.slice(w.outAxis + 1).reduce((p, x) => p * x, 1);
  const nonzero = new Uint8Array(channels);
  let zeros = 0;
  for (let i = 0; i < d.length; i++) {
    if (d[i] === 0) zeros++;
    else nonzero[Math.floor(i / inner) % channels] = 1;
  }
  return { weight: w.value.name, elements: d.length, zeros, sparsity: zeros / d.length, zeroChannels: nonzero.filter((v) => v === 0).length, channels };
}

/**
 * Prunes a model's Conv/Gemm/MatMul weights, optionally fine-tunes with the masks fixed, and
 * reports sparsity and accuracy against the original.
 *
 * @example `const { graph: p, report } = await pruneModel(graph, { pruner: new MagnitudePruner(), sparsity: 0.8 });`
 */
export async function pruneModel(model: Graph | Model, o: PruneOptions): Promise<{ graph: Graph; report: PruneReport }> {
  const graph = model instanceof Model ? model.graph : model;
  if (!(o.sparsity >= 0 && o.sparsity < 1)) throw new UsageError('PRUNE_SPARSITY', `sparsity must be in [0, 1), got ${o.sparsity}`, { sparsity: o.sparsity });
  const weights = prunableWeights(graph);
  if (weights.length === 0) throw new UsageError('PRUNE_NOTHING', `the model has no Conv, Gemm or MatMul with a constant float32 weight to prune (its ops: ${[...new Set(graph.nodes.map((n) => n.op))].join(', ')}); prune a model with dense or convolution layers`, { ops: [...new Set(graph.nodes.map((n) => n.op))] });
  let masks: Map<Value, Uint8Array> = o.pruner.masks(weights, o.sparsity);
  if (o.pruner.name === 'channel') for (const w of weights) addBiasMask(w, masks);
  let pruned = applyMasks(graph, masks);
  let structure: StructureChange | undefined;
  if (o.pruner.name === 'channel' && o.shrink !== false) {
    const r = removeZeroChannels(pruned);
    pruned = r.graph;
    masks = channelMasks(pruned);
    const [a, b] = [sizes(graph), sizes(pruned)];
    structure = { removed: r.removed, kept: r.kept, parametersBefore: a.parameters, parametersAfter: b.parameters, flopsBefore: a.flops, flopsAfter: b.flops, bytesBefore: a.bytes, bytesAfter: b.bytes };
  }
  const ev = o.evaluation;
  const afterPruning = ev ? await compareModels(graph, pruned, ev.x, ev.y) : undefined;
  let afterFineTuning: Comparison | undefined;
  if (o.fineTune) {
    const byName = new Map([...masks].map(([v, m]) => [v.name, m]));
    const remapped = new Map(pruned.initializers.filter((v) => byName.has(v.name)).map((v) => [v, byName.get(v.name)!]));
    pruned = await fineTuneMasked(pruned, remapped, o.fineTune.x, o.fineTune.y, o.fineTune.options);
    afterFineTuning = ev ? await compareModels(graph, pruned, ev.x, ev.y) : undefined;
  }
  const s = sparsityReport(pruned);
  return {
    graph: pruned,
    report: { pruner: o.pruner.name, targetSparsity: o.sparsity, sparsity: s.sparsity, layers: s.layers, ...(structure ? { structure } : {}), ...(afterPruning ? { afterPruning } : {}), ...(afterFineTuning ? { afterFineTuning } : {}) },
  };
}

/** Zeroes the bias of every fully pruned output channel. */
function addBiasMask(w: PrunableWeight, masks: Map<Value, Uint8Array>): void {
  const m = masks.get(w.value);
  if (!m || !w.bias) return;
  const channels = w.data.shape[w.outAxis]!;
  const inner = w.data.shape.slice(w.outAxis + 1).reduce((p, x) => p * x, 1);
  const keep = new Uint8Array(channels);
  for (let i = 0; i < m.length; i++) if (m[i]) keep[Math.floor(i / inner) % channels] = 1;
  masks.set(w.bias, keep);
}

/** Parameters, FLOPs per sample and file bytes of a graph. */
function sizes(g: Graph): { parameters: number; flops: number; bytes: number } {
  const costs = countCosts(g);
  return { parameters: costs.reduce((a, c) => a + c.parameters, 0), flops: costs.reduce((a, c) => a + c.flops, 0), bytes: exportModel(g).length };
}

/** Keep-masks that hold the all-zero output channels (and their biases) of a graph at zero. */
function channelMasks(g: Graph): Map<Value, Uint8Array> {
  const masks = new Map<Value, Uint8Array>();
  for (const w of prunableWeights(g)) {
    const d = w.data.data;
    const channels = w.data.shape[w.outAxis]!;
    const inner = w.data.shape.slice(w.outAxis + 1).reduce((p, x) => p * x, 1);
    const live = new Uint8Array(channels);
    for (let i = 0; i < d.length; i++) if (d[i] !== 0) live[Math.floor(i / inner) % channels] = 1;
    if (live.every((v) => v === 1)) continue;
    masks.set(w.value, Uint8Array.from(d, (_, i) => live[Math.floor(i / inner) % channels]!));
    addBiasMask(w, masks);
  }
  return masks;
}
