import type { HostTensor } from '../core/index.js';
import { Graph, liveNodes, type Dim } from '../ir/index.js';
import { Sequential, type Layer } from '../nn/index.js';
import { Builder, inlineGraph } from '../ops/index.js';
import { Session } from '../runtime/index.js';
import { predictBatched } from '../train/index.js';
import { backboneLayer, cutValue } from './backbone.js';
import { selectWeights, weightNames } from './names.js';

/** Options of {@link transferModel}. */
export interface TransferOptions {
  /** Cut the backbone at this node or value name, or `auto` (before the last Gemm/MatMul). Default: keep it whole. */
  readonly cutAt?: string;
  /** New layers on top of the cut; their weights are named `head.<layer>.<weight>`. */
  readonly head?: readonly Layer[];
  /** Seed of the head's initial weights. */
  readonly seed?: number;
}

/** A backbone with a new head, and the names to freeze it by. */
export interface TransferModel {
  /** A Keel network: `fit` trains it, `graph()` exports backbone + head as one model. */
  readonly model: Sequential;
  /** The backbone's trainable weights up to the cut, in order of use. */
  readonly backboneWeights: readonly string[];
  /**
   * Weight names selected from the backbone by comma-separated patterns (names, globs such as
   * `layer1.*` or `*`, `upto:NODE`); the head is never selected.
   */
  select(patterns: string): Set<string>;
}

/**
 * Cuts an imported (or exported Keel) model and puts new layers on top, as one Keel network.
 *
 * @example
 * ```ts
 * const t = transferModel(resnet, { cutAt: 'auto', head: [dense(10)] });
 * await fit(t.model, x, y, { epochs: 5, frozen: t.select('*') });
 * ```
 */
export function transferModel(backbone: Graph, o: TransferOptions = {}): TransferModel {
  const cut = cutValue(backbone, o.cutAt);
  const live = liveNodes(backbone, [cut]);
  const all = new Set(weightNames(backbone));
  const used = new Set(live.flatMap((n) => n.inputs.flatMap((v) => (v && all.has(v.name) ? [v.name] : []))));
  const backboneWeights = backbone.initializers.filter((v) => used.has(v.name)).map((v) => v.name);
  const head = (o.head ?? []).map((l): Layer => ({ kind: l.kind, apply: (ctx, x, name) => l.apply(ctx, x, `head.${name}`) }));
  const model = new Sequential([backboneLayer(backbone, cut), ...head], { seed: o.seed ?? 0 });
  return { model, backboneWeights, select: (patterns) => selectWeights(backbone, patterns, backboneWeights) };
}

/** Group key of a weight name: `head.<layer>` for the head, else the text before the first dot. */
function groupOf(name: string): string {
  const parts = name.split('.');
  return parts[0] === 'head' ? parts.slice(0, 2).join('.') : (parts[0] ?? name);
}

/**
 * The trainable weights of a graph in layer groups, from the output down: a group is the head
 * layer, or the backbone's top-level module (the name before the first dot, e.g. `layer4`).
 * @example `layerGroups(model.graph({ inputShape: ['N', 3, 64, 64] }))[0] // ['head.dense1.weight', 'head.dense1.bias']`
 */
export function layerGroups(graph: Graph): string[][] {
  const groups = new Map<string, string[]>();
  for (const w of weightNames(graph)) {
    const k = groupOf(w);
    groups.set(k, [...(groups.get(k) ?? []), w]);
  }
  return [...groups.values()].reverse();
}

/**
 * Discriminative learning rates: the top group trains at the base rate, each group below at
 * `decay` times the one above.
 * @example `depthLrFactors(layerGroups(graph), 0.5) // Map { 'head…' → 1, 'layer4…' → 0.5, ... }`
 */
export function depthLrFactors(groups: readonly (readonly string[])[], decay: number): Map<string, number> {
  return new Map(groups.flatMap((g, depth) => g.map((w): [string, number] => [w, decay ** depth])));
}

/**
 * Features of `x` at a node of `graph` (`keel embed`): the graph is cut there and run in batches.
 * @example `const features = await embed(resnet, 'auto', x);`
 */
export async function embed(graph: Graph, layer: string, x: HostTensor, inputShape?: readonly Dim[]): Promise<HostTensor> {
  const cut = cutValue(graph, layer);
  const g = new Graph('embed');
  const b = new Builder(g);
  const src = graph.inputs[0]!;
  const input = g.addInput(src.name, { dtype: src.dtype, shape: inputShape ?? ['N', ...src.shape.slice(1)] });
  const out = inlineGraph(b, graph, new Map([[src, input]]), [cut]).get(cut)!;
  g.setOutputs(b.op1('Identity', [out], {}, { outputNames: ['features'] }));
  const session = await Session.create(g);
  try {
    return await predictBatched(session, x, 256);
  } finally {
    await session.release();
  }
}
