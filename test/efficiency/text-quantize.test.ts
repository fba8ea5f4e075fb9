import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { quantizeModel } from '../../src/efficiency/index.js';
import type { Graph } from '../../src/ir/index.js';
import { Session } from '../../src/runtime/index.js';
import { loadTextDataset, textModel } from '../../src/text/index.js';
import { argmaxRows, fit, predictBatched } from '../../src/train/index.js';

// The bundled SMS Spam Collection, the seeded stratified 80/20 split keel train --text uses.
const data = await loadTextDataset(join(import.meta.dirname, '../../data/sms-spam/sms-spam.jsonl.gz'), { text: 'text', target: 'label', valSplit: 0.2, seed: 0, maxLength: 32 });
const test = data.val!;
const truth = Array.from(test.y.data, Number);
const majority = Math.max(...[0, 1].map((c) => truth.filter((y) => y === c).length)) / truth.length;

async function accuracy(g: Graph): Promise<number> {
  const s = await Session.create(g, { threads: 1 });
  const pred = argmaxRows(await predictBatched(s, test.x, 512));
  await s.release();
  return pred.reduce((ok, p, i) => ok + (p === truth[i] ? 1 : 0), 0) / truth.length;
}

describe('dynamic int8 for a text model (SMS transformer)', () => {
  it('the measured placement keeps no node slower in int8, and the int8 model scores the 1,114 test messages within 1 point of float32', async () => {
    const net = textModel('transformer', { tokenizer: data.tokenizer, outputs: 2, seed: 0, dim: 32, dropout: 0.1 });
    await fit(net, data.train.x, data.train.y, { epochs: 1, batchSize: 32, lr: 3e-3, seed: 0, trainEvalRows: 0 });
    const graph = net.graph({ inputShape: ['N', 'T'], inputDtype: 'int64' });
    const { graph: q, report } = await quantizeModel(graph, { mode: 'dynamic', timeBatch: 32 });
    const p = report.placement!;
    // Every MatMul/Gemm of the encoder and head was timed on its own, float32 against int8.
    expect(p.nodes.length).toBeGreaterThanOrEqual(8);
    expect(new Set(p.nodes.map((t) => t.op))).toEqual(new Set(['MatMul', 'Gemm']));
    const int8 = new Set(report.quantized.map((n) => n.node));
    for (const t of p.nodes) expect(t.choice).toBe(t.speedup >= p.minSpeedup ? 'int8' : 'float32');
    if (p.helps) {
      // Never slower: each int8 node was measured faster on its own, and so was the whole model.
      for (const t of p.nodes) if (int8.has(t.node)) expect(t.int8Ms, `${t.node} kept in int8`).toBeLessThan(t.float32Ms);
      expect(p.latency.msAfter).toBeLessThan(p.latency.msBefore);
    } else {
      // No placement was faster (keel quantize then writes nothing unless --force): every node is int8 in the forced result.
      expect(report.quantized.length).toBe(p.nodes.length);
    }
    const [f32, i8] = [await accuracy(graph), await accuracy(q)];
    // The float model learned something (beats always answering "ham"), so the comparison means something.
    expect(f32).toBeGreaterThan(majority + 0.03);
    expect(Math.abs(i8 - f32)).toBeLessThanOrEqual(0.01);
  }, 240_000);
});
