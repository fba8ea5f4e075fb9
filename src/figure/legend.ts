import { fmt, ticks } from './scale.js';
import { diverging, sequential } from './palette.js';
import { clip, px, text, textWidth } from './svg.js';

/** One legend entry. */
export interface LegendItem {
  readonly label: string;
  readonly colour: string;
  readonly dash?: string;
  readonly mark: 'line' | 'dot' | 'box';
}

const ROW = 16;

/** Places legend items in rows of at most `width` pixels; returns the rows' positions. */
function layout(items: readonly LegendItem[], width: number): { item: LegendItem; x: number; row: number }[] {
  const out: { item: LegendItem; x: number; row: number }[] = [];
  let x = 0;
  let row = 0;
  for (const item of items) {
    const w = 30 + textWidth(clip(item.label, 28), 11) + 12;
    if (x > 0 && x + w > width) [x, row] = [0, row + 1];
    out.push({ item, x, row });
    x += w;
  }
  return out;
}

/** Height a legend needs above the plot (0 when there is nothing to tell apart, unless `always`). */
export function legendHeight(items: readonly LegendItem[], width: number, always = false): number {
  if (items.length < (always ? 1 : 2)) return 0;
  return (Math.max(...layout(items, width).map((p) => p.row)) + 1) * ROW + 6;
}

/**
 * A legend drawn in its own band above the plot (never over the data), one row per line of items.
 * @example `legendSvg([{ label: 'train', colour: '#0072B2', mark: 'line' }, …], 56, 8, 480)`
 */
export function legendSvg(items: readonly LegendItem[], x0: number, y0: number, width: number, always = false): string {
  if (items.length < (always ? 1 : 2)) return '';
  const parts = layout(items, width).map(({ item, x, row }) => {
    const lx = x0 + x;
    const ly = y0 + row * ROW + 8;
    const mark =
      item.mark === 'dot'
        ? `<circle cx="${px(lx + 9)}" cy="${px(ly)}" r="4" fill="${item.colour}"/>`
        : item.mark === 'box'
          ? `<rect x="${px(lx + 3)}" y="${px(ly - 5)}" width="12" height="10" fill="${item.colour}"/>`
          : `<line x1="${px(lx)}" y1="${px(ly)}" x2="${px(lx + 22)}" y2="${px(ly)}" stroke="${item.colour}" stroke-width="2.5"${item.dash ? ` stroke-dasharray="${item.dash}"` : ''}/>`;
    return `${mark}${text(lx + 26, ly + 4, clip(item.label, 28), 'font-size="11" fill="#222"')}`;
  });
  return `<g class="legend">${parts.join('')}</g>`;
}

/** Width a colour bar needs right of the plot. */
export const COLOUR_BAR_WIDTH = 78;

/**
 * A vertical colour bar for a continuous colour scale: the ramp, tick values and its title.
 * `reverse` puts low values at the top (when low is best).
 * @example `colourBarSvg({ lo: 0, hi: 1, title: 'objective' }, 500, 20, 200)`
 */
export function colourBarSvg(s: { readonly lo: number; readonly hi: number; readonly title: string; readonly diverging?: boolean; readonly colour?: (t: number) => string }, x: number, y0: number, height: number): string {
  const steps = 32;
  const h = height / steps;
  const colourAt = s.colour ?? ((t: number): string => (s.diverging === true ? diverging(2 * t - 1) : sequential(t)));
  const cells = Array.from({ length: steps }, (_, i) => `<rect x="${px(x)}" y="${px(y0 + height - (i + 1) * h)}" width="12" height="${px(h + 0.6)}" fill="${colourAt((i + 0.5) / steps)}"/>`);
  const span = s.hi - s.lo;
  const tv = span > 0 ? ticks(s.lo, s.hi, 4) : [s.lo];
  const labels = tv.map((v) => {
    const yy = span > 0 ? y0 + height - ((v - s.lo) / span) * height : y0 + height / 2;
    return `<line x1="${px(x + 12)}" y1="${px(yy)}" x2="${px(x + 15)}" y2="${px(yy)}" stroke="#555"/>${text(x + 17, yy + 4, fmt(v), 'class="tick" font-size="10" fill="#222"')}`;
  });
  const ty = y0 + height / 2;
  // Rotated a quarter turn clockwise, the glyphs extend to the right of tx.
  const tx = x + COLOUR_BAR_WIDTH - 18;
  return `<g class="colourbar">${cells.join('')}<rect x="${px(x)}" y="${px(y0)}" width="12" height="${px(height)}" fill="none" stroke="#555"/>${labels.join('')}${text(tx, ty, clip(s.title, Math.max(6, Math.floor(height / 6.6))), `font-size="11" fill="#222" text-anchor="middle" transform="rotate(90 ${px(tx)} ${px(ty)})"`)}</g>`;
}
