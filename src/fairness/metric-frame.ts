/**
 * {@link MetricFrame}: any metrics computed overall and per (intersectional) group of sensitive
 * features named in a feature table, with group min/max, differences and ratios.
 * @module
 */
import { DataError, UsageError } from '../core/index.js';
import { groupRows, take, type FeatureSelector, type Group, type GroupIndex } from './groups.js';
import { checkLength, resolveWeights } from './validation.js';
import type { Column, FeatureTable, Label, Metric } from './types.js';

/** What to do with a non-empty group smaller than `minGroupSize`. */
export type SmallGroupPolicy = 'include' | 'exclude' | 'error';
/** How a group's comparison is made: between the extreme groups, or each group to the overall value. */
export type AggregateMethod = 'between_groups' | 'to_overall';
/** Health of a group: enough rows, fewer than `minGroupSize`, or none. */
export type GroupStatus = 'ok' | 'small' | 'empty';

/** Options of {@link MetricFrame}. */
export interface MetricFrameOptions<P extends Label = Label> {
  /** One metric (named after the function) or several by name. */
  readonly metrics: Metric<P> | Readonly<Record<string, Metric<P>>>;
  readonly yTrue: Column;
  readonly yPred: Column<P>;
  /** Named columns in which `sensitiveFeatures` / `controlFeatures` are looked up by name; optional. */
  readonly features?: FeatureTable | undefined;
  /**
   * The sensitive feature(s), as in Fairlearn: an array of values (`['F', 'M', ...]`), a record of
   * arrays (`{ sex, race }`: intersectional groups), or column name(s) of `features`.
   */
  readonly sensitiveFeatures: FeatureSelector;
  /** Control feature(s), in the same forms: comparisons are made within each control level. */
  readonly controlFeatures?: FeatureSelector | undefined;
  readonly sampleWeight?: Column<number> | undefined;
  readonly posLabel?: Label | undefined;
  /** Expected levels per feature; levels without rows are reported as empty groups. */
  readonly categories?: Readonly<Record<string, readonly Label[]>> | undefined;
  /** Groups with fewer rows are "small" (default 1: only empty groups are flagged). */
  readonly minGroupSize?: number | undefined;
  /** Whether small groups take part in min/max/difference/ratio (default 'include'). */
  readonly smallGroups?: SmallGroupPolicy | undefined;
  /** 'warn' (default) reports empty groups and leaves them out of comparisons; 'error' throws `EMPTY_GROUP`. */
  readonly emptyGroups?: 'warn' | 'error' | undefined;
}

/** The metrics of one group (within one control level, when there are control features). */
export interface GroupResult {
  readonly group: Group;
  readonly control?: Group;
  readonly count: number;
  readonly weight: number;
  readonly status: GroupStatus;
  /** Metric value by name; `NaN` for empty groups and undefined metrics. */
  readonly values: Readonly<Record<string, number>>;
}

/** Something a user should know about the frame; never silently dropped. */
export interface FairnessWarning {
  readonly code: 'EMPTY_GROUP' | 'SMALL_GROUP' | 'UNDEFINED_METRIC';
  readonly message: string;
  readonly group?: string;
  readonly metric?: string;
}

/** Options of the aggregate methods. */
export interface AggregateOptions {
  readonly method?: AggregateMethod;
}

/** Metric values by metric name. */
export type MetricValues = Readonly<Record<string, number>>;

/**
 * Metrics overall and by group, in the spirit of Fairlearn's `MetricFrame`.
 *
 * @example
 * ```ts
 * const mf = new MetricFrame({
 *   metrics: { accuracy: accuracyScore, selectionRate },
 *   yTrue, yPred, sensitiveFeatures: sex,
 * });
 * mf.overall.accuracy; mf.byGroup; mf.difference().selectionRate; mf.ratio({ method: 'to_overall' });
 * ```
 */
export class MetricFrame<P extends Label = Label> {
  readonly options: MetricFrameOptions<P>;
  readonly metricNames: readonly string[];
  /** Metric values over all rows. */
  readonly overall: MetricValues;
  /** Overall values within each control level (keyed by control label); empty without control features. */
  readonly overallByControl: ReadonlyMap<string, MetricValues>;
  readonly byGroup: readonly GroupResult[];
  readonly warnings: readonly FairnessWarning[];
  readonly sensitive: GroupIndex;
  readonly control: GroupIndex | undefined;

  constructor(options: MetricFrameOptions<P>) {
    this.options = options;
    const metrics: Record<string, Metric<P>> =
      typeof options.metrics === 'function' ? { [options.metrics.name || 'metric']: options.metrics } : { ...options.metrics };
    this.metricNames = Object.keys(metrics);
    if (this.metricNames.length === 0) throw new UsageError('NO_METRICS', 'MetricFrame got an empty metrics object; pass at least one metric, e.g. metrics: { accuracy: accuracyScore }.', { metrics: this.metricNames });
    const n = options.yTrue.length;
    checkLength('yPred', options.yPred, n);
    const weight = resolveWeights(options.sampleWeight, n);
    const minSize = options.minGroupSize ?? 1;
    this.sensitive = groupRows(options.features, options.sensitiveFeatures, n, { categories: options.categories });
    this.control =
      options.controlFeatures === undefined
        ? undefined
        : groupRows(options.features, options.controlFeatures, n, { categories: options.categories, role: 'control' });
    const warnings: FairnessWarning[] = [];
    const evaluate = (rows: number[]): MetricValues => {
      const out: Record<string, number> = {};
      for (const name of this.metricNames) {
        out[name] =
          rows.length === 0
            ? Number.NaN
            : metrics[name]!(take(options.yTrue, rows), take(options.yPred, rows), {
                sampleWeight: options.sampleWeight === undefined ? undefined : take(weight, rows),
                posLabel: options.posLabel,
              });
      }
      return out;
    };
    const all = Array.from({ length: n }, (_, i) => i);
    this.overall = evaluate(all);
    const strata: { control?: Group; rows: number[] }[] = [];
    const overallByControl = new Map<string, MetricValues>();
    if (this.control === undefined) strata.push({ rows: all });
    else {
      const ctl = this.control;
      const buckets = ctl.groups.map(() => [] as number[]);
      for (let i = 0; i < n; i++) buckets[ctl.assignment[i]!]!.push(i);
      ctl.groups.forEach((g, k) => {
        if (buckets[k]!.length === 0) return;
        strata.push({ control: g, rows: buckets[k]! });
        overallByControl.set(g.label, evaluate(buckets[k]!));
      });
    }
    this.overallByControl = overallByControl;
    const results: GroupResult[] = [];
    for (const stratum of strata) {
      const buckets = this.sensitive.groups.map(() => [] as number[]);
      for (const i of stratum.rows) buckets[this.sensitive.assignment[i]!]!.push(i);
      this.sensitive.groups.forEach((group, k) => {
        const rows = buckets[k]!;
        const where = stratum.control === undefined ? group.label : `${group.label} (control ${stratum.control.label})`;
        const status: GroupStatus = rows.length === 0 ? 'empty' : rows.length < minSize ? 'small' : 'ok';
        if (status === 'empty') {
          if (options.emptyGroups === 'error') {
            throw new DataError('EMPTY_GROUP', `Group ${where} has no rows; every sensitive group needs members.`, { group: where });
          }
          warnings.push({ code: 'EMPTY_GROUP', group: where, message: `Group ${where} has no rows; its metrics are NaN and it is left out of comparisons.` });
        } else if (status === 'small') {
          const msg = `Group ${where} has ${rows.length} rows, fewer than minGroupSize=${minSize}; its metrics are unreliable.`;
          if (options.smallGroups === 'error') throw new DataError('SMALL_GROUP', msg, { group: where, count: rows.length, minGroupSize: minSize });
          warnings.push({ code: 'SMALL_GROUP', group: where, message: msg });
        }
        const values = evaluate(rows);
        if (status !== 'empty') {
          for (const m of this.metricNames) {
            if (Number.isNaN(values[m])) {
              warnings.push({ code: 'UNDEFINED_METRIC', group: where, metric: m, message: `Metric ${m} is undefined (NaN) for group ${where}, for example a rate whose denominator is zero; it is left out of comparisons.` });
            }
          }
        }
        let w = 0;
        for (const i of rows) w += weight[i]!;
        results.push({ group, ...(stratum.control === undefined ? {} : { control: stratum.control }), count: rows.length, weight: w, status, values });
      });
    }
    this.byGroup = results;
    this.warnings = warnings;
  }

  /**
   * The value of `metric` for the group with display label `group` (and control label).
   * @example `mf.value('accuracy', 'Female')`
   */
  value(metric: string, group: string, control?: string): number {
    const r = this.byGroup.find((g) => g.group.label === group && g.control?.label === control);
    if (r === undefined) throw new UsageError('UNKNOWN_GROUP', `No group "${group}" in this frame.`, { group, control });
    return r.values[metric] ?? Number.NaN;
  }

  /** Groups that take part in comparisons, per control level. */
  private comparable(): { control: string | undefined; results: GroupResult[] }[] {
    const policy = this.options.smallGroups ?? 'include';
    const byControl = new Map<string | undefined, GroupResult[]>();
    for (const r of this.byGroup) {
      if (r.status === 'empty' || (r.status === 'small' && policy === 'exclude')) continue;
      const key = r.control?.label;
      byControl.set(key, [...(byControl.get(key) ?? []), r]);
    }
    return [...byControl].map(([control, results]) => ({ control, results }));
  }

  private reduce(per: (vals: number[], overall: number) => number, worst: (a: number, b: number) => number): MetricValues {
    const out: Record<string, number> = {};
    for (const m of this.metricNames) {
      let acc = Number.NaN;
      for (const { control, results } of this.comparable()) {
        const vals = results.map((r) => r.values[m]!).filter((v) => !Number.isNaN(v));
        if (vals.length === 0) continue;
        const overall = control === undefined ? this.overall[m]! : this.overallByControl.get(control)![m]!;
        const v = per(vals, overall);
        acc = Number.isNaN(acc) ? v : worst(acc, v);
      }
      out[m] = acc;
    }
    return out;
  }

  /**
   * Smallest defined group value per metric (across control levels too).
   * @example `mf.groupMin().accuracy`
   */
  groupMin(): MetricValues {
    return this.reduce((v) => Math.min(...v), Math.min);
  }

  /**
   * Largest defined group value per metric (across control levels too).
   * @example `mf.groupMax().accuracy`
   */
  groupMax(): MetricValues {
    return this.reduce((v) => Math.max(...v), Math.max);
  }

  /**
   * Max − min between groups, or the largest |group − overall|; with control features, the largest
   * over control levels. `NaN` when no group is comparable.
   * @example `mf.difference({ method: 'to_overall' }).selectionRate`
   */
  difference(options: AggregateOptions = {}): MetricValues {
    return options.method === 'to_overall'
      ? this.reduce((v, o) => Math.max(...v.map((x) => Math.abs(x - o))), Math.max)
      : this.reduce((v) => Math.max(...v) - Math.min(...v), Math.max);
  }

  /**
   * Min / max between groups, or the smallest min(group/overall, overall/group); with control
   * features, the smallest over control levels. Both zero counts as ratio 1; a zero against a
   * positive value gives 0; negative values give `NaN`. Never divides by zero.
   * @example `mf.ratio().selectionRate >= 0.8`
   */
  ratio(options: AggregateOptions = {}): MetricValues {
    return options.method === 'to_overall'
      ? this.reduce((v, o) => Math.min(...v.map((x) => safeRatio(Math.min(x, o), Math.max(x, o)))), Math.min)
      : this.reduce((v) => safeRatio(Math.min(...v), Math.max(...v)), Math.min);
  }
}

function safeRatio(low: number, high: number): number {
  if (low < 0 || high < 0) return Number.NaN;
  if (high === 0) return 1;
  return low / high;
}
