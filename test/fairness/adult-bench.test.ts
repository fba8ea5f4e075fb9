import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { AdultBenchmark } from '../../bench/fairness-adult.js';

// Opt-in: KEEL_BENCH=1 npx vitest run test/fairness/adult-bench.test.ts
// Writes the tables of docs/fairness-adult.md to $KEEL_BENCH_OUT (default: <tmpdir>/keel-fairness-adult.md)
// and every test-set point of the trade-off curves to bench/results/fairness-adult.json.
describe.skipIf(process.env.KEEL_BENCH !== '1')('Adult fairness benchmark (Keel models)', () => {
  let bench: AdultBenchmark;
  const started = Date.now();
  const timeout = 600_000;
  it('loads and fits the baselines', async () => {
    bench = await AdultBenchmark.create();
    await bench.baseline();
  }, timeout);
  it('threshold optimizer, demographic parity', () => {
    bench.thresholdOptimizer('demographic_parity');
  });
  it('threshold optimizer, equalized odds', () => {
    bench.thresholdOptimizer('equalized_odds');
  });
  it('exponentiated gradient, demographic parity', async () => {
    await bench.exponentiatedGradient('demographic_parity');
  }, timeout);
  it('exponentiated gradient, equalized odds', async () => {
    await bench.exponentiatedGradient('equalized_odds', [0.01, 0.05]);
  }, timeout);
  it('reweighing and the penalised loss', async () => {
    await bench.preAndPenalty();
  }, timeout);
  it('writes the report', async () => {
    await bench.release();
    const seconds = (Date.now() - started) / 1000;
    const report = `${bench.report()}\n\n_Total benchmark time: ${seconds.toFixed(1)} s._\n`;
    const out = process.env.KEEL_BENCH_OUT ?? join(tmpdir(), 'keel-fairness-adult.md');
    writeFileSync(out, report);
    const dir = join(import.meta.dirname, '../../bench/results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'fairness-adult.json'), JSON.stringify({ date: new Date().toISOString(), seconds, curves: bench.curves }, null, 2));
    console.log(`wrote ${out}`);
  });
});
