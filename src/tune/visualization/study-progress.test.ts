import { describe, expect, it } from 'vitest';
import { figureSvg } from '../../figure/index.js';
import { getParamImportances } from '../importance/index.js';
import { RandomSampler } from '../samplers/index.js';
import { createStudy } from '../study/index.js';
import { hypervolumeHistoryFigure, importanceHistoryFigure, rankFigure, renderStudyHtml } from './index.js';

async function lrStudy(): Promise<Awaited<ReturnType<Awaited<ReturnType<typeof createStudy>>['getTrials']>>> {
  const study = await createStudy({ sampler: new RandomSampler({ seed: 4 }) });
  // Only lr (and a little width) matters; noise is a distractor.
  await study.optimize((t) => (Math.log10(t.suggestFloat('lr', 1e-4, 1, { log: true })) + 2) ** 2 + 0.05 * t.suggestInt('width', 1, 8) + 0 * t.suggestFloat('noise', 0, 1), { nTrials: 30 });
  return study.getTrials();
}

describe('importance over time, rank plot and hypervolume history', () => {
  it('importance over time: one line per parameter, the last point is the importance of all complete trials', async () => {
    const trials = await lrStudy();
    const fig = importanceHistoryFigure(trials)!;
    expect(fig.series.map((s) => s.name)).toEqual(['lr', 'noise', 'width']);
    const lr = fig.series[0]!.points;
    expect(lr.map((p) => p[0])).toEqual([...lr.map((p) => p[0])].sort((a, b) => a - b));
    expect(lr.at(-1)![0]).toBe(30);
    const all = getParamImportances(trials);
    for (const s of fig.series) expect(s.points.at(-1)![1], s.name).toBeCloseTo(all[s.name]!, 12);
    // lr drives the objective: it leads once the study has seen all trials.
    expect(all['lr']!).toBeGreaterThan(0.5);
    expect(figureSvg(fig).match(/<path class="series"/g)).toHaveLength(3);
  });

  it('rank plot: the best trial has rank 0 and the worst rank 1, on the parameters\' log axes', async () => {
    const trials = await lrStudy();
    const fig = rankFigure(trials, 'lr', 'width', 'minimize')!;
    const values = trials.map((t) => t.values![0]!);
    const best = trials[values.indexOf(Math.min(...values))]!;
    const worst = trials[values.indexOf(Math.max(...values))]!;
    expect(fig.points.find((p) => p.label?.startsWith(`trial ${best.number} `))?.c).toBe(0);
    expect(fig.points.find((p) => p.label?.startsWith(`trial ${worst.number} `))?.c).toBe(1);
    expect(fig.logX).toBe(true);
    expect(figureSvg(fig)).toContain('class="colourbar"');
  });

  it('hypervolume history matches Optuna 3.1 WFG on the same points (minimize, maximize)', () => {
    // Values from /usr/bin/python3: optuna._hypervolume.WFG().compute(points[:k], ref) with the
    // objectives as (f0, -f1) and ref = max + 0.1 * (max - min) per objective = (0.98, -0.015).
    const points = [[0.9, 0.2], [0.5, 0.5], [0.6, 0.6], [0.2, 0.95], [0.3, 0.4], [0.1, 0.1]] as const;
    const optuna = [0.0148, 0.2328, 0.2708, 0.7293, 0.7293, 0.7378];
    const base = { state: 'COMPLETE' as const, params: {}, distributions: {}, userAttrs: {}, systemAttrs: {}, intermediateValues: [], startedAt: null, completedAt: null, heartbeatAt: null };
    const trials = points.map((v, i) => ({ ...base, number: i, trialId: i, values: v }));
    const fig = hypervolumeHistoryFigure(trials, ['minimize', 'maximize'])!;
    fig.series[0]!.points.forEach(([n, hv], i) => {
      expect(n).toBe(i);
      expect(hv).toBeCloseTo(optuna[i]!, 10);
    });
    expect(fig.series[0]!.name).toContain('0.98, 0.015');
  });

  it('the study page shows the new plots under their headings', async () => {
    const html = renderStudyHtml(await lrStudy(), { studyName: 's', directions: ['minimize'] });
    for (const h of ['Rank', 'Parameter importance']) expect(html).toContain(`<h2>${h}</h2>`);
    expect(html).toContain('Importance over time');
  });
});
