import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isKeelError, tensor } from '../../src/core/index.js';
import { writeNpy, readNpy } from '../../src/io/index.js';
import { Graph } from '../../src/ir/index.js';
import { loadOnnx } from '../../src/onnx/index.js';
import { Builder } from '../../src/ops/index.js';
import { keel } from '../cli/run-cli.js';

const dir = join(import.meta.dirname, '../fixtures/torch-zoo');
const tmp = mkdtempSync(join(tmpdir(), 'keel-rnn-bad-'));

/** Runs `f` and returns the Keel error it throws (fails the test when it throws nothing or something else). */
async function keelError(f: () => unknown): Promise<{ code: string; message: string; details: unknown }> {
  try {
    await f();
  } catch (e) {
    if (isKeelError(e)) return e;
    throw e;
  }
  throw new Error('expected a Keel error');
}

describe('recurrent nets: bad input gets a typed error naming the node', () => {
  it('an LSTM with clip set', async () => {
    const e = await keelError(() => loadOnnx(join(dir, 'rnn-bad-clip.onnx')));
    expect(e.code).toBe('UNSUPPORTED_ATTRIBUTE');
    expect(e.message).toContain('LSTM node "/rnn/LSTM"');
    expect(e.message).toContain('clip=3');
    expect(e.details).toMatchObject({ node: '/rnn/LSTM', attribute: 'clip' });
  });

  it('an LSTM with non-default activations', async () => {
    const e = await keelError(() => loadOnnx(join(dir, 'rnn-bad-activations.onnx')));
    expect(e.code).toBe('UNSUPPORTED_ATTRIBUTE');
    expect(e.message).toContain('activations=[Sigmoid,Relu,Tanh]');
    expect(e.message).toContain('[sigmoid,tanh,tanh]');
  });

  it('data whose feature size conflicts with the weights: expected vs actual', async () => {
    const { graph } = await loadOnnx(join(dir, 'rnn-lstm2-op17.onnx'));
    const lstm = graph.nodes.find((n) => n.op === 'LSTM')!;
    const b = new Builder(new Graph());
    const x = b.graph.addInput('x', { dtype: 'float32', shape: ['T', 'N', 5] });
    const e = await keelError(() => b.op('LSTM', [x, lstm.input(1), lstm.input(2), lstm.input(3)], lstm.attrs, { name: lstm.name, outputs: 3 }));
    expect(e.code).toBe('SHAPE_RECURRENT');
    expect(e.message).toContain('LSTM node "/rnn/LSTM"');
    expect(e.details).toMatchObject({ input: 'W', expected: '[1,48,5]', actual: '[1,48,8]' });
  });

  it('keel predict with sequences of another length than a fixed-length model: one line, expected vs actual', () => {
    const x = readNpy(join(dir, 'rnn_x.npy'));
    const bad = join(tmp, 'short.npy');
    writeNpy(bad, tensor('float32', [x.shape[0]!, 5, 8]));
    const r = keel(['predict', '--model', join(dir, 'rnn-lstm2-fixed-t.onnx'), '--data', bad, '--out', join(tmp, 'p.npy')]);
    expect(r.status).toBe(3);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('DATA_SHAPE');
    expect(lines[0]).toContain('[64,5,8]');
    expect(lines[0]).toContain('[N,8,8]');
  });

  it('keel predict with sequences that conflict with a length fixed inside the graph: the node that fails, with expected vs actual', () => {
    // T is dynamic at the input, but the head flattens exactly 8 steps (make_rnn.py extras, LstmFlat8).
    const x = readNpy(join(dir, 'rnn_x.npy'));
    const five = tensor('float32', [x.shape[0]!, 5, 8]);
    for (let i = 0; i < x.shape[0]!; i++) five.data.set((x.data as Float32Array).subarray(i * 64, i * 64 + 40), i * 40);
    const bad = join(tmp, 'five.npy');
    writeNpy(bad, five);
    const r = keel(['predict', '--model', join(dir, 'rnn-lstm-flat8-op17.onnx'), '--data', bad, '--out', join(tmp, 'p5.npy')]);
    expect(r.status).not.toBe(0);
    const line = r.stderr.trim().split('\n').filter((l) => l.startsWith('keel: ')).at(-1) ?? '';
    expect(line).toMatch(/^keel: RUNTIME_RUN: /);
    expect(line).toContain("Name:'/head/Gemm'");
    expect(line).toMatch(/W: \{10,96\} K: 60/);
    // The same model takes sequences of 8.
    const ok = keel(['predict', '--model', join(dir, 'rnn-lstm-flat8-op17.onnx'), '--data', join(dir, 'rnn_x.npy'), '--out', join(tmp, 'p8.npy')]);
    expect(ok.status, ok.stderr).toBe(0);
  });
});
