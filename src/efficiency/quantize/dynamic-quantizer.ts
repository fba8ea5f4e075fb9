import { tensor, type HostTensor } from '../../core/index.js';
import { liveNodes, type Graph, type Value } from '../../ir/index.js';
import { castCode } from '../../ops/index.js';
import { GraphRewriter } from '../common/graph-rewriter.js';
import { quantizeWeight } from './quant-params.js';
import type { QuantizeResult } from './static-quantizer.js';
import { DATA_MOVEMENT, KEPT_ON_REQUEST, keptNodes, recurrentSite, transpose2d, weightSite, type QuantGroup, type RecurrentSite, type SkippedNode } from './weight-site.js';

/** Options for {@link quantizeDynamic}. */
export interface DynamicQuantizeOptions {
  /** 7-bit weights so AVX2 int8 kernels cannot saturate (default true). */
  readonly reduceRange?: boolean;
  /** MatMul/Gemm/LSTM nodes to leave float32, by name. */
  readonly keepFloat32?: readonly string[];
  /** Nodes to leave float32, by name, with the reason (the measured placement sets these). */
  readonly floatReasons?: ReadonlyMap<string, string>;
}

/** Values the model reads: node inputs and graph outputs. */
function readValues(graph: Graph): Set<Value> {
  const read = new Set<Value>(graph.outputs);
  for (const n of liveNodes(graph)) for (const v of n.inputs) if (v) read.add(v);
  return read;
}

/** The quantizable MatMul/Gemm/LSTM nodes of `graph` with their data input and output, for timing. */
export function dynamicGroups(graph: Graph, opts: DynamicQuantizeOptions = {}): QuantGroup[] {
  const keep = keptNodes(liveNodes(graph), opts.keepFloat32);
  const read = readValues(graph);
  return liveNodes(graph).flatMap((n) => {
    if (keep.has(n)) return [];
    if (n.op === 'LSTM') {
      const r = recurrentSite(n, read);
      return 'reason' in r ? [] : [{ node: n.name, op: n.op, from: r.x.name, to: r.out.name }];
    }
    const site = n.op === 'MatMul' || n.op === 'Gemm' ? weightSite(n) : undefined;
    return site && !('reason' in site) ? [{ node: n.name, op: n.op, from: site.x.name, to: n.output().name }] : [];
  });
}

/**
 * Per direction, `w` [directions, gates·hidden, k] as onnxruntime's int8 LSTM wants it: transposed
 * to [directions, k, gates·hidden], symmetric int8 with one scale per gate unit ([directions, gates·hidden]).
 */
function quantizeRecurrentWeight(w: HostTensor, reduceRange: boolean): { q: HostTensor<'int8'>; scales: HostTensor<'float32'> } {
  const [dirs, units, k] = [w.shape[0]!, w.shape[1]!, w.shape[2]!];
  const q = new Int8Array(dirs * units * k);
  const scales = new Float32Array(dirs * units);
  const src = w.data as Float32Array;
  for (let d = 0; d < dirs; d++) {
    const slab: HostTensor = { dtype: 'float32', shape: [units, k], data: src.subarray(d * units * k, (d + 1) * units * k) };
    const part = quantizeWeight(transpose2d(slab), 1, reduceRange);
    q.set(part.q.data, d * units * k);
    scales.set(part.scales, d * units);
  }
  return { q: { dtype: 'int8', shape: [dirs, k, units], data: q }, scales: tensor('float32', [dirs, units], scales) };
}

/** Emits `com.microsoft.DynamicQuantizeLSTM` in place of the LSTM of `site` (same outputs, same names). */
function emitRecurrent(rw: GraphRewriter, site: RecurrentSite, reduceRange: boolean): void {
  const n = site.node;
  const [w, r] = [quantizeRecurrentWeight(site.w, reduceRange), quantizeRecurrentWeight(site.r, reduceRange)];
  const zero = (s: HostTensor): HostTensor => tensor('int8', s.shape);
  const base = n.inputs[1]!.name;
  const rbase = n.inputs[2]!.name;
  const optional = [3, 4, 5, 6, 7].map((i) => {
    const v = n.inputs[i];
    return v ? rw.get(v) : null;
  });
  const ins = [
    rw.get(site.x),
    rw.constant(`${base}_quantized`, w.q),
    rw.constant(`${rbase}_quantized`, r.q),
    ...optional,
    rw.constant(`${base}_scale`, w.scales),
    rw.constant(`${base}_zero_point`, zero(w.scales)),
    rw.constant(`${rbase}_scale`, r.scales),
    rw.constant(`${rbase}_zero_point`, zero(r.scales)),
  ];
  const attrs = Object.fromEntries(Object.entries(n.attrs).filter(([k]) => k !== 'layout'));
  const outs = rw.b.op('DynamicQuantizeLSTM', ins, attrs, { name: n.name, outputs: n.outputs.length, outputNames: n.outputs.map((o) => o.name) });
  n.outputs.forEach((o, i) => {
    rw.set(o, outs[i]!);
  });
}

/**
 * Dynamic int8 quantization: weights are stored as per-column int8, and each batch's activations
 * are quantized at run time. MatMul/Gemm become DynamicQuantizeLinear → MatMulInteger → rescale
 * (onnxruntime fuses them into one DynamicQuantizeMatMul); an LSTM becomes onnxruntime's
 * `com.microsoft.DynamicQuantizeLSTM` (W and R int8 per gate unit, the input and state of every
 * step quantized as it runs), which makes the result inference-only. Needs no calibration data;
 * Conv and every other op stay float32 and are listed (as are nodes named in `keepFloat32`).
 *
 * @example `const { graph: q } = quantizeDynamic(graph);`
 */
export function quantizeDynamic(graph: Graph, opts: DynamicQuantizeOptions = {}): QuantizeResult {
  const rw = new GraphRewriter(graph);
  const quantized: { node: string; op: string }[] = [];
  const skipped: SkippedNode[] = [];
  const b = rw.b;
  const keep = keptNodes(rw.nodes, opts.keepFloat32);
  const read = readValues(graph);
  for (const n of rw.nodes) {
    const measured = opts.floatReasons?.get(n.name);
    if (keep.has(n) || measured) {
      rw.copy(n);
      skipped.push({ node: n.name, op: n.op, reason: measured ?? KEPT_ON_REQUEST });
      continue;
    }
    if (n.op === 'LSTM') {
      const r = recurrentSite(n, read);
      if ('reason' in r) {
        rw.copy(n);
        skipped.push({ node: n.name, op: n.op, reason: r.reason });
      } else {
        emitRecurrent(rw, r, opts.reduceRange ?? true);
        quantized.push({ node: n.name, op: n.op });
      }
      continue;
    }
    const site = n.op === 'MatMul' || n.op === 'Gemm' ? weightSite(n) : undefined;
    if (!site || 'reason' in site) {
      rw.copy(n);
      if (site) skipped.push({ node: n.name, op: n.op, reason: site.reason });
      else if (!DATA_MOVEMENT.has(n.op) && n.outputs.some((o) => o.dtype === 'float32')) skipped.push({ node: n.name, op: n.op, reason: `dynamic mode quantizes MatMul/Gemm and LSTM weights only (${n.op} stays float32${n.op === 'Conv' ? '; try --mode static' : ''})` });
      continue;
    }
    // MatMulInteger wants W as [K, N]; Gemm with transB stores [N, K].
    const w = site.axis === 0 ? transpose2d(site.weight) : site.weight;
    const { q, scales } = quantizeWeight(w, 1, opts.reduceRange ?? true);
    const wq = rw.constant(`${site.w.name}_quantized`, q);
    const wz = rw.constant(`${site.w.name}_zero_point`, tensor('int8', []));
    const ws = rw.constant(`${site.w.name}_scale`, tensor('float32', [scales.length], scales));
    const [xq, xs, xz] = b.op('DynamicQuantizeLinear', [rw.get(site.x)], {}, { name: `${n.name}_DynamicQuantizeLinear` });
    const yi = b.op1('MatMulInteger', [xq!, wq, xz!, wz], {}, { name: `${n.name}_MatMulInteger` });
    const yf = b.op1('Cast', [yi], { to: castCode('float32') });
    const scale = b.mul(xs!, ws);
    const out = n.output();
    const bias = site.bias ? rw.constant(n.inputs[2]!.name, site.bias) : undefined;
    const y = bias ? b.add(b.mul(yf, scale), bias) : b.mul(yf, scale);
    rw.set(out, b.op1('Identity', [y], {}, { outputNames: [out.name] }));
    quantized.push({ node: n.name, op: n.op });
  }
  return { graph: rw.finish(), quantized, skipped };
}
