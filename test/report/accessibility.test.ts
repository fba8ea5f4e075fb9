import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { renderReportHtml, runAudit } from '../../src/report/index.js';
import { OKABE_ITO, STYLE } from '../../src/figure/index.js';
import { FIXTURES } from './hostile-data.js';

// A real audit of the PyTorch digits CNN (small attack settings to stay fast).
const report = await runAudit({
  model: join(FIXTURES, 'cnn.onnx'),
  data: join(FIXTURES, 'cnn_x.npy'),
  labels: join(FIXTURES, 'cnn_y.npy'),
  config: { sections: ['model', 'performance', 'explain', 'robustness', 'efficiency'], robustness: { eps: [0.1], steps: 5, rows: 40, severities: [3] }, notApplicable: { fairness: 'no people in these data' } },
});
const html = renderReportHtml(report);

describe('audit report accessibility', () => {
  it('has one h1, one h2 per area and no skipped heading level', () => {
    const levels = [...html.matchAll(/<h([1-6])[ >]/g)].map((m) => Number(m[1]));
    expect(levels.filter((l) => l === 1)).toHaveLength(1);
    expect(levels.filter((l) => l === 2)).toHaveLength(9);
    levels.forEach((l, i) => {
      if (i > 0) expect(l - levels[i - 1]!).toBeLessThanOrEqual(1);
    });
    expect(html.startsWith('<!doctype html><html lang="en">')).toBe(true);
    expect(html.includes('<a class="skip" href="#main">')).toBe(true);
  });

  it('gives every chart a text alternative: role img, a title and a description it points to', () => {
    const svgs = [...html.matchAll(/<svg [^>]*>/g)].map((m) => m[0]);
    expect(svgs.length).toBeGreaterThan(8);
    for (const svg of svgs) {
      expect(svg).toContain('role="img"');
      const [title, desc] = /aria-labelledby="([^" ]+) ([^"]+)"/.exec(svg)!.slice(1);
      expect(new RegExp(`<title id="${title!}">[^<]{3,}</title>`).test(html), `title of ${title!}`).toBe(true);
      expect(new RegExp(`<desc id="${desc!}">[^<]{20,}</desc>`).test(html), `description of ${desc!}`).toBe(true);
    }
    expect(html.match(/<figure /g)?.length).toBe(html.match(/<figcaption>[^<]+<\/figcaption>/g)?.length);
    const tables = html.match(/<table[ >]/g)?.length ?? 0;
    expect(html.match(/<caption>[^<]+<\/caption>/g)?.length).toBe(tables);
  });

  it('draws series only in Okabe–Ito colours, with dashes as a second cue, and states status in words', () => {
    const greys = new Set(['#555', '#222', '#ddd', '#888', '#000', '#fff', '#333', 'none']);
    const colours = [...html.matchAll(/(?:stroke|fill)="(#[0-9a-fA-F]{3,6}|none)"/g)].map((m) => m[1]!);
    const palette = new Set<string>(OKABE_ITO);
    expect(colours.filter((c) => !greys.has(c) && !palette.has(c))).toEqual([]);
    expect(/stroke-dasharray="6 3"/.test(html), 'second series dashed').toBe(true);
    for (const badge of html.match(/<span class="status [^"]+">[^<]*<\/span>/g) ?? []) expect(badge).toMatch(/>(✓ pass|! warn|✗ fail|\? not judged|– not run|○ n\/a)</);
    expect(html.includes('<span class="status na">○ n/a</span>'), 'n/a badge').toBe(true);
    expect(html.includes('not applicable: no people in these data'), 'n/a reason').toBe(true);
  });

  it('prints without navigation and keeps figures whole', () => {
    expect(STYLE).toMatch(/@media print\{nav,\.skip\{display:none\}/);
    expect(STYLE).toMatch(/\.figure\{break-inside:avoid\}/);
  });
});
