import { describe, it, expect } from 'vitest';
import { RandomSampler } from '../samplers/index.js';
import { createStudy } from '../study/index.js';
import { contourSvg, escapeXml, historySvg, parallelCoordinatesSvg, renderStudyHtml } from './index.js';

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
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain('<b>"&');
    expect(html).toContain('&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('lr&lt;script&gt;');
    for (const h of ['Optimization history', 'Parameter importance', 'Parallel coordinates', 'Contour']) expect(html).toContain(`<h2>${h}</h2>`);
    expect(html).toContain('FAIL: 1');
    // The contour plot uses the two most important numeric parameters: x first.
    expect(html).toMatch(/Contour: x × lr&lt;script&gt;|Contour: lr&lt;script&gt; × x/);
    // Balanced tags: every <svg> is closed.
    expect(html.match(/<svg /g)?.length).toBe(html.match(/<\/svg>/g)?.length);
  });

  it('draws one history dot per COMPLETE trial and a best-so-far line that never worsens', async () => {
    const trials = await (await sampleStudy()).getTrials();
    const out = historySvg(trials, 'minimize');
    expect(out.match(/<circle /g)).toHaveLength(39);
    const ys = [...out.matchAll(/[ML][\d.]+,([\d.]+)/g)].map((m) => Number(m[1]));
    for (let i = 1; i < ys.length; i++) expect(ys[i]).toBeGreaterThanOrEqual(ys[i - 1]!);
    expect(parallelCoordinatesSvg(trials, 'minimize').match(/<path /g)).toHaveLength(39);
    expect(contourSvg(trials, 'x', 'act', 'maximize', { resolution: 10 }).match(/<rect /g)).toHaveLength(100);
    expect(historySvg([], 'minimize')).toContain('No COMPLETE trial yet.');
  });

  it('escapes the five XML specials', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
