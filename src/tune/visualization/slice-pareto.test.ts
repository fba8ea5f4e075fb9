import { describe, it, expect } from 'vitest';
import { Nsga2Sampler, RandomSampler } from '../samplers/index.js';
import { createStudy } from '../study/index.js';
import type { FrozenTrial } from '../trial/index.js';
import { paretoFront } from '../trial/index.js';
import { figureSvg } from '../../figure/index.js';
import { paretoFigure, renderStudyHtml, sliceFigures } from './index.js';

describe('slice plot and Pareto front on the study page', () => {
  it('draws one slice dot per COMPLETE trial and parameter, log axes included', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }) });
    await study.optimize((t) => t.suggestFloat('lr', 1e-4, 1, { log: true }) + (t.suggestCategorical('opt', ['a', 'b']) === 'a' ? 0 : 1), { nTrials: 12 });
    const trials = await study.getTrials();
    const figs = sliceFigures(trials, 'minimize');
    const out = figs.map(figureSvg).join('');
    expect(out.match(/<circle /g)).toHaveLength(24);
    // lr = 1e-4 would sit at the left edge of a log axis: every x lies inside its panel.
    const lr = figureSvg(figs.find((f) => f.xLabel === 'lr')!);
    expect(figs.find((f) => f.xLabel === 'lr')?.logX).toBe(true);
    const [, left, right] = /<g class="axis"[^>]*><line x1="([\d.]+)" y1="[\d.]+" x2="([\d.]+)"/.exec(lr)!.map(Number);
    const lrXs = [...lr.matchAll(/cx="([\d.]+)"[^>]*><title>trial \d+: lr =/g)].map((m) => Number(m[1]));
    expect(lrXs).toHaveLength(12);
    expect(lrXs.every((x) => x >= left! && x <= right!)).toBe(true);
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
    const fig = paretoFigure(trials, ['minimize', 'minimize'])!;
    const out = figureSvg(fig);
    const onFront = paretoFront(trials, ['minimize', 'minimize']).length;
    expect(out.match(/<title>Pareto front, \d+ of 30: /g)).toHaveLength(onFront);
    expect(out).toContain(`Pareto front, ${onFront} of 30`);
    expect(renderStudyHtml(trials, { studyName: 'mo', directions: ['minimize', 'minimize'] })).toContain('<h2>Pareto front</h2>');
  });
});
