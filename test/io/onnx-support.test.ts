import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isKeelError } from '../../src/core/index.js';
import { KEEL_OPS, mayBlockGradients, readOnnxInterface, writeFileAtomic } from '../../src/io/index.js';
import { parseOnnx } from '../../src/onnx/index.js';
import { onnx } from '../../src/onnx/proto.js';
import { allPrimitives, compositeNames } from '../../src/ops/index.js';

const SOURCE = join(import.meta.dirname, '../../src/io/onnx-support.ts');
const fixtures = join(import.meta.dirname, '../fixtures');

/** The table's generated lines, from the registry itself. */
function registryLines(): string {
  const table = new Map<string, readonly string[] | 'any'>();
  for (const p of allPrimitives()) table.set(p.op, Object.keys(p.attrs).sort());
  for (const c of compositeNames()) table.set(c, 'any');
  return [...table.keys()]
    .sort((a, b) => a.localeCompare(b))
    .map((op) => {
      const a = table.get(op)!;
      return `  ${op}: ${a === 'any' ? "'any'" : `[${a.map((n) => `'${n}'`).join(', ')}]`},\n`;
    })
    .join('');
}

/** The import's verdict: the typed error when it refuses an op or attribute (what blocks gradients). */
function importBlocked(bytes: Uint8Array, file: string): string | undefined {
  try {
    parseOnnx(bytes, file);
    return undefined;
  } catch (e) {
    if (isKeelError(e, 'UNSUPPORTED_OP') || isKeelError(e, 'UNSUPPORTED_ATTRIBUTE')) return e.code;
    throw e;
  }
}

describe("Keel's op list, readable without the ops registry", () => {
  it('is exactly what the registry supports: primitives with their attributes, composites (KEEL_UPDATE_OPS=1 rewrites it)', () => {
    const text = readFileSync(SOURCE, 'utf8');
    const [head, rest] = text.split('  // generated: start\n') as [string, string];
    const [current, tail] = rest.split('  // generated: end\n') as [string, string];
    const want = registryLines();
    if (process.env['KEEL_UPDATE_OPS'] === '1' && current !== want) writeFileAtomic(SOURCE, new TextEncoder().encode(`${head}  // generated: start\n${want}  // generated: end\n${tail}`));
    else expect(current, 'src/io/onnx-support.ts is stale: run KEEL_UPDATE_OPS=1 npx vitest run test/io/onnx-support.test.ts').toBe(want);
    expect(Object.keys(KEEL_OPS).length).toBe(allPrimitives().length + compositeNames().length);
  });

  const files = [
    ...readdirSync(join(fixtures, 'torch-zoo')).filter((f) => f.endsWith('.onnx')).map((f) => join('torch-zoo', f)),
    'torch-reference/cnn.onnx',
    'torch-reference/tab.onnx',
    'transfer/tiny_resnet.onnx',
  ];

  it('flags every file the import refuses, and only files whose ops the import may refuse (torch-zoo, torch-reference and transfer fixtures)', () => {
    const flagged: string[] = [];
    const blocked: string[] = [];
    for (const f of files) {
      const bytes = readFileSync(join(fixtures, f));
      if (mayBlockGradients(readOnnxInterface(bytes, f))) flagged.push(f);
      if (importBlocked(bytes, f)) blocked.push(f);
    }
    expect(blocked).toEqual(['torch-zoo/rnn-bad-activations.onnx', 'torch-zoo/rnn-bad-clip.onnx', 'torch-zoo/upsample_op17.onnx']);
    // nn.RNN exports activations=["Tanh"], which Keel supports but only the import can tell.
    expect(flagged).toEqual(['torch-zoo/rnn-bad-activations.onnx', 'torch-zoo/rnn-bad-clip.onnx', 'torch-zoo/rnn-rnn-op17.onnx', 'torch-zoo/upsample_op17.onnx']);
    const up = readOnnxInterface(readFileSync(join(fixtures, 'torch-zoo/upsample_op17.onnx')));
    expect(mayBlockGradients(up)).toMatchObject({ node: { name: '/up/Resize', op: 'Resize' }, reason: 'op Resize is not a Keel op' });
  });

  /** A one-node model `y = op(x)` (opset `opset`), optionally inside a Loop body. */
  function model(node: { op: string; domain?: string; attrs?: { name: string; i?: number; type: number }[] }, opset = 17, inLoop = false): Uint8Array {
    const n = { opType: node.op, domain: node.domain ?? '', name: 'n', input: ['x'], output: ['y'], attribute: (node.attrs ?? []).map((a) => ({ name: a.name, type: a.type, i: a.i ?? 0 })) };
    const vi = (name: string): object => ({ name, type: { tensorType: { elemType: 1, shape: { dim: [{ dimValue: 2 }] } } } });
    const graph = inLoop
      ? { name: 'g', input: [vi('x')], output: [vi('y')], node: [{ opType: 'Loop', name: 'loop', input: ['', ''], output: ['y'], attribute: [{ name: 'body', type: 5, g: { name: 'body', node: [n], input: [], output: [vi('y')] } }] }] }
      : { name: 'g', input: [vi('x')], output: [vi('y')], node: [n] };
    return onnx.ModelProto.encode(onnx.ModelProto.create({ irVersion: 8, opsetImport: [{ domain: '', version: opset }], graph })).finish();
  }

  it('judges domains, attributes, legacy attributes and attribute values as the importer does, in subgraphs too', () => {
    const verdict = (bytes: Uint8Array): string | undefined => mayBlockGradients(readOnnxInterface(bytes))?.reason;
    expect(verdict(model({ op: 'Relu' }))).toBeUndefined();
    expect(verdict(model({ op: 'Gelu', domain: 'com.microsoft' }))).toBe('op com.microsoft.Gelu is outside the standard ONNX domain');
    expect(verdict(model({ op: 'Relu', domain: 'ai.onnx' }))).toBeUndefined();
    expect(verdict(model({ op: 'Softmax', attrs: [{ name: 'axis', type: 2, i: 1 }] }))).toBeUndefined();
    expect(verdict(model({ op: 'Relu', attrs: [{ name: 'alpha', type: 1 }] }))).toBe('Relu attribute "alpha" (type 1) is not read by Keel');
    // An opset-10 Dropout's ratio attribute is rewritten by the importer; at opset 17 it is foreign.
    expect(verdict(model({ op: 'Dropout', attrs: [{ name: 'ratio', type: 1 }] }, 10))).toBeUndefined();
    expect(verdict(model({ op: 'Dropout', attrs: [{ name: 'ratio', type: 1 }] }, 17))).toBe('Dropout attribute "ratio" (type 1) is not read by Keel');
    expect(verdict(model({ op: 'BatchNormalization', attrs: [{ name: 'training_mode', type: 2, i: 0 }] }))).toBeUndefined();
    expect(verdict(model({ op: 'BatchNormalization', attrs: [{ name: 'training_mode', type: 2, i: 1 }] }))).toBe('BatchNormalization attribute "training_mode" is supported for some values only');
    expect(verdict(model({ op: 'Resize' }, 17, true))).toBe('op Resize is not a Keel op');
    expect(verdict(model({ op: 'Relu' }, 17, true))).toBeUndefined();
    expect(verdict(model({ op: 'Upsample' }, 9))).toBe('op Upsample is not a Keel op');
  });
});
