import { toInternal, toUnit } from '../distributions/index.js';
import type { FrozenTrial, StudyDirection } from '../trial/index.js';
import { colorRamp, escapeXml, fmt, linearScale, svg, text } from './svg.js';

/**
 * Slice plot as SVG: one small panel per parameter with each COMPLETE trial's objective value
 * against that parameter (log-scaled parameters on a log axis, choices evenly spaced), dots
 * coloured by trial number (dark = early). Parameters are the given `names` (default: all).
 * @example `sliceSvg(trials, 'minimize')`
 */
export function sliceSvg(trials: readonly FrozenTrial[], direction: StudyDirection, objectiveIndex = 0, names?: readonly string[]): string {
  const complete = trials.filter((t) => t.state === 'COMPLETE' && Number.isFinite(t.values?.[objectiveIndex]));
  const params = names ?? [...new Set(complete.flatMap((t) => Object.keys(t.params)))].sort();
  if (complete.length === 0 || params.length === 0) return svg(640, 60, 'Slice plot', text(10, 30, 'No COMPLETE trial yet.'));
  const pw = 200;
  const ph = 170;
  const cols = Math.min(3, params.length);
  const values = complete.map((t) => t.values![objectiveIndex]!);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const last = Math.max(1, ...complete.map((t) => t.number));
  const panels = params.map((name, i) => {
    const ox = (i % cols) * (pw + 20) + 50;
    const oy = Math.floor(i / cols) * (ph + 20) + 10;
    const x = linearScale(0, 1, ox + 6, ox + pw - 6);
    const y = linearScale(lo, hi, oy + ph - 30, oy + 6);
    const dots = complete.flatMap((t) => {
      const d = t.distributions[name];
      const v = d === undefined ? undefined : toInternal(d, t.params[name] ?? null);
      if (d === undefined || v === undefined) return [];
      const u = d.kind === 'categorical' ? (d.choices.length === 1 ? 0.5 : v / (d.choices.length - 1)) : toUnit(d, v);
      const shown = d.kind === 'categorical' ? JSON.stringify(t.params[name]) : fmt(v);
      return [`<circle cx="${x(u).toFixed(1)}" cy="${y(t.values![objectiveIndex]!).toFixed(1)}" r="3" fill="${colorRamp(t.number / last)}" fill-opacity="0.8"><title>trial ${t.number}: ${escapeXml(name)} = ${escapeXml(shown)}, value ${escapeXml(fmt(t.values![objectiveIndex]!))}</title></circle>`];
    });
    return `<rect x="${ox}" y="${oy}" width="${pw}" height="${ph - 24}" fill="none" stroke="#ccc"/>${dots.join('')}${text(ox + pw / 2, oy + ph - 8, name, 'font-size="12" text-anchor="middle"')}`;
  });
  const rows = Math.ceil(params.length / cols);
  const axis = `${text(44, 20, fmt(hi), 'font-size="11" text-anchor="end"')}${text(44, ph - 26, fmt(lo), 'font-size="11" text-anchor="end"')}${text(12, 90, direction === 'minimize' ? 'value ↓' : 'value ↑', 'font-size="11" transform="rotate(-90 12 90)"')}`;
  return svg(cols * (pw + 20) + 50, rows * (ph + 20) + 10, 'Slice plot', axis + panels.join(''));
}
