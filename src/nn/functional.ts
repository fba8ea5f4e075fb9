import { GraphError } from '../core/index.js';
import type { Value } from '../ir/index.js';
import type { Layer, LayerContext } from './layers.js';
import { addLayer, concatLayer, type MergeLayer } from './merge-layers.js';
import { LayerNetwork } from './network.js';

/** A symbolic tensor of the functional API: the model input or a layer applied to others. */
export class LayerNode {
  private constructor(
    readonly layer: Layer | MergeLayer | undefined,
    readonly parents: readonly LayerNode[],
  ) {}

  /** The model input placeholder. */
  static input(): LayerNode {
    return new LayerNode(undefined, []);
  }

  /** Applies a one-input layer to this node. */
  then(layer: Layer): LayerNode {
    return new LayerNode(layer, [this]);
  }

  /** Applies a merge layer (add, concat) to several nodes. */
  static merge(layer: MergeLayer, parents: readonly LayerNode[]): LayerNode {
    return new LayerNode(layer, parents);
  }
}

/**
 * The functional API's input placeholder.
 * @example `const x = input(); const y = x.then(dense(10));`
 */
export function input(): LayerNode {
  return LayerNode.input();
}

/** Elementwise sum of nodes (residual connections). */
export function add(...nodes: LayerNode[]): LayerNode {
  return LayerNode.merge(addLayer(), nodes);
}

/** Concatenation of nodes along `axis` (default 1). */
export function concat(nodes: readonly LayerNode[], axis = 1): LayerNode {
  return LayerNode.merge(concatLayer(axis), nodes);
}

/**
 * A model from a graph of {@link LayerNode}s (functional API): branches, skips and merges.
 *
 * @example
 * ```ts
 * const x = input();
 * const h = x.then(dense(64, { activation: 'relu' }));
 * const model = new Functional(add(h, h.then(dense(64))).then(dense(10)), { seed: 0 });
 * ```
 */
export class Functional extends LayerNetwork {
  private readonly order: LayerNode[] = [];

  constructor(
    readonly output: LayerNode,
    opts: { seed?: number } = {},
  ) {
    super(opts);
    const seen = new Set<LayerNode>();
    const visit = (n: LayerNode): void => {
      if (seen.has(n)) return;
      seen.add(n);
      n.parents.forEach(visit);
      this.order.push(n);
    };
    visit(output);
    const inputs = this.order.filter((n) => !n.layer).length;
    if (inputs !== 1) throw new GraphError('MODEL_INPUT', `a functional model needs exactly one input() node, found ${inputs}; build the output from one input()`, { inputs });
  }

  protected forward(ctx: LayerContext, x: Value): Value {
    const values = new Map<LayerNode, Value>();
    this.order.forEach((n, i) => {
      const l = n.layer;
      const ins = n.parents.map((p) => values.get(p)!);
      if (!l) values.set(n, x);
      else if ('merge' in l) values.set(n, l.merge(ctx, ins, `${l.kind}${i}`));
      else values.set(n, l.apply(ctx, ins[0]!, `${l.kind}${i}`));
    });
    return values.get(this.output)!;
  }
}
