import { tensor } from '../../core/index.js';
import type { Graph } from '../../ir/index.js';
import { castCode } from '../../ops/index.js';
import { GraphRewriter } from '../common/graph-rewriter.js';
import { quantizeWeight } from './quant-params.js';
import { liveNodes } from '../../onnx/index.js';
import type { QuantizeResult } from './static-quantizer.js';
import { DATA_MOVEMENT, KEPT_ON_REQUEST, keptNodes, transpose2d, weightSite, type QuantGroup, type SkippedNode } from './weight-site.js';

/** Options for {@link quantizeDynamic}. */
export interface DynamicQuantizeOptions {
  /** 7-bit weights so AVX2 int8 kernels cannot saturate (default true). */
  readonly reduceRange?: boolean;
  /** MatMul/Gemm nodes to leave float32, by name. */
  readonly keepFloat32?: readonly string[];
  /** Nodes to leave float32, by name, with the reason (the measured placement sets these). */
  readonly floatReasons?: ReadonlyMap<string, string>;
}

/** The quantizable MatMul/Gemm nodes of `graph` with their data input and output, for timing. */
export function dynamicGroups(graph: Graph, opts: DynamicQuantizeOptions = {}): QuantGroup[] {
  const keep = keptNodes(liveNodes(graph), opts.keepFloat32);
  return liveNodes(graph).flatMap((n) => {
    const site = !keep.has(n) && (n.op === 'MatMul' || n.op === 'Gemm') ? weightSite(n) : undefined;
    return site && !('reason' in site) ? [{ node: n.name, op: n.op, from: site.x.name, to: n.output().name }] : [];
  });
}

/**
 * Dynamic int8 quantization of MatMul/Gemm weights: weights are stored as per-column int8, and each
 * batch's activations are quantized at run time (DynamicQuantizeLinear → MatMulInteger → rescale),
 * which onnxruntime fuses into one DynamicQuantizeMatMul. Needs no calibration data; Conv and
 * every other op stay float32 and are listed (as are nodes named in `keepFloat32`).
 *
 * @example `const { graph: q } = quantizeDynamic(graph);`
 */
export function quantizeDynamic(graph: Graph, opts: DynamicQuantizeOptions = {}): QuantizeResult {
  const rw = new GraphRewriter(graph);
  const quantized: { node: string; op: string }[] = [];
  const skipped: SkippedNode[] = [];
  const b = rw.b;
  const keep = keptNodes(rw.nodes, opts.keepFloat32);
  for (const n of rw.nodes) {
    const measured = opts.floatReasons?.get(n.name);
    if (keep.has(n) || measured) {
      rw.copy(n);
      skipped.push({ node: n.name, op: n.op, reason: measured ?? KEPT_ON_REQUEST });
      continue;
    }
    const site = n.op === 'MatMul' || n.op === 'Gemm' ? weightSite(n) : undefined;
    if (!site || 'reason' in site) {
      rw.copy(n);
      if (site) skipped.push({ node: n.name, op: n.op, reason: site.reason });
      else if (!DATA_MOVEMENT.has(n.op) && n.outputs.some((o) => o.dtype === 'float32')) skipped.push({ node: n.name, op: n.op, reason: `dynamic mode quantizes MatMul/Gemm weights only (${n.op} stays float32; try --mode static)` });
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
