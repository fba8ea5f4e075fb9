/**
 * The one palette of Keel's pictures: Okabe–Ito for categories (with dash patterns as a second
 * cue), viridis for ordered values and a blue–white–orange diverging scale centred on zero; all
 * three stay distinguishable with the common colour-vision deficiencies.
 * @module
 */

/**
 * Okabe–Ito colours for categories (series, states, groups).
 * @example `OKABE_ITO[0] // '#0072B2'`
 */
export const OKABE_ITO = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'] as const;

/** Dash patterns paired with the colours, so series differ without colour too. */
export const DASHES = ['', '6 3', '2 3', '8 3 2 3', '1 2', '10 4'] as const;

/** Colour of category `i` (cycles through Okabe–Ito). @example `categorical(1) // '#E69F00'` */
export const categorical = (i: number): string => OKABE_ITO[((i % OKABE_ITO.length) + OKABE_ITO.length) % OKABE_ITO.length]!;

/** Dash pattern of category `i`. @example `dash(1) // '6 3'` */
export const dash = (i: number): string => DASHES[((i % DASHES.length) + DASHES.length) % DASHES.length]!;

type Rgb = readonly [number, number, number];

// Viridis sampled at nine evenly spaced points (matplotlib's published table).
const VIRIDIS: readonly Rgb[] = [
  [68, 1, 84],
  [71, 44, 122],
  [59, 81, 139],
  [44, 113, 142],
  [33, 144, 141],
  [39, 173, 129],
  [92, 200, 99],
  [170, 220, 50],
  [253, 231, 37],
];

// Blue – near-white – orange (PuOr-like ends), readable for red–green deficiencies.
const DIVERGING: readonly Rgb[] = [
  [33, 102, 172],
  [146, 197, 222],
  [247, 247, 247],
  [253, 184, 99],
  [179, 88, 6],
];

function rampRgb(stops: readonly Rgb[], t: number): [number, number, number] {
  const u = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(u));
  const f = u - i;
  const a = stops[i]!;
  const b = stops[i + 1]!;
  return [0, 1, 2].map((k) => Math.round(a[k]! + (b[k]! - a[k]!) * f)) as [number, number, number];
}

const ramp = (stops: readonly Rgb[], t: number): string => `rgb(${rampRgb(stops, t).join(',')})`;

/** The diverging scale as [r, g, b] bytes for t in [-1, 1] (raster images). @example `divergingRgb(1) // [179, 88, 6]` */
export const divergingRgb = (t: number): [number, number, number] => rampRgb(DIVERGING, (t + 1) / 2);

/** Sequential colour (viridis, dark to yellow) for t in [0, 1]. @example `sequential(0) // 'rgb(68,1,84)'` */
export const sequential = (t: number): string => ramp(VIRIDIS, t);

/** Diverging colour (blue – white – orange) for t in [-1, 1]. @example `diverging(0) // 'rgb(247,247,247)'` */
export const diverging = (t: number): string => ramp(DIVERGING, (t + 1) / 2);

/** Relative luminance of an `rgb(r,g,b)` or `#rrggbb` colour, for picking a readable text colour on it. */
export function luminance(colour: string): number {
  const m = /^rgb\((\d+),(\d+),(\d+)\)$/.exec(colour);
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(colour);
  const parts = m ? [m[1], m[2], m[3]].map(Number) : hex ? [hex[1], hex[2], hex[3]].map((h) => parseInt(h!, 16)) : [255, 255, 255];
  const lin = parts.map((v) => {
    const s = v / 255;
    return s <= 0.039_28 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * lin[0]! + 0.7152 * lin[1]! + 0.0722 * lin[2]!;
}

/** Black or white, whichever contrasts more with `colour`. @example `textOn('rgb(68,1,84)') // '#fff'` */
export const textOn = (colour: string): '#000' | '#fff' => (luminance(colour) > 0.179 ? '#000' : '#fff');
