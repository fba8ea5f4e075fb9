import type { HostTensor } from '../../core/index.js';
import type { Graph, Node, Value } from '../../ir/index.js';
import { GraphRewriter, consumers } from '../common/graph-rewriter.js';

/** A layer whose output channels were removed. */
export interface RemovedChannels {
  readonly node: string;
  readonly op: string;
  readonly channelsBefore: number;
  readonly channelsAfter: number;
  /** The node whose input channels (or weight rows) were removed to match. */
  readonly consumer: string;
}

/** A layer with all-zero channels that stay in place, and why. */
export interface KeptZeroChannels {
  readonly node: string;
  readonly zeroChannels: number;
  readonly reason: string;
}

/** What {@link removeZeroChannels} did. */
export interface ChannelRemoval {
  readonly graph: Graph;
  readonly removed: readonly RemovedChannels[];
  readonly kept: readonly KeptZeroChannels[];
}

/** Ops that map an all-zero channel to an all-zero channel, keeping the channel axis. */
const ZERO_PRESERVING = new Set(['Relu', 'LeakyRelu', 'Tanh', 'Elu', 'Selu', 'Gelu', 'Softsign', 'Neg', 'Abs', 'Identity', 'Dropout', 'MaxPool', 'AveragePool', 'GlobalAveragePool', 'GlobalMaxPool']);

interface Producer {
  readonly node: Node;
  readonly w: Value;
  readonly axis: number;
  readonly b?: Value;
}

function producer(n: Node): Producer | undefined {
  const w = n.inputs[1];
  if (!w || w.kind !== 'initializer' || w.dtype !== 'float32' || !w.known || w.rank < 2) return undefined;
  const b = n.inputs[2] ?? undefined;
  if (b && (b.kind !== 'initializer' || !b.known)) return undefined;
  if (n.op === 'Conv' && Number(n.attrs['group'] ?? 1) === 1) return { node: n, w, axis: 0, ...(b ? { b } : {}) };
  if (n.op === 'Gemm' && Number(n.attrs['transA'] ?? 0) === 0 && w.rank === 2) return { node: n, w, axis: Number(n.attrs['transB'] ?? 0) ? 0 : 1, ...(b ? { b } : {}) };
  if (n.op === 'MatMul' && w.rank === 2) return { node: n, w, axis: 1 };
  return undefined;
}

/** Output channels whose weights are all zero and whose bias (if any) is zero: they output exactly 0. */
function zeroChannels(p: Producer): number[] {
  const w = p.w.known!;
  const channels = w.shape[p.axis]!;
  const inner = w.shape.slice(p.axis + 1).reduce((a, d) => a * d, 1);
  const nonzero = new Uint8Array(channels);
  w.data.forEach((v: number | bigint, i: number) => {
    if (v !== 0) nonzero[Math.floor(i / inner) % channels] = 1;
  });
  const bias = p.b?.known?.data;
  return [...nonzero.keys()].filter((c) => !nonzero[c] && (!bias || bias[c] === 0));
}

/** Keeps the entries of `t` whose index along `axis` maps (through `keep`) to a kept position. */
function slice(t: HostTensor, axis: number, keep: readonly number[]): HostTensor {
  const shape = [...t.shape];
  const inner = shape.slice(axis + 1).reduce((a, d) => a * d, 1);
  const outer = shape.slice(0, axis).reduce((a, d) => a * d, 1);
  const n = shape[axis]!;
  shape[axis] = keep.length;
  const src = t.data as Float32Array;
  const out = new Float32Array(outer * keep.length * inner);
  for (let o = 0; o < outer; o++) keep.forEach((k, j) => { out.set(src.subarray((o * n + k) * inner, (o * n + k + 1) * inner), (o * keep.length + j) * inner); });
  return { dtype: t.dtype, shape, data: out };
}

/**
 * Structured pruning made real: output channels of Conv/Gemm/MatMul layers that are exactly zero
 * (zero filter and zero bias, as {@link ChannelPruner} leaves them) are cut out of the layer, and
 * the matching input channels of the next Conv (or rows of the next Gemm/MatMul, through a
 * Flatten) are cut too, through ops that keep zeros at zero (ReLU, pooling, …). The result
 * computes the same function with smaller weights and fewer FLOPs. Channels that feed anything
 * else (a residual Add, a Sigmoid, BatchNorm, a graph output, several readers) stay, listed.
 *
 * @example `const { graph: small, removed } = removeZeroChannels(pruned);`
 */
export function removeZeroChannels(graph: Graph): ChannelRemoval {
  const rw = new GraphRewriter(graph);
  const users = consumers(rw.nodes);
  const outputs = new Set(graph.outputs);
  const cuts = new Map<Value, { axis: number; keep: number[] }[]>();
  const cut = (v: Value, axis: number, keep: number[]): void => void cuts.set(v, [...(cuts.get(v) ?? []), { axis, keep }]);
  const removed: RemovedChannels[] = [];
  const kept: KeptZeroChannels[] = [];
  for (const n of rw.nodes) {
    const p = producer(n);
    if (!p) continue;
    const zero = new Set(zeroChannels(p));
    if (zero.size === 0) continue;
    const channels = p.w.shape[p.axis] as number;
    const target = follow(n.output(), users, outputs, n.op === 'Conv' ? 1 : -1);
    if ('reason' in target) {
      kept.push({ node: n.name, zeroChannels: zero.size, reason: target.reason });
      continue;
    }
    const keep = Array.from({ length: channels }, (_, c) => c).filter((c) => !zero.has(c));
    if (keep.length === 0) {
      kept.push({ node: n.name, zeroChannels: zero.size, reason: 'every channel is zero; keeping one layer alive is up to the model' });
      continue;
    }
    cut(p.w, p.axis, keep);
    if (p.b) cut(p.b, 0, keep);
    const rows = keep.flatMap((c) => Array.from({ length: target.spatial }, (_, s) => c * target.spatial + s));
    cut(target.w, target.axis, rows);
    removed.push({ node: n.name, op: n.op, channelsBefore: channels, channelsAfter: keep.length, consumer: target.node.name });
  }
  for (const [v, list] of cuts) rw.weight(v, list.reduce((t, c) => slice(t, c.axis, c.keep), v.known!));
  for (const n of rw.nodes) rw.copy(n);
  return { graph: rw.finish(), removed, kept };
}

/** Follows a layer's output to the next weight layer; `spatial` is the rows per channel after a Flatten. */
function follow(start: Value, users: Map<Value, Node[]>, outputs: Set<Value>, channelAxis: number): { node: Node; w: Value; axis: number; spatial: number } | { reason: string } {
  let v = start;
  let spatial = 1;
  let flat = channelAxis === -1;
  for (;;) {
    if (outputs.has(v)) return { reason: `${v.name} is a graph output` };
    const us = users.get(v) ?? [];
    if (us.length !== 1) return { reason: `${v.name} is read by ${us.length} nodes (${us.map((u) => u.op).join(', ')})` };
    const u = us[0]!;
    if (u.inputs[0] !== v) return { reason: `${v.name} is not the data input of ${u.op} ${u.name}` };
    if (ZERO_PRESERVING.has(u.op)) {
      v = u.output();
      continue;
    }
    if (u.op === 'Flatten' && !flat && Number(u.attrs['axis'] ?? 1) === 1) {
      const dims = v.shape.slice(2);
      if (!dims.every((d): d is number => typeof d === 'number')) return { reason: `${u.name} flattens a symbolic spatial shape` };
      spatial = dims.reduce((a, d) => a * d, 1);
      flat = true;
      v = u.output();
      continue;
    }
    const p = producer(u);
    if (p && u.op === 'Conv' && !flat) return { node: u, w: p.w, axis: 1, spatial: 1 };
    if (p && u.op !== 'Conv' && flat) return { node: u, w: p.w, axis: p.axis === 0 ? 1 : 0, spatial };
    return { reason: `channels reach ${u.op} ${u.name}, which Keel cannot shrink to match` };
  }
}
