import { describe, it, expect } from 'vitest';
import { RandomSampler } from '../samplers/index.js';
import { createStudy } from '../study/index.js';
import { getParamImportances } from './index.js';

describe('fANOVA importance', () => {
  it('recovers the analytic variance shares of an additive function', async () => {
    // y = a + 2b on uniform [0,1]²: Var(a) = 1/12, Var(2b) = 4/12, so the shares are 0.2 and 0.8;
    // c does not enter y at all.
    const study = await createStudy({ sampler: new RandomSampler({ seed: 3 }) });
    await study.optimize((t) => t.suggestFloat('a', 0, 1) + 2 * t.suggestFloat('b', 0, 1) + 0 * t.suggestFloat('c', 0, 1), { nTrials: 300 });
    const imp = getParamImportances(await study.getTrials(), { method: 'fanova', seed: 0 });
    expect(Object.keys(imp)).toEqual(['b', 'a', 'c']);
    expect(imp['b']).toBeCloseTo(0.8, 1);
    expect(imp['a']).toBeCloseTo(0.2, 1);
    expect(imp['c']).toBeLessThan(0.02);
  });

  it('agrees with the permutation ranking on a study with a categorical parameter', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 4 }) });
    await study.optimize((t) => {
      const lr = t.suggestFloat('lr', 1e-4, 1, { log: true });
      const opt = t.suggestCategorical('opt', ['adam', 'sgd']);
      t.suggestInt('noise', 0, 9);
      return (Math.log10(lr) + 2) ** 2 + (opt === 'sgd' ? 0.5 : 0);
    }, { nTrials: 120 });
    const trials = await study.getTrials();
    const fanova = getParamImportances(trials, { method: 'fanova' });
    expect(Object.keys(fanova)).toEqual(Object.keys(getParamImportances(trials)));
    expect(fanova['noise']).toBeLessThan(0.05);
  });
});
