import { GraphError, UsageError } from '../core/index.js';
import { liveNodes, type Graph, type Value } from '../ir/index.js';
import type { Layer } from '../nn/index.js';
import { inlineGraph } from '../ops/index.js';
import { findValue } from './names.js';

/**
 * The value to cut `graph` at: a node (or value) name, or `auto` — the input of the last Gemm or
 * MatMul, i.e. the features the classifier reads. Without `at`, the model's output.
 * @example `cutValue(resnet, 'auto') // the 512 pooled features`
 */
export function cutValue(graph: Graph, at?: string): Value {
  if (at === undefined) return graph.outputs[0]!;
  if (at !== 'auto') return findValue(graph, at);
  const last = [...graph.nodes].reverse().find((n) => n.op === 'Gemm' || n.op === 'MatMul');
  if (!last) throw new GraphError('CUT_AUTO', `cut at auto looks for the last Gemm or MatMul (the classifier), but the model has none (its ops: ${[...new Set(graph.nodes.map((n) => n.op))].join(', ')}); name the node to cut at instead`, { ops: [...new Set(graph.nodes.map((n) => n.op))] });
  return last.input(0);
}

/**
 * A layer that applies `graph` up to `cut` (its weights keep their names, so freeze patterns name
 * them as in the original model). Nodes after the cut are dropped. BatchNormalization nodes of an
 * imported graph run in inference mode: their statistics never change.
 *
 * @example `new Sequential([backboneLayer(resnet, cutValue(resnet, 'auto')), dense(10)])`
 */
export function backboneLayer(graph: Graph, cut: Value): Layer {
  if (graph.inputs.length !== 1) throw new UsageError('BACKBONE_INPUTS', `a backbone needs exactly one input, the model has ${graph.inputs.length} (${graph.inputs.map((v) => v.name).join(', ')})`, { inputs: graph.inputs.map((v) => v.name) });
  const live = liveNodes(graph, [cut]);
  const weights = [...new Set(live.flatMap((n) => n.inputs.filter((v): v is Value => v?.kind === 'initializer' && v.known !== undefined)))];
  return {
    kind: 'backbone',
    apply(ctx, x) {
      const bind = new Map<Value, Value>([[graph.inputs[0]!, x]]);
      for (const w of weights) bind.set(w, ctx.param(w.name, () => w.known!));
      return inlineGraph(ctx.b, graph, bind, [cut]).get(cut)!;
    },
  };
}

/**
 * A whole graph as a head layer (e.g. a linear probe trained on `keel embed` features): its input
 * width must equal the width of the cut; its weights are renamed `head.<name>`.
 */
export function graphHeadLayer(graph: Graph, file: string): Layer {
  const input = graph.inputs[0];
  if (!input || graph.inputs.length !== 1) throw new UsageError('HEAD_MODEL', `${file}: a head model needs exactly one input`, { file });
  return {
    kind: 'head',
    apply(ctx, x) {
      const want = input.shape.slice(1);
      const got = x.shape.slice(1);
      if (want.length !== got.length || want.some((d, i) => typeof d === 'number' && typeof got[i] === 'number' && d !== got[i])) {
        throw new UsageError('HEAD_WIDTH', `${file}: the head reads inputs [N, ${want.join(', ')}] but the cut gives [N, ${got.join(', ')}]; cut at another node or retrain the head on features of this cut (keel embed)`, { file, expected: want, actual: got });
      }
      const bind = new Map<Value, Value>([[input, x]]);
      for (const w of graph.initializers) if (w.known) bind.set(w, ctx.param(`head.${w.name}`, () => w.known!));
      return inlineGraph(ctx.b, graph, bind, [graph.outputs[0]!]).get(graph.outputs[0]!)!;
    },
  };
}
