/** Escapes text for HTML and SVG content and attribute values (`&`, `<`, `>`, `"`, `'`). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
 * @example `OKABE_ITO[0] // '#0072B2'`
 */
export const OKABE_ITO = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'] as const;

/** Dash patterns paired with the colours, so series differ without colour too. */
export const DASHES = ['', '6 3', '2 3', '8 3 2 3', '1 2', '10 4'] as const;

const VIRIDIS = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
] as const;
const DIVERGING = [
  [33, 102, 172],
  [146, 197, 222],
  [247, 247, 247],
  [244, 165, 130],
  [178, 24, 43],
] as const;

function ramp(stops: readonly (readonly [number, number, number])[], t: number): string {
  const u = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(u));
  const f = u - i;
  const a = stops[i]!;
  const b = stops[i + 1]!;
  const c = [0, 1, 2].map((k) => Math.round(a[k]! + (b[k]! - a[k]!) * f));
  return `rgb(${c.join(',')})`;
}

/** Sequential colour (viridis) for t in [0, 1]. */
export const sequential = (t: number): string => ramp(VIRIDIS, t);
/** Diverging colour (blue–white–red) for t in [-1, 1]. */
export const diverging = (t: number): string => ramp(DIVERGING, (t + 1) / 2);

/** Short number text for ticks and labels. */
export function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (Number.isInteger(v) && a < 1e12) return String(v);
  if (a >= 1e4 || a < 1e-3) return v.toExponential(1);
  return Number.isInteger(v) ? String(v) : String(+v.toPrecision(3));
}

/** About five round tick values covering [lo, hi]. */
export function ticks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const step0 = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= step0) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(+v.toPrecision(12));
  return out;
}

/** Opens an accessible SVG: role img, title and description referenced by aria-labelledby. */
export function svgOpen(id: string, width: number, height: number, title: string, alt: string): string {
  const t = escapeHtml(`${id}-title`);
  const d = escapeHtml(`${id}-desc`);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${t} ${d}">` +
    `<title id="${t}">${escapeHtml(title)}</title><desc id="${d}">${escapeHtml(alt)}</desc>`
  );
}

/** SVG text element with escaped content. */
export function text(x: number, y: number, s: string, attrs = ''): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}"${attrs === '' ? '' : ` ${attrs}`}>${escapeHtml(s)}</text>`;
}

/** Truncates long labels for axes (the full text stays in tables and the description). */
export const clip = (s: string, n = 18): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
