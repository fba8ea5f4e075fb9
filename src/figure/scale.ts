/**
 * Axis scales: automatic ranges with a margin, nice ticks (integers when the data are counts or
 * steps, powers of ten on log axes) and short tick labels.
 * @module
 */

/** Short number text for ticks and labels. @example `fmt(0.000_12) // '1.2e-4'` */
export function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (Number.isInteger(v) && a < 1e12) return String(v);
  if (a >= 1e4 || a < 1e-3) return v.toExponential(1).replace('e+', 'e').replace(/\.0e/, 'e');
  return String(+v.toPrecision(3));
}

/**
 * About `count` round tick values covering [lo, hi]; with `integer`, only whole numbers.
 * @example `ticks(0, 1) // [0, 0.2, 0.4, 0.6, 0.8, 1]`
 */
export function ticks(lo: number, hi: number, count = 5, integer = false): number[] {
  if (!(hi > lo)) return [lo];
  const step0 = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(step0));
  let step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= step0) ?? 10 * mag;
  if (integer) step = Math.max(1, Math.round(step) === 2.5 ? 2 : Math.ceil(step));
  const out: number[] = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) out.push(+v.toPrecision(12));
  return out;
}

/** Powers of ten inside [lo, hi] (lo > 0), with 2 and 5 multiples when the span is under two decades. */
export function logTicks(lo: number, hi: number): number[] {
  if (!(lo > 0) || !(hi > lo)) return [lo];
  const out: number[] = [];
  const mults = Math.log10(hi / lo) < 2 ? [1, 2, 5] : [1];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of mults) {
      const v = +(m * 10 ** e).toPrecision(12);
      if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) out.push(v);
    }
  }
  return out.length >= 2 ? out : ticks(lo, hi);
}

/** A continuous axis scale from data values to pixels. */
export interface Scale {
  readonly log: boolean;
  readonly domain: readonly [number, number];
  readonly range: readonly [number, number];
  /** Pixel position of a data value. */
  readonly map: (v: number) => number;
  /** Tick values inside the domain. */
  readonly ticks: readonly number[];
}

/** Options of {@link scaleFor}. */
export interface ScaleOptions {
  /** Log axis (positive values only; others are ignored when fitting the range). */
  readonly log?: boolean;
  /** Whole-number ticks; default: when every value is an integer. */
  readonly integer?: boolean;
  /** Fraction of the span added on each side (default 0.05). */
  readonly margin?: number;
  /** Fixed domain instead of one fitted to the values. */
  readonly domain?: readonly [number, number];
  /** Values the range must include (such as 0 for bars). */
  readonly include?: readonly number[];
  /** Number of ticks to aim for (default 5). */
  readonly count?: number;
}

/**
 * A scale fitted to `values` with a margin, mapped onto the pixel interval `range` (which may run
 * downwards, as y axes do).
 * @example `scaleFor([0.1, 0.13], [300, 20]).ticks // [0.1, 0.11, 0.12, 0.13]`
 */
export function scaleFor(values: readonly number[], range: readonly [number, number], o: ScaleOptions = {}): Scale {
  const log = o.log === true;
  const data = [...values, ...(o.include ?? [])].filter((v) => Number.isFinite(v) && (!log || v > 0));
  const integer = o.integer ?? (data.length > 0 && data.every(Number.isInteger));
  const t = (v: number): number => (log ? Math.log10(v) : v);
  const inv = (u: number): number => (log ? 10 ** u : u);
  let lo: number;
  let hi: number;
  if (o.domain !== undefined) [lo, hi] = [t(o.domain[0]), t(o.domain[1])];
  else if (data.length === 0) [lo, hi] = log ? [0, 1] : [0, 1];
  else {
    lo = Math.min(...data.map(t));
    hi = Math.max(...data.map(t));
    if (lo === hi) [lo, hi] = integer && !log ? [lo - 1, hi + 1] : [lo - (Math.abs(lo) * 0.1 || 0.5), hi + (Math.abs(hi) * 0.1 || 0.5)];
    const pad = (hi - lo) * (o.margin ?? 0.05);
    const allPositive = !log && data.every((v) => v >= 0);
    lo -= pad;
    hi += pad;
    // A margin never pushes a non-negative quantity below zero.
    if (allPositive && lo < 0) lo = 0;
  }
  const domain: [number, number] = [inv(lo), inv(hi)];
  const span = hi - lo || 1;
  const map = (v: number): number => range[0] + ((t(v) - lo) / span) * (range[1] - range[0]);
  const tickValues = log ? logTicks(domain[0], domain[1]) : ticks(lo, hi, o.count ?? 5, integer);
  return { log, domain, range, map, ticks: tickValues.filter((v) => t(v) >= lo - 1e-9 * span && t(v) <= hi + 1e-9 * span) };
}
