import { describe, it, expect } from 'vitest';
import { categoricalDistribution, floatDistribution, intDistribution } from '../../distributions/index.js';
import { Rng } from '../../../core/index.js';
import { InMemoryStorage } from '../../storages/index.js';
import { createStudy } from '../../study/index.js';
import { TpeSampler } from './tpe-sampler.js';

/**
 * CPU milliseconds (user + system) of each of `rounds` trials after two warm-up trials (JIT).
 * CPU time, not wall time: the suite shares two cores with other jobs.
 */
async function timeTrials(rounds: number, trial: () => Promise<void>): Promise<number[]> {
  for (let i = 0; i < 2; i++) await trial();
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = process.cpuUsage();
    await trial();
    const used = process.cpuUsage(started);
    times.push((used.user + used.system) / 1000);
  }
  return times;
}

/** The median is robust to a GC pause or a busy neighbour on a shared CI machine. */
function median(xs: readonly number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

describe('TpeSampler cost', () => {
  it('suggests in under 50 ms per trial with 5,000 finished trials', async () => {
    const storage = new InMemoryStorage();
    const study = await createStudy({ storage, studyName: 'perf', sampler: new TpeSampler({ seed: 0 }) });
    const rng = new Rng(1);
    const dx = floatDistribution('x', -5, 5);
    const dlr = floatDistribution('lr', 1e-5, 1, { log: true });
    const dn = intDistribution('n', 1, 64);
    const dc = categoricalDistribution('opt', ['adam', 'sgd', 'rmsprop']);
    for (let i = 0; i < 5000; i++) {
      const t = await storage.createTrial(study.studyId, { state: 'RUNNING' });
      const x = -5 + 10 * rng.uniform();
      const lr = Math.exp(Math.log(1e-5) + rng.uniform() * Math.log(1e5));
      const params = { x: { distribution: dx, value: x }, lr: { distribution: dlr, value: lr }, n: { distribution: dn, value: 1 + rng.int(64) }, opt: { distribution: dc, value: ['adam', 'sgd', 'rmsprop'][rng.int(3)]! } };
      await storage.updateTrial(t.trialId, { params, state: 'COMPLETE', values: [x * x + Math.abs(Math.log10(lr) + 3)] });
    }
    const times = await timeTrials(12, async () => {
      const trial = await study.ask();
      const v = trial.suggestFloat('x', -5, 5) ** 2 + trial.suggestFloat('lr', 1e-5, 1, { log: true }) + trial.suggestInt('n', 1, 64);
      trial.suggestCategorical('opt', ['adam', 'sgd', 'rmsprop']);
      await study.tell(trial, v);
    });
    expect(median(times)).toBeLessThan(50);
  });

  it('multivariate TPE also stays under 50 ms per trial at 5,000 trials', async () => {
    const storage = new InMemoryStorage();
    const study = await createStudy({ storage, sampler: new TpeSampler({ seed: 0, multivariate: true }) });
    const rng = new Rng(2);
    const dx = floatDistribution('x', -5, 5);
    const dy = floatDistribution('y', -5, 5);
    for (let i = 0; i < 5000; i++) {
      const t = await storage.createTrial(study.studyId, { state: 'RUNNING' });
      const x = -5 + 10 * rng.uniform();
      const y = -5 + 10 * rng.uniform();
      await storage.updateTrial(t.trialId, { params: { x: { distribution: dx, value: x }, y: { distribution: dy, value: y } }, state: 'COMPLETE', values: [x * x + y * y] });
    }
    const times = await timeTrials(12, async () => {
      const trial = await study.ask();
      await study.tell(trial, trial.suggestFloat('x', -5, 5) ** 2 + trial.suggestFloat('y', -5, 5) ** 2);
    });
    expect(median(times)).toBeLessThan(50);
  });
});
