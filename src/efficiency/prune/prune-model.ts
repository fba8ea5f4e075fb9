import { UsageError, type HostTensor } from '../../core/index.js';
import type { Graph, Value } from '../../ir/index.js';
import { compareModels, type Comparison } from '../common/evaluate-models.js';
import type { TrainOptions } from '../common/train-graph.js';
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
  /** Pruned model vs original, before and after fine-tuning (with evaluation rows). */
  readonly afterPruning?: Comparison;
  readonly afterFineTuning?: Comparison;
}

/** Options for {@link pruneModel}. */
export interface PruneOptions {
  readonly pruner: Pruner;
  /** Fraction of weights (magnitude) or output channels (channel) to zero, in [0, 1). */
  readonly sparsity: number;
  /** Training rows for fine-tuning with the masks fixed. */
  readonly fineTune?: { readonly x: HostTensor; readonly y: HostTensor; readonly options: TrainOptions };
  readonly evaluation?: { readonly x: HostTensor; readonly y?: HostTensor };
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
export async function pruneModel(graph: Graph, o: PruneOptions): Promise<{ graph: Graph; report: PruneReport }> {
  if (!(o.sparsity >= 0 && o.sparsity < 1)) throw new UsageError('PRUNE_SPARSITY', `sparsity must be in [0, 1), got ${o.sparsity}`, { sparsity: o.sparsity });
  const weights = prunableWeights(graph);
  if (weights.length === 0) throw new UsageError('PRUNE_NOTHING', 'the model has no Conv, Gemm or MatMul with a constant float32 weight to prune', {});
  const masks: Map<Value, Uint8Array> = o.pruner.masks(weights, o.sparsity);
  if (o.pruner.name === 'channel') for (const w of weights) addBiasMask(w, masks);
  let pruned = applyMasks(graph, masks);
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
    report: { pruner: o.pruner.name, targetSparsity: o.sparsity, sparsity: s.sparsity, layers: s.layers, ...(afterPruning ? { afterPruning } : {}), ...(afterFineTuning ? { afterFineTuning } : {}) },
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
