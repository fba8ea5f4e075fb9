import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gradients } from '../../src/autodiff/index.js';
import { isKeelError, tensor, type HostTensor } from '../../src/core/index.js';
import { loadOnnx } from '../../src/onnx/index.js';
import { Builder } from '../../src/ops/index.js';
import { Session } from '../../src/runtime/index.js';
import { backendCases, type BackendCase } from './backend-cases.js';

/** Error codes that honestly say "Keel does not do this" (sequences, strings, preview training ops). */
const DECLINED = new Set(['UNSUPPORTED_OP', 'ONNX_DTYPE']);
const expectedPass = readFileSync(join(import.meta.dirname, '../fixtures/onnx-backend/expected-pass.txt'), 'utf8').split('\n').filter(Boolean);

/** max over elements of |got − want| / (1e-4 + 1e-3·|want|); NaN where both are NaN counts as equal. */
function worst(got: HostTensor, want: HostTensor): number {
  if (got.data.length !== want.data.length) return Infinity;
  let m = 0;
  for (let i = 0; i < want.data.length; i++) {
    const g = Number(got.data[i]);
    const w = Number(want.data[i]);
    if (Number.isNaN(g) && Number.isNaN(w)) continue;
    m = Math.max(m, Math.abs(g - w) / (1e-4 + 1e-3 * Math.abs(w)));
  }
  return m;
}

/** Runs one case through import → IR → export → onnxruntime, then differentiates it. */
async function runCase(c: BackendCase): Promise<string> {
  if (c.dataError) return `declined: ${c.dataError}`;
  try {
    const { graph } = await loadOnnx(c.model);
    const s = await Session.create(graph);
    for (const set of c.sets) {
      const out = await s.run(Object.fromEntries(graph.inputs.map((v, i) => [v.name, set.inputs[i]!])));
      for (const [i, v] of graph.outputs.entries()) {
        const err = worst(out[v.name]!, set.outputs[i]!);
        if (!(err <= 1)) return `MISMATCH on output ${i}: ${err}`;
      }
    }
    await s.release();
    // Whatever Keel can run it can differentiate: d(sum of output 0)/d(every float input) runs and is finite.
    const floats = graph.inputs.filter((v) => v.dtype === 'float32');
    const y = graph.outputs[0]!;
    if (floats.length > 0 && y.dtype === 'float32') {
      const b = new Builder(graph);
      const grads = gradients(b, [b.op1('ReduceSum', [y], { keepdims: 0 })], floats);
      graph.setOutputs(...grads.map((g, i) => g ?? b.zerosLike(floats[i]!)));
      const gs = await Session.create(graph);
      const out = await gs.run(Object.fromEntries(graph.inputs.map((v, i) => [v.name, c.sets[0]!.inputs[i]!])));
      await gs.release();
      // NaN outputs (e.g. sqrt of negative inputs) have NaN gradients in any framework.
      const forwardFinite = Array.from(c.sets[0]!.outputs[0]!.data, Number).every(Number.isFinite);
      for (const g of Object.values(out)) if (forwardFinite && !Array.from(g.data, Number).every(Number.isFinite)) return 'gradient not finite';
    }
    return 'pass';
  } catch (e) {
    if (isKeelError(e) && DECLINED.has(e.code)) return `declined: ${e.code}`;
    return `FAILED: ${isKeelError(e) ? e.code : 'crash'}: ${(e as Error).message.slice(0, 200)}`;
  }
}

describe('ONNX backend test data (outside conformance suite)', () => {
  const cases = backendCases();
  const results = new Map<string, string>();

  it('every case either matches ONNX\'s expected outputs and differentiates, or is declined with a typed error', async () => {
    for (const c of cases) results.set(`${c.group}/${c.name}`, await runCase(c));
    if (process.env['KEEL_UPDATE_CONFORMANCE']) {
      writeFileSync(join(import.meta.dirname, '../fixtures/onnx-backend/expected-pass.txt'), `${[...results].filter(([, r]) => r === 'pass').map(([k]) => k).join('\n')}\n`);
    }
    const bad = [...results].filter(([, r]) => r !== 'pass' && !r.startsWith('declined'));
    expect(bad).toEqual([]);
  });

  it('no case that passed before regresses', () => {
    expect(expectedPass.length).toBeGreaterThan(100);
    const regressed = expectedPass.filter((k) => results.get(k) !== 'pass').map((k) => `${k}: ${results.get(k) ?? 'missing'}`);
    expect(regressed).toEqual([]);
  });

  it('real architectures import, export and run (AlexNet-style light models with generated weights)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-light-'));
    execFileSync('tar', ['xzf', join(import.meta.dirname, '../fixtures/onnx-backend/onnx-backend-data.tgz'), '-C', dir, 'light']);
    for (const name of ['light_squeezenet', 'light_shufflenet', 'light_inception_v1', 'light_densenet121']) {
      const { graph } = await loadOnnx(join(dir, 'light', `${name}.onnx`));
      const x = graph.inputs[0]!;
      const s = await Session.create(graph);
      const out = Object.values(await s.run({ [x.name]: tensor('float32', x.shape.map((d) => (typeof d === 'number' ? d : 1))) }))[0]!;
      await s.release();
      expect(out.shape[1], name).toBe(1000);
    }
  });
});
