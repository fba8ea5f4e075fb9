import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, escapeHtml, figureHtml, fmt, STYLE, STYLE_HASH, ticks, type Figure } from '../../figure/index.js';
import type { AuditReport } from '../audit-types.js';
import { renderReportHtml } from './report-html.js';
import { createHash } from 'node:crypto';

const evil = '<script>x()</script>"\'&';

describe('report renderer', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(evil)).toBe('&#60;script&#62;x()&#60;/script&#62;&#34;&#39;&#38;');
  });

  it('draws every figure kind as a non-empty, labelled SVG and escapes labels', () => {
    const figs: Figure[] = [
      { kind: 'line', id: 'l', title: evil, alt: evil, xLabel: evil, yLabel: 'y', series: [{ name: evil, points: [[0, 1], [1, 2]] }, { name: 'b', points: [[0, 2]] }] },
      { kind: 'bar', id: 'b', title: 't', alt: 'a', valueLabel: 'v', bars: [{ label: evil, value: 0.5, lower: 0.4, upper: 0.6 }], reference: 0.5 },
      { kind: 'heatmap', id: 'h', title: 't', alt: 'a', rows: 2, cols: 2, values: [1, -1, 0, 2], rowLabels: [evil, 'b'], colLabels: ['c', evil], diverging: true, showValues: true },
      { kind: 'parallel', id: 'p', title: 't', alt: 'a', axes: [evil, 'objective'], lines: [{ values: [1, 2], score: 1 }, { values: [2, 1], score: 0 }] },
    ];
    for (const f of figs) {
      const html = figureHtml(f);
      expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby=/);
      expect(html).toMatch(/<(path|rect)[^>]*(d="M|width="[1-9])/);
      expect(html).not.toContain('<script>');
    }
    const table = figureHtml({ kind: 'table', id: 't', title: 'T', alt: 'a', columns: [evil], rows: [[evil, 1.5, null]] });
    expect(table).not.toContain('<script>');
    expect(table).toContain('<th scope="col">&#60;script&#62;');
  });

  it('pins the stylesheet by hash in a CSP that allows no script and no network', () => {
    expect(STYLE_HASH).toBe(`'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`);
    expect(CONTENT_SECURITY_POLICY).toMatch(/^default-src 'none'; style-src 'sha256-/);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/script-src|unsafe/);
  });

  it('renders a summary row per area with status text, not colour alone', () => {
    const r: AuditReport = {
      format: 'keel-audit/1',
      createdAt: '2026-01-01T00:00:00Z',
      inputs: { model: evil },
      areas: [
        { area: 'model', title: 'Model and engine', status: 'fail', checks: [{ id: 'model.x', area: 'model', passed: false, severity: 'error', summary: evil, figures: { value: 3 } }], figures: [], notes: [evil], seconds: 0 },
        { area: 'tuning', title: 'Hyperparameter tuning', status: 'not run', checks: [], figures: [], notes: [], notRun: 'not run: x', seconds: 0 },
      ],
      checks: [],
      passed: false,
    };
    const html = renderReportHtml(r);
    expect(html).toContain('✗ fail');
    expect(html).toContain('– not run');
    expect(html).not.toContain('<script>');
    expect(html.match(/<h2 /g)?.length).toBe(2);
  });

  it('picks round ticks and short numbers', () => {
    expect(ticks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(fmt(23_456)).toBe('23456');
    expect(fmt(0.000_12)).toBe('1.2e-4');
  });
});
