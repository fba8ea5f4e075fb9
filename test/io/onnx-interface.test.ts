import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isKeelError } from '../../src/core/index.js';
import { readOnnxInterface } from '../../src/io/index.js';
import { Graph } from '../../src/ir/index.js';
import { exportModel } from '../../src/onnx/index.js';
import { onnx } from '../../src/onnx/proto.js';
import type onnxProto from 'onnx-proto';
import { Builder } from '../../src/ops/index.js';

const zoo = join(import.meta.dirname, '../fixtures/torch-zoo');
const files = readdirSync(zoo).filter((f) => f.endsWith('.onnx'));
const num = (v: unknown): number => Number(v ?? 0);

describe('readOnnxInterface (the interface of an ONNX file without onnx-proto)', () => {
  it.each(files)('%s: inputs, outputs, opset, op counts and parameters as onnx-proto decodes them', (f) => {
    const bytes = readFileSync(join(zoo, f));
    const io = readOnnxInterface(bytes, f);
    const m = onnx.ModelProto.decode(bytes);
    const g = m.graph!;
    const inits = g.initializer ?? [];
    const weights = new Set(inits.map((t) => t.name));
    const dims = (vi: onnxProto.onnx.IValueInfoProto): (number | string)[] => (vi.type?.tensorType?.shape?.dim ?? []).map((d) => d.dimParam || (num(d.dimValue) > 0 ? num(d.dimValue) : 'fresh'));
    const shape = (d: readonly (number | string)[]): (number | string)[] => d.map((x) => (typeof x === 'string' && /^dim_\d+$/.test(x) ? 'fresh' : x));
    const want = (g.input ?? []).filter((vi) => !weights.has(vi.name));
    expect(io.inputs.map((v) => v.name)).toEqual(want.map((v) => v.name));
    expect(io.inputs.map((v) => shape(v.dims))).toEqual(want.map(dims));
    expect(io.inputs.map((v) => v.elemType)).toEqual(want.map((v) => v.type?.tensorType?.elemType ?? 0));
    expect(io.outputs.map((v) => [v.name, shape(v.dims)])).toEqual((g.output ?? []).map((v) => [v.name, dims(v)]));
    expect(io.opset).toBe(num(m.opsetImport.find((o) => !o.domain || o.domain === 'ai.onnx')?.version));
    const ops = new Map<string, number>();
    for (const n of g.node ?? []) ops.set(n.opType ?? '', (ops.get(n.opType ?? '') ?? 0) + 1);
    expect(io.opCounts).toEqual(ops);
    // Every node, subgraph bodies right after the node that holds them.
    const walk = (nodes: readonly onnxProto.onnx.INodeProto[]): unknown[] =>
      nodes.flatMap((n) => [
        { name: n.name ?? '', domain: n.domain === 'ai.onnx' ? '' : (n.domain ?? ''), op: n.opType ?? '', attributes: (n.attribute ?? []).map((a) => ({ name: a.name ?? '', type: a.type ?? 0, int: num(a.i) })), inputs: n.input ?? [] },
        ...(n.attribute ?? []).flatMap((a) => [a.g, ...(a.graphs ?? [])].flatMap((sub) => (sub ? walk(sub.node ?? []) : []))),
      ]);
    expect(io.nodes).toEqual(walk(g.node ?? []));
    expect(io.parameters).toBe(inits.reduce((p, t) => p + (t.dims ?? []).reduce<number>((q, d) => q * num(d), 1), 0));
    expect(io.graphName).toBe(g.name);
  });

  it('reads the metadata Keel writes (text and session settings), the graph name and symbolic dims of a Keel export', () => {
    const b = new Builder(new Graph('tiny'));
    const x = b.graph.addInput('x', { dtype: 'float32', shape: ['N', 3] });
    b.graph.setOutputs(b.op1('Relu', [x]));
    b.graph.metadata.set('keel.text.tokenizer_sha256', 'abc');
    b.graph.metadata.set('keel.session.disable_optimizers', 'A,B');
    b.graph.metadata.set('empty', '');
    const io = readOnnxInterface(exportModel(b.graph));
    expect(io.metadata).toEqual(new Map([['keel.text.tokenizer_sha256', 'abc'], ['keel.session.disable_optimizers', 'A,B'], ['empty', '']]));
    expect(io.inputs).toEqual([{ name: 'x', elemType: 1, dims: ['N', 3] }]);
    expect(io.graphName).toBe('tiny');
    expect(io.opCounts).toEqual(new Map([['Relu', 1]]));
  });

  it('truncated or foreign bytes are a typed ONNX_PARSE naming the file', () => {
    const bytes = readFileSync(join(zoo, 'upsample_op17.onnx'));
    for (const bad of [bytes.subarray(0, bytes.length >> 1), new TextEncoder().encode('not an onnx model at all')]) {
      let err: unknown;
      try {
        readOnnxInterface(bad, 'bad.onnx');
      } catch (e) {
        err = e;
      }
      expect(isKeelError(err) && err.code).toBe('ONNX_PARSE');
      expect((err as Error).message).toContain('bad.onnx');
    }
  });
});
