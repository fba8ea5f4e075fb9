import { fmt, scaleFor, type Scale } from './scale.js';
import { clip, px, text, textWidth } from './svg.js';
import type { XMarker } from './figure-types.js';

/** The plot rectangle inside an SVG of size W × H. */
export interface Frame {
  readonly W: number;
  readonly H: number;
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

/** Plot-area edges of a frame. */
export const inner = (f: Frame): { x0: number; x1: number; y0: number; y1: number } => ({ x0: f.left, x1: f.W - f.right, y0: f.top, y1: f.H - f.bottom });

/** One axis: its scale, title and optional category names for index ticks. */
export interface AxisSpec {
  readonly scale: Scale;
  readonly title: string;
  /** Names of categories at ticks 0, 1, … (the scale's domain runs from -0.5 to n - 0.5). */
  readonly categories?: readonly string[];
}

const FONT = 11;

/** Tick values and their labels for an axis (categories or numbers). */
function tickLabels(a: AxisSpec): { v: number; s: string }[] {
  if (a.categories !== undefined) return a.categories.map((c, i) => ({ v: i, s: clip(c, 16) }));
  return a.scale.ticks.map((v) => ({ v, s: fmt(v) }));
}

/** Keeps every k-th tick so that neighbouring labels never overlap (`size` is the space one needs). */
function thin<T extends { v: number }>(items: readonly T[], pos: (v: number) => number, size: (t: T) => number): T[] {
  for (let k = 1; k <= items.length; k++) {
    const kept = items.filter((_, i) => i % k === 0);
    const ok = kept.every((t, i) => i === 0 || Math.abs(pos(t.v) - pos(kept[i - 1]!.v)) >= (size(t) + size(kept[i - 1]!)) / 2 + 4);
    if (ok) return kept;
  }
  return items.slice(0, 1);
}

/** Widest y tick label in pixels (to size the left margin). */
export function yLabelWidth(a: AxisSpec): number {
  return Math.max(0, ...tickLabels(a).map((t) => textWidth(t.s, FONT)));
}

/** Left margin that fits the y tick labels and the rotated y title. */
export const leftMargin = (a: AxisSpec): number => Math.ceil(yLabelWidth(a) + 30);

/**
 * Both axes of a cartesian plot: lines, ticks (thinned so labels never overlap), light grid
 * lines (unless `grid` is false) and the two titles; tick labels carry class `tick` for the browser checks.
 */
export function axesSvg(f: Frame, x: AxisSpec, y: AxisSpec, grid = true): string {
  const { x0, x1, y0, y1 } = inner(f);
  const out: string[] = [`<g class="axis" stroke="#555" fill="#222" font-size="${FONT}">`];
  out.push(`<line x1="${x0}" y1="${y1}" x2="${x1}" y2="${y1}"/>`, `<line x1="${x0}" y1="${y0}" x2="${x0}" y2="${y1}"/>`);
  for (const t of thin(tickLabels(x), x.scale.map, (t) => textWidth(t.s, FONT))) {
    const p = px(x.scale.map(t.v));
    out.push(`<line x1="${p}" y1="${y1}" x2="${p}" y2="${y1 + 4}"/>`, text(x.scale.map(t.v), y1 + 16, t.s, 'class="tick" text-anchor="middle" stroke="none"'));
  }
  for (const t of thin(tickLabels(y), y.scale.map, () => FONT + 2)) {
    const p = px(y.scale.map(t.v));
    out.push(`<line x1="${x0 - 4}" y1="${p}" x2="${x0}" y2="${p}"/>`, grid ? `<line x1="${x0}" y1="${p}" x2="${x1}" y2="${p}" stroke="#ddd"/>` : '', text(x0 - 6, y.scale.map(t.v) + 4, t.s, 'class="tick" text-anchor="end" stroke="none"'));
  }
  out.push(text((x0 + x1) / 2, f.H - 8, clip(x.title, 60), 'class="axis-title" text-anchor="middle" stroke="none"'));
  const my = (y0 + y1) / 2;
  // The rotated title is centred on the plot; it must fit the figure's height.
  out.push(text(12, my, clip(y.title, Math.max(4, Math.min(40, Math.floor((2 * Math.min(my, f.H - my) - 4) / 6.6)))), `class="axis-title" text-anchor="middle" stroke="none" transform="rotate(-90 12 ${px(my)})"`));
  out.push('</g>');
  return out.join('');
}

/** A category axis scale: index i sits at the middle of band i. */
export const bandScale = (n: number, range: readonly [number, number]): Scale => scaleFor([], range, { domain: [-0.5, Math.max(0, n - 1) + 0.5], integer: true });

/**
 * A vertical reference line at data position `m.x` across the plot, labelled inside the plot
 * (left of the line in the right half, so the label never leaves the figure).
 */
export function markerSvg(m: XMarker, x: Scale, f: Frame): string {
  const { x0, x1, y0, y1 } = inner(f);
  const p = x.map(m.x);
  const right = p > (x0 + x1) / 2;
  return `<g class="marker"><line x1="${px(p)}" y1="${y0}" x2="${px(p)}" y2="${y1}" stroke="#000" stroke-dasharray="3 3"/>${text(right ? p - 4 : p + 4, y0 + 12, m.label, `font-size="11" fill="#222" text-anchor="${right ? 'end' : 'start'}"`)}</g>`;
}
