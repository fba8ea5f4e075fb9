import { describe, it, expect } from 'vitest';
import { Nsga2Sampler, RandomSampler } from '../samplers/index.js';
import { createStudy } from '../study/index.js';
import type { FrozenTrial } from '../trial/index.js';
import { paretoFront } from '../trial/index.js';
import { paretoSvg, renderStudyHtml, sliceSvg } from './index.js';

describe('slice plot and Pareto front on the study page', () => {
  it('draws one slice dot per COMPLETE trial and parameter, log axes included', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }) });
    await study.optimize((t) => t.suggestFloat('lr', 1e-4, 1, { log: true }) + (t.suggestCategorical('opt', ['a', 'b']) === 'a' ? 0 : 1), { nTrials: 12 });
    const trials = await study.getTrials();
    const out = sliceSvg(trials, 'minimize');
    expect(out.match(/<circle /g)).toHaveLength(24);
    // lr = 1e-4 would sit at the left edge of a log axis: every x lies inside its panel.
    const lrXs = [...out.matchAll(/cx="([\d.]+)"[^>]*><title>trial \d+: lr =/g)].map((m) => Number(m[1]));
    expect(lrXs.every((x) => x >= 56 && x <= 244)).toBe(true);
    const html = renderStudyHtml(trials, { studyName: 's', directions: ['minimize'] });
    for (const h of ['Slice plot', 'Parameter importance']) expect(html).toContain(`<h2>${h}</h2>`);
    expect(html).toContain('fANOVA importance');
    expect(html).toContain('Permutation importance');
    expect(html).not.toContain('<h2>Pareto front</h2>');
  });

  it('marks exactly the non-dominated trials of a two-objective study', async () => {
    const study = await createStudy({ directions: ['minimize', 'minimize'], sampler: new Nsga2Sampler({ seed: 2, populationSize: 10 }) });
    await study.optimize((t) => {
      const x = t.suggestFloat('x', 0, 1);
      return [x, (1 - x) ** 2 + t.suggestFloat('y', 0, 1)];
    }, { nTrials: 30 });
    const trials: readonly FrozenTrial[] = await study.getTrials();
    const out = paretoSvg(trials, ['minimize', 'minimize']);
    const onFront = paretoFront(trials, ['minimize', 'minimize']).length;
    expect(out.match(/\(Pareto front\)<\/title>/g)).toHaveLength(onFront);
    expect(out).toContain(`${onFront} of 30 trials on the front`);
    expect(renderStudyHtml(trials, { studyName: 'mo', directions: ['minimize', 'minimize'] })).toContain('<h2>Pareto front</h2>');
  });
});
