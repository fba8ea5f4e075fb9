/**
 * Bootstrap confidence intervals for a {@link MetricFrame}: rows are resampled with replacement
 * within each (control × sensitive) group, so no group vanishes from a replicate.
 * @module
 */
import { UsageError, Rng } from '../core/index.js';
import { MetricFrame, type AggregateMethod } from './metric-frame.js';
import { selectFeatures, take } from './groups.js';
import type { FeatureTable, Label } from './types.js';

/** A percentile interval. */
export interface Interval {
  readonly lower: number;
  readonly upper: number;
}

/** Options of {@link bootstrapMetricFrame}. */
export interface BootstrapOptions {
  /** Number of replicates (default 200). */
  readonly nBootstrap?: number;
  /** Coverage of the interval (default 0.95). */
  readonly confidence?: number;
  /** Seed of the resampling (default 0). */
  readonly seed?: number;
  /** Method for difference and ratio (default 'between_groups'). */
  readonly method?: AggregateMethod;
}

/** Intervals per metric for every statistic of the frame. */
export interface BootstrapResult {
  readonly overall: Readonly<Record<string, Interval>>;
  /** By group display label (prefixed with `control label / ` under control features). */
  readonly byGroup: Readonly<Record<string, Readonly<Record<string, Interval>>>>;
  readonly groupMin: Readonly<Record<string, Interval>>;
  readonly groupMax: Readonly<Record<string, Interval>>;
  readonly difference: Readonly<Record<string, Interval>>;
  readonly ratio: Readonly<Record<string, Interval>>;
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

function interval(samples: readonly number[], confidence: number): Interval {
  const s = samples.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  const alpha = (1 - confidence) / 2;
  return { lower: quantile(s, alpha), upper: quantile(s, 1 - alpha) };
}

const groupKey = (label: string, control: string | undefined): string => (control === undefined ? label : `${control} / ${label}`);

/**
 * Percentile bootstrap intervals for overall, by-group, min, max, difference and ratio values.
 *
 * @example
 * ```ts
 * const ci = bootstrapMetricFrame(mf, { nBootstrap: 500, seed: 1 });
 * ci.difference.selectionRate; // { lower, upper }
 * ```
 */
export function bootstrapMetricFrame<P extends Label>(frame: MetricFrame<P>, options: BootstrapOptions = {}): BootstrapResult {
  const nBoot = options.nBootstrap ?? 200;
  const confidence = options.confidence ?? 0.95;
  if (!Number.isInteger(nBoot) || nBoot < 1 || !(confidence > 0 && confidence < 1)) {
    throw new UsageError('INVALID_OPTION', `Bootstrap needs nBootstrap >= 1 and 0 < confidence < 1 (got ${nBoot}, ${confidence}).`, {
      nBootstrap: nBoot,
      confidence,
    });
  }
  const o = frame.options;
  const n = o.yTrue.length;
  const rng = new Rng(options.seed ?? 0);
  const cells = new Map<number, number[]>();
  const nGroups = frame.sensitive.groups.length;
  for (let i = 0; i < n; i++) {
    const c = (frame.control?.assignment[i] ?? 0) * nGroups + frame.sensitive.assignment[i]!;
    const list = cells.get(c);
    if (list === undefined) cells.set(c, [i]);
    else list.push(i);
  }
  const names = [...frame.sensitive.features, ...(frame.control?.features ?? [])];
  // The frame's features as named columns, whichever form (names or values) they were given in.
  const table: FeatureTable = {
    ...selectFeatures(o.features, o.sensitiveFeatures).table,
    ...(o.controlFeatures === undefined ? {} : selectFeatures(o.features, o.controlFeatures, 'control').table),
  };
  const categories: Record<string, Label[]> = {};
  for (const idx of [frame.sensitive, frame.control]) {
    if (idx === undefined) continue;
    idx.features.forEach((f) => (categories[f] = [...new Set(idx.groups.map((g) => g.key[f]!))]));
  }
  const samples = new Map<string, number[]>();
  const push = (key: string, v: number): void => {
    const list = samples.get(key);
    if (list === undefined) samples.set(key, [v]);
    else list.push(v);
  };
  for (let b = 0; b < nBoot; b++) {
    const rows: number[] = [];
    for (const list of cells.values()) for (let k = 0; k < list.length; k++) rows.push(list[Math.floor(rng.uniform() * list.length)]!);
    const features: Record<string, Label[]> = {} satisfies FeatureTable;
    for (const f of names) features[f] = take(table[f]!, rows);
    const rep = new MetricFrame<P>({
      ...o,
      yTrue: take(o.yTrue, rows),
      yPred: take(o.yPred, rows),
      sampleWeight: o.sampleWeight === undefined ? undefined : take(o.sampleWeight, rows),
      features,
      sensitiveFeatures: frame.sensitive.features,
      controlFeatures: frame.control?.features,
      categories,
      emptyGroups: 'warn',
      smallGroups: o.smallGroups === 'error' ? 'include' : o.smallGroups,
    });
    const method = options.method === undefined ? {} : { method: options.method };
    const stats: Record<string, Readonly<Record<string, number>>> = {
      overall: rep.overall,
      groupMin: rep.groupMin(),
      groupMax: rep.groupMax(),
      difference: rep.difference(method),
      ratio: rep.ratio(method),
    };
    for (const [stat, values] of Object.entries(stats)) for (const m of frame.metricNames) push(`${stat}\u0000${m}`, values[m]!);
    for (const r of rep.byGroup) for (const m of frame.metricNames) push(`g\u0000${groupKey(r.group.label, r.control?.label)}\u0000${m}`, r.values[m]!);
  }
  const collect = (stat: string): Record<string, Interval> =>
    Object.fromEntries(frame.metricNames.map((m) => [m, interval(samples.get(`${stat}\u0000${m}`) ?? [], confidence)]));
  const byGroup: Record<string, Record<string, Interval>> = {};
  for (const r of frame.byGroup) {
    const key = groupKey(r.group.label, r.control?.label);
    byGroup[key] = Object.fromEntries(frame.metricNames.map((m) => [m, interval(samples.get(`g\u0000${key}\u0000${m}`) ?? [], confidence)]));
  }
  return {
    overall: collect('overall'),
    byGroup,
    groupMin: collect('groupMin'),
    groupMax: collect('groupMax'),
    difference: collect('difference'),
    ratio: collect('ratio'),
  };
}
