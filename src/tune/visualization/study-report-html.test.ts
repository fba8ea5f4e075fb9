import { describe, it, expect } from 'vitest';
import { RandomSampler } from '../samplers/index.js';
import { createStudy } from '../study/index.js';
import { figureSvg } from '../../figure/index.js';
import { contourFigure, historyFigure, parallelFigure, renderStudyHtml } from './index.js';

async function sampleStudy(): Promise<Awaited<ReturnType<typeof createStudy>>> {
  const study = await createStudy({ studyName: 'x', sampler: new RandomSampler({ seed: 3 }) });
  await study.optimize((t) => {
    const x = t.suggestFloat('x', -2, 2);
    const lr = t.suggestFloat('lr<script>', 1e-4, 1, { log: true });
    const c = t.suggestCategorical('act', ['relu', '<b>"&\'</b>']);
    if (t.number === 3) throw new Error('boom');
    return 10 * x * x + Math.abs(Math.log10(lr) + 2) + (c === 'relu' ? 0 : 0.1);
  }, { nTrials: 40, catch: [Error] });
  return study;
}

describe('study insight HTML', () => {
  it('renders history, importance, parallel coordinates and contour with every user string escaped', async () => {
    const study = await sampleStudy();
    const trials = await study.getTrials();
    const html = renderStudyHtml(trials, { studyName: '</title><script>alert(1)</script>', directions: ['minimize'] });
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain('<b>"&');
    expect(html).toContain('&#60;/title&#62;&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).toContain('lr&#60;script&#62;');
    for (const h of ['Optimization history', 'Parameter importance', 'Parallel coordinates', 'Contour']) expect(html).toContain(`<h2>${h}</h2>`);
    expect(html).toContain('FAIL: 1');
    // The contour plot uses the two most important numeric parameters: x first.
    expect(html).toMatch(/Contour: x × lr&#60;script&#62;|Contour: lr&#60;script&#62; × x/);
    // Balanced tags: every <svg> is closed.
    expect(html.match(/<svg /g)?.length).toBe(html.match(/<\/svg>/g)?.length);
  });

  it('draws one history dot per COMPLETE trial and a best-so-far line that never worsens', async () => {
    const trials = await (await sampleStudy()).getTrials();
    const out = figureSvg(historyFigure(trials, 'minimize'));
    expect(out.match(/<circle [^>]*><title>trial value: /g)).toHaveLength(39);
    const best = /<path class="series" d="([^"]+)"/.exec(out)![1]!;
    const ys = [...best.matchAll(/[ML][\d.]+,([\d.]+)/g)].map((m) => Number(m[1]));
    expect(ys).toHaveLength(39);
    for (let i = 1; i < ys.length; i++) expect(ys[i]).toBeGreaterThanOrEqual(ys[i - 1]!);
    expect(figureSvg(parallelFigure(trials, 'minimize')!).match(/<path class="series/g)).toHaveLength(39);
    expect(figureSvg(contourFigure(trials, 'x', 'lr<script>', 'maximize', { resolution: 10 })!).match(/<rect class="cell"/g)).toHaveLength(100);
    expect(renderStudyHtml([], { studyName: 'empty', directions: ['minimize'] })).toContain('No COMPLETE trial yet.');
  });
});
