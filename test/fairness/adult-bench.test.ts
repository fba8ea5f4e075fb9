import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { AdultBenchmark } from '../../bench/fairness-adult.js';

// Opt-in: KEEL_BENCH=1 npx vitest run test/fairness/adult-bench.test.ts
// Writes the tables of docs/fairness-adult.md to $KEEL_BENCH_OUT (default: <tmpdir>/keel-fairness-adult.md).
describe.skipIf(process.env.KEEL_BENCH !== '1')('Adult fairness benchmark', () => {
  let bench: AdultBenchmark;
  const started = Date.now();
  it('loads and fits the baselines', () => {
    bench = new AdultBenchmark();
    bench.baseline();
  });
  it('threshold optimizer, demographic parity', () => {
    bench.thresholdOptimizer('demographic_parity');
  });
  it('threshold optimizer, equalized odds', () => {
    bench.thresholdOptimizer('equalized_odds');
  });
  it('exponentiated gradient, demographic parity', () => {
    bench.exponentiatedGradient('demographic_parity');
  });
  it('exponentiated gradient, equalized odds', () => {
    bench.exponentiatedGradient('equalized_odds');
  });
  it('reweighing and the penalised loss', () => {
    bench.preAndPenalty();
  });
  it('writes the report', () => {
    const report = `${bench.report()}\n\n_Total benchmark time: ${((Date.now() - started) / 1000).toFixed(1)} s._\n`;
    const out = process.env.KEEL_BENCH_OUT ?? join(tmpdir(), 'keel-fairness-adult.md');
    writeFileSync(out, report);
    console.log(`wrote ${out}`);
  });
});
