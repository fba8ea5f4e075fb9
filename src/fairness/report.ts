/**
 * The fairness report of predictions (what `keel fairness` writes as JSON): metrics by group of each sensitive feature, disparities,
 * ratios, the four-fifths rule and bootstrap intervals.
 * @module
 */
import { DataError } from '../core/index.js';
import { accuracyScore, count, falsePositiveRate, selectionRate, truePositiveRate } from './base-metrics.js';
import { bootstrapMetricFrame, type Interval } from './bootstrap.js';
import { MetricFrame, type FairnessWarning } from './metric-frame.js';

/** Metrics of one group. */
export interface GroupMetrics {
  readonly count: number;
  readonly selection_rate: number | null;
  readonly accuracy: number | null;
  readonly tpr: number | null;
  readonly fpr: number | null;
}

/** The report written by `keel fairness --json`. */
export interface FairnessReport {
  readonly rows: number;
  readonly positive_label: string;
  readonly overall: Omit<GroupMetrics, 'count'>;
  readonly by_group: Record<string, Record<string, GroupMetrics>>;
  readonly demographic_parity_difference: Record<string, number | null>;
  readonly demographic_parity_ratio: Record<string, number | null>;
  readonly equalized_odds_difference: Record<string, number | null>;
  readonly equalized_odds_ratio: Record<string, number | null>;
  readonly disparate_impact: Record<string, { readonly ratio: number | null; readonly passes_four_fifths: boolean | null }>;
  /** 95% percentile-bootstrap intervals per feature. */
  readonly confidence_intervals: Record<string, Record<string, Interval>>;
  /** 95% percentile-bootstrap intervals of each group's metrics, per feature and group. */
  readonly group_intervals: Record<string, Record<string, Record<string, Interval>>>;
  readonly warnings: readonly string[];
}

/** Inputs of {@link fairnessReport}. */
export interface FairnessReportInputs {
  readonly yTrue: Uint8Array;
  readonly yPred: Uint8Array;
  readonly positive: string;
  readonly sensitive: Readonly<Record<string, string[]>>;
  /** Expected levels per feature (from training); missing ones are empty groups. */
  readonly categories?: Readonly<Record<string, readonly string[]>> | undefined;
  /** Turn empty groups into warnings instead of an error. */
  readonly allowEmptyGroups?: boolean;
  readonly bootstrap?: number;
  readonly seed?: number;
}

const num = (v: number | undefined): number | null => (v === undefined || Number.isNaN(v) ? null : v);
const METRICS = { count, selection_rate: selectionRate, accuracy: accuracyScore, tpr: truePositiveRate, fpr: falsePositiveRate };

/**
 * Computes the report, one sensitive feature at a time.
 * @example `const r = fairnessReport({ yTrue, yPred, positive: '1', sensitive: { sex } });`
 */
export function fairnessReport(o: FairnessReportInputs): FairnessReport {
  const warnings: string[] = [];
  const r: FairnessReport = {
    rows: o.yTrue.length, positive_label: o.positive, overall: { selection_rate: null, accuracy: null, tpr: null, fpr: null }, by_group: {},
    demographic_parity_difference: {}, demographic_parity_ratio: {}, equalized_odds_difference: {}, equalized_odds_ratio: {}, disparate_impact: {}, confidence_intervals: {}, group_intervals: {}, warnings,
  };
  let overall: Omit<GroupMetrics, 'count'> | undefined;
  for (const [feature, values] of Object.entries(o.sensitive)) {
    const categories = o.categories?.[feature];
    const mf = new MetricFrame({ metrics: METRICS, yTrue: o.yTrue, yPred: o.yPred, features: { [feature]: values }, sensitiveFeatures: feature, ...(categories === undefined ? {} : { categories: { [feature]: categories } }) });
    const empty = mf.warnings.filter((w) => w.code === 'EMPTY_GROUP');
    if (empty.length > 0 && o.allowEmptyGroups !== true) {
      const groups = empty.map((w) => w.group ?? '?');
      throw new DataError('EMPTY_GROUP', `sensitive feature "${feature}": group(s) ${groups.join(', ')} have no rows in this data (they did in training); their metrics would be undefined; pass --allow-empty-groups to report them as null`, { feature, groups });
    }
    warnings.push(...mf.warnings.map((w: FairnessWarning) => `${feature}: ${w.code}: ${w.message}`));
    overall ??= { selection_rate: num(mf.overall['selection_rate']), accuracy: num(mf.overall['accuracy']), tpr: num(mf.overall['tpr']), fpr: num(mf.overall['fpr']) };
    const groups: Record<string, GroupMetrics> = {};
    for (const g of mf.byGroup) {
      const v = g.values;
      groups[g.group.label] = { count: g.count, selection_rate: num(v['selection_rate']), accuracy: num(v['accuracy']), tpr: num(v['tpr']), fpr: num(v['fpr']) };
    }
    r.by_group[feature] = groups;
    const diff = mf.difference(), ratio = mf.ratio();
    r.demographic_parity_difference[feature] = num(diff['selection_rate']);
    r.demographic_parity_ratio[feature] = num(ratio['selection_rate']);
    r.equalized_odds_difference[feature] = num(Math.max(diff['tpr']!, diff['fpr']!));
    r.equalized_odds_ratio[feature] = num(Math.min(ratio['tpr']!, ratio['fpr']!));
    const di = num(ratio['selection_rate']);
    r.disparate_impact[feature] = { ratio: di, passes_four_fifths: di === null ? null : di >= 0.8 };
    const nBoot = o.bootstrap ?? 200;
    if (nBoot > 0) {
      const ci = bootstrapMetricFrame(mf, { nBootstrap: nBoot, seed: o.seed ?? 0 });
      r.confidence_intervals[feature] = {
        demographic_parity_difference: ci.difference['selection_rate']!,
        demographic_parity_ratio: ci.ratio['selection_rate']!,
        tpr_difference: ci.difference['tpr']!,
        fpr_difference: ci.difference['fpr']!,
        accuracy_difference: ci.difference['accuracy']!,
      };
      r.group_intervals[feature] = Object.fromEntries(Object.entries(ci.byGroup).map(([g, m]) => [g, Object.fromEntries(Object.entries(m).filter(([k]) => k !== 'count'))]));
    }
  }
  return { ...r, overall: overall ?? r.overall };
}
