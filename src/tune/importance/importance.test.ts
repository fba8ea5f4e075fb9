import { describe, it, expect } from 'vitest';
import { RandomSampler } from '../samplers/index.js';
import { createStudy } from '../study/index.js';
import { getParamImportances, optimizationHistory, RandomForestRegressor, trialsToCsv } from './index.js';

describe('insight', () => {
  it('ranks the parameter that drives the objective first', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }) });
    await study.optimize((t) => {
      const big = t.suggestFloat('big', -3, 3);
      const small = t.suggestFloat('small', -3, 3);
      t.suggestCategorical('noise', ['a', 'b']);
      return 10 * big * big + 0.1 * small;
    }, { nTrials: 80 });
    const imp = getParamImportances(await study.getTrials(), { seed: 0 });
    expect(Object.keys(imp)[0]).toBe('big');
    expect(imp['big']).toBeGreaterThan(0.8);
    expect(Object.values(imp).reduce((a, b) => a + b, 0)).toBeCloseTo(1);
    expect(() => getParamImportances([])).toThrowError(expect.objectContaining({ code: 'NOT_ENOUGH_TRIALS' }) as Error);
  });

  it('fits a random forest', () => {
    const x = Array.from({ length: 50 }, (_, i) => [i / 50]);
    const rf = new RandomForestRegressor({ seed: 0 }).fit(x, x.map(([v]) => (v! > 0.5 ? 1 : 0)));
    const [lo, hi] = rf.predict([[0.1], [0.9]]);
    expect(lo).toBeLessThan(0.2);
    expect(hi).toBeGreaterThan(0.8);
  });

  it('builds the optimisation history and a CSV export', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 2 }) });
    await study.optimize((t) => {
      const x = t.suggestFloat('x', 0, 1);
      if (t.number === 1) throw new Error('bad, "quoted"');
      if (x > 0.5) t.suggestCategorical('extra', ['a,b', 'c']);
      t.setUserAttr('tag', { n: t.number });
      return x;
    }, { nTrials: 6, catch: [Error] });
    const trials = await study.getTrials();
    const history = optimizationHistory(trials, 'minimize');
    expect(history).toHaveLength(5);
    for (let i = 1; i < history.length; i++) expect(history[i]!.bestValue).toBeLessThanOrEqual(history[i - 1]!.bestValue);
    const csv = trialsToCsv(trials);
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('number,state,value,datetime_start,datetime_complete,duration_ms,params_extra,params_x,user_attrs_tag');
    expect(lines).toHaveLength(7);
    expect(lines[2]).toMatch(/^1,FAIL,,/);
    expect(csv).toContain('"{""n"":0}"');
  });
});
