import type { HostTensor } from '../../core/index.js';
import { liveNodes, type Graph, type Value } from '../../ir/index.js';

/** A weight a pruner may zero: the weight of a Conv, MatMul or Gemm, with its output-channel axis. */
export interface PrunableWeight {
  readonly value: Value;
  readonly data: HostTensor<'float32'>;
  readonly outAxis: number;
  /** The node's bias, zeroed with its channel by structured pruning. */
  readonly bias?: Value;
}

/** A pruner decides which entries of each weight to keep (1) or zero (0). */
export interface Pruner {
  readonly name: string;
  /** One keep-mask per weight, same length as the weight's data. */
  masks(weights: readonly PrunableWeight[], sparsity: number): Map<Value, Uint8Array>;
}

/**
 * The prunable weights of a graph: float32 initializer weights of Conv, MatMul and Gemm nodes.
 * @example `const ws = prunableWeights(graph);`
 */
export function prunableWeights(graph: Graph): PrunableWeight[] {
  const out: PrunableWeight[] = [];
  for (const n of liveNodes(graph)) {
    if (n.op !== 'Conv' && n.op !== 'MatMul' && n.op !== 'Gemm') continue;
    const w = n.inputs[1];
    if (!w || w.kind !== 'initializer' || w.dtype !== 'float32' || !w.known || w.rank < 2) continue;
    const outAxis = n.op === 'Conv' ? 0 : n.op === 'MatMul' ? 1 : Number(n.attrs['transB'] ?? 0) ? 0 : 1;
    const b = n.inputs[2];
    out.push({ value: w, data: w.known as HostTensor<'float32'>, outAxis, ...(b && b.kind === 'initializer' ? { bias: b } : {}) });
  }
  return out;
}


/**
 * Unstructured magnitude pruning: in every weight, the `sparsity` fraction of entries with the
 * smallest |w| is zeroed (layer-wise, so no layer is emptied).
 */
export class MagnitudePruner implements Pruner {
  readonly name = 'magnitude';
  masks(weights: readonly PrunableWeight[], sparsity: number): Map<Value, Uint8Array> {
    const out = new Map<Value, Uint8Array>();
    for (const w of weights) {
      const d = w.data.data;
      const k = Math.floor(sparsity * d.length);
      const mask = new Uint8Array(d.length).fill(1);
      if (k > 0) {
        const abs = Float32Array.from(d, Math.abs);
        const order = Array.from({ length: d.length }, (_, i) => i).sort((a, b) => abs[a]! - abs[b]!);
        for (let i = 0; i < k; i++) mask[order[i]!] = 0;
      }
      out.set(w.value, mask);
    }
    return out;
  }
}

/**
 * Structured (channel) pruning: in every Conv/Gemm/MatMul except the last one (the classifier),
 * the `sparsity` fraction of output channels with the smallest L1 norm is zeroed — whole filters
 * with their bias, so the channel outputs zero; `pruneModel` then cuts such channels out of
 * the layers (see `removeZeroChannels`).
 */
export class ChannelPruner implements Pruner {
  readonly name = 'channel';
  masks(weights: readonly PrunableWeight[], sparsity: number): Map<Value, Uint8Array> {
    const out = new Map<Value, Uint8Array>();
    weights.forEach((w, wi) => {
      const d = w.data.data;
      const shape = w.data.shape;
      const channels = shape[w.outAxis]!;
      const inner = shape.slice(w.outAxis + 1).reduce((p, x) => p * x, 1);
      const chan = (i: number): number => Math.floor(i / inner) % channels;
      const mask = new Uint8Array(d.length).fill(1);
      const last = wi === weights.length - 1;
      const k = last ? 0 : Math.floor(sparsity * channels);
      if (k > 0) {
        const norms = new Float64Array(channels);
        for (let i = 0; i < d.length; i++) norms[chan(i)]! += Math.abs(d[i]!);
        const order = Array.from({ length: channels }, (_, c) => c).sort((a, b) => norms[a]! - norms[b]!);
        const drop = new Set(order.slice(0, k));
        for (let i = 0; i < d.length; i++) if (drop.has(chan(i))) mask[i] = 0;
      }
      out.set(w.value, mask);
    });
    return out;
  }
}

/** Pruners by name, for the CLI. */
export const PRUNERS = { magnitude: () => new MagnitudePruner(), channel: () => new ChannelPruner() } as const;
export type PrunerName = keyof typeof PRUNERS;
