import type { FrozenTrial, StudyDirection } from '../trial/index.js';
import { optimizationHistory } from '../importance/index.js';
import { escapeXml, fmt, linearScale, svg, text } from './svg.js';

/**
 * Optimisation history as SVG: each COMPLETE trial's value (dots) and the best so far (line).
 * @example `historySvg(trials, 'minimize')`
 */
export function historySvg(trials: readonly FrozenTrial[], direction: StudyDirection, objectiveIndex = 0): string {
  const points = optimizationHistory(trials, direction, objectiveIndex).filter((p) => Number.isFinite(p.value));
  const w = 640;
  const h = 320;
  if (points.length === 0) return svg(w, 60, 'Optimization history', text(10, 30, 'No COMPLETE trial yet.'));
  const values = points.map((p) => p.value);
  const x = linearScale(0, Math.max(1, ...points.map((p) => p.number)), 60, w - 20);
  const y = linearScale(Math.min(...values), Math.max(...values), h - 40, 20);
  const dots = points.map((p) => `<circle cx="${x(p.number).toFixed(1)}" cy="${y(p.value).toFixed(1)}" r="3" fill="#4c78a8" fill-opacity="0.6"><title>trial ${p.number}: ${escapeXml(fmt(p.value))}</title></circle>`).join('');
  const line = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.number).toFixed(1)},${y(p.bestValue).toFixed(1)}`).join(' ');
  const axes = [
    `<line x1="60" y1="${h - 40}" x2="${w - 20}" y2="${h - 40}" stroke="#888"/><line x1="60" y1="20" x2="60" y2="${h - 40}" stroke="#888"/>`,
    text(60, h - 22, '0', 'font-size="11"'),
    text(w - 20, h - 22, String(points.at(-1)!.number), 'font-size="11" text-anchor="end"'),
    text(w / 2, h - 6, 'trial', 'font-size="12" text-anchor="middle"'),
    text(55, 24, fmt(Math.max(...values)), 'font-size="11" text-anchor="end"'),
    text(55, h - 42, fmt(Math.min(...values)), 'font-size="11" text-anchor="end"'),
  ].join('');
  return svg(w, h, 'Optimization history', `${axes}${dots}<path d="${line}" fill="none" stroke="#e45756" stroke-width="2"/>${text(w - 20, 16, 'best so far', 'font-size="11" fill="#e45756" text-anchor="end"')}`);
}
