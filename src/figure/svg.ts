import { escapeHtml } from './escape.js';

/** Rounds a coordinate for SVG output. */
export const px = (v: number): string => (Number.isFinite(v) ? v.toFixed(1) : '0');

/**
 * Opens an accessible SVG: role img, title and description referenced by aria-labelledby.
 * `colour` says how colour encodes data (`series`/`categories` → a legend, `scale` → a colour
 * bar, `none`), which the browser tests check.
 * @example `svgOpen('loss', 560, 320, 'Loss', 'Loss per epoch', 'series')`
 */
export function svgOpen(id: string, width: number, height: number, title: string, alt: string, colour: 'series' | 'categories' | 'scale' | 'none' = 'none'): string {
  const t = escapeHtml(`${id}-title`);
  const d = escapeHtml(`${id}-desc`);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" data-colour="${colour}" viewBox="0 0 ${Math.ceil(width)} ${Math.ceil(height)}" width="${Math.ceil(width)}" height="${Math.ceil(height)}" role="img" aria-labelledby="${t} ${d}" font-family="system-ui,sans-serif">` +
    `<title id="${t}">${escapeHtml(title)}</title><desc id="${d}">${escapeHtml(alt)}</desc>`
  );
}

/** SVG text element with escaped content. @example `text(10, 20, 'a < b', 'text-anchor="end"')` */
export function text(x: number, y: number, s: string, attrs = ''): string {
  return `<text x="${px(x)}" y="${px(y)}"${attrs === '' ? '' : ` ${attrs}`}>${escapeHtml(s)}</text>`;
}

/** Truncates long labels for axes (the full text stays in the data table and the description). */
export const clip = (s: string, n = 18): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Approximate width in pixels of `s` at `size` px (system-ui digits and lower case). */
export const textWidth = (s: string, size = 11): number => s.length * size * 0.6;

/** A tooltip child (`<title>`) with escaped text. */
export const tip = (s: string): string => `<title>${escapeHtml(s)}</title>`;
