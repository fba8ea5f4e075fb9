import type { FrozenTrial, StudyDirection } from '../trial/index.js';
import { paretoFront } from '../trial/index.js';
import { escapeXml, fmt, linearScale, svg, text } from './svg.js';

/**
 * Pareto-front plot of a multi-objective study as SVG: every COMPLETE trial by two of its
 * objectives (`objectives`, default the first two), the non-dominated ones (over all objectives)
 * in red and joined by a line, the others in grey. Trials violating stored constraints are hollow.
 * @example `paretoSvg(trials, ['minimize', 'minimize'])`
 */
export function paretoSvg(trials: readonly FrozenTrial[], directions: readonly StudyDirection[], objectives: readonly [number, number] = [0, 1]): string {
  const [i, j] = objectives;
  const complete = trials.filter((t) => t.state === 'COMPLETE' && t.values?.length === directions.length && Number.isFinite(t.values[i]) && Number.isFinite(t.values[j]));
  const w = 640;
  const h = 360;
  if (complete.length === 0) return svg(w, 60, 'Pareto front', text(10, 30, 'No COMPLETE trial yet.'));
  const front = new Set(paretoFront(complete, directions));
  const xs = complete.map((t) => t.values![i]!);
  const ys = complete.map((t) => t.values![j]!);
  const x = linearScale(Math.min(...xs), Math.max(...xs), 60, w - 20);
  const y = linearScale(Math.min(...ys), Math.max(...ys), h - 40, 20);
  const infeasible = (t: FrozenTrial): boolean => Array.isArray(t.systemAttrs['constraints']) && (t.systemAttrs['constraints'] as readonly unknown[]).some((c) => typeof c === 'number' && c > 0);
  const dots = complete.map((t) => {
    const colour = front.has(t) ? '#e45756' : '#999';
    const fill = infeasible(t) ? 'fill="none" stroke-width="1.5"' : `fill="${colour}"`;
    return `<circle cx="${x(t.values![i]!).toFixed(1)}" cy="${y(t.values![j]!).toFixed(1)}" r="${front.has(t) ? 4 : 3}" ${fill} stroke="${colour}"><title>trial ${t.number}: ${escapeXml(t.values!.map(fmt).join(', '))}${front.has(t) ? ' (Pareto front)' : ''}</title></circle>`;
  });
  const line = [...front].sort((a, b) => a.values![i]! - b.values![i]!).map((t, k) => `${k === 0 ? 'M' : 'L'}${x(t.values![i]!).toFixed(1)},${y(t.values![j]!).toFixed(1)}`).join(' ');
  const axes = [
    `<line x1="60" y1="${h - 40}" x2="${w - 20}" y2="${h - 40}" stroke="#888"/><line x1="60" y1="20" x2="60" y2="${h - 40}" stroke="#888"/>`,
    text(w / 2, h - 6, `objective ${i} (${directions[i]})`, 'font-size="12" text-anchor="middle"'),
    text(14, h / 2, `objective ${j} (${directions[j]})`, `font-size="12" text-anchor="middle" transform="rotate(-90 14 ${h / 2})"`),
    text(60, h - 24, fmt(Math.min(...xs)), 'font-size="11"'),
    text(w - 20, h - 24, fmt(Math.max(...xs)), 'font-size="11" text-anchor="end"'),
    text(55, 24, fmt(Math.max(...ys)), 'font-size="11" text-anchor="end"'),
    text(55, h - 42, fmt(Math.min(...ys)), 'font-size="11" text-anchor="end"'),
  ].join('');
  return svg(w, h, 'Pareto front', `${axes}<path d="${line}" fill="none" stroke="#e45756" stroke-opacity="0.5"/>${dots.join('')}${text(w - 20, 16, `${front.size} of ${complete.length} trials on the front`, 'font-size="11" fill="#e45756" text-anchor="end"')}`);
}
