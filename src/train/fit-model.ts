import type { DType, HostTensor } from '../core/index.js';
import { Graph, type Dim } from '../ir/index.js';
import type { Network, TrainingGraph } from '../nn/index.js';

/** What {@link fit} trains: a Keel network, or any graph (an imported ONNX model, a cut backbone with a new head). */
export type FitModel = Network | Graph;

/** The graphs {@link fit} needs from a model, built for one input type. */
export interface FitGraphs {
  /** The training graph with `frozen` weights held fixed (frozen BatchNorm layers in inference mode). */
  training(frozen: ReadonlySet<string>): TrainingGraph;
  /** The inference graph with the latest weights given to {@link FitGraphs.setWeights}. */
  inference(): Graph;
  setWeights(weights: ReadonlyMap<string, HostTensor>): void;
}

/**
 * Names of the running mean and variance of every `BatchNormalization` node. Such a node runs in
 * inference mode (an imported graph, a frozen Keel BatchNorm), so training never changes these.
 * @example `batchNormStatistics(graph) // Set { 'bn1.running_mean', 'bn1.running_var', ... }`
 */
export function batchNormStatistics(graph: Graph): Set<string> {
  const out = new Set<string>();
  for (const n of graph.nodes) {
    if (n.op !== 'BatchNormalization') continue;
    for (const i of [3, 4]) {
      const v = n.inputs[i];
      if (v?.kind === 'initializer') out.add(v.name);
    }
  }
  return out;
}

/** Writes weights into a graph's initializers by name (copies; unknown names are ignored). */
export function setGraphWeights(graph: Graph, weights: ReadonlyMap<string, HostTensor>): void {
  for (const v of graph.initializers) {
    const w = weights.get(v.name);
    if (w) v.known = { ...w, data: w.data.slice() };
  }
}

/**
 * Adapts a model to {@link fit}: a network builds its graphs for `inputShape` (host-fed dropout
 * noise, BatchNorm buffers, weight penalties); a graph is trained as it is, in place.
 */
export function fitGraphs(model: FitModel, inputShape: readonly Dim[], inputDtype: DType): FitGraphs {
  if (model instanceof Graph) {
    return {
      training: () => ({ graph: model, carried: [], penalties: [], noise: [] }),
      inference: () => model,
      setWeights: (w) => { setGraphWeights(model, w); },
    };
  }
  return {
    training: (frozen) => model.trainingGraph({ inputShape, inputDtype, hostNoise: true, ...(frozen.size > 0 ? { frozen: (n: string) => frozen.has(n) } : {}) }),
    inference: () => model.graph({ inputShape, inputDtype }),
    setWeights: (w) => { model.setWeights(w); },
  };
}
