import { MetricFrame, accuracyScore, bootstrapMetricFrame, falsePositiveRate, selectionRate, thresholdTradeoff, tradeoffFigure, truePositiveRate, type Metric } from '../../fairness/index.js';
import { argmaxRows } from '../../train/index.js';
import { gauge } from '../audit-config.js';
import type { AuditCheck, Figure, FigureValue } from '../audit-types.js';
import { notRun, type AuditContext, type Section } from '../section.js';
import type { SectionResult } from '../audit-types.js';

const BINARY: Readonly<Record<string, Metric<number>>> = { accuracy: accuracyScore, selectionRate, tpr: truePositiveRate, fpr: falsePositiveRate };
const MULTI: Readonly<Record<string, Metric<number>>> = { accuracy: accuracyScore };

/**
 * Fairness by group for every `--sensitive` column: metrics per group with bootstrap 95%
 * intervals, the accuracy/demographic-parity trade-off group thresholds reach on the model's scores
 * (binary tasks), and the largest demographic-parity, equalized-odds and accuracy gaps as checks.
 * @example `const r = await new FairnessSection().run(ctx);`
 */
export class FairnessSection implements Section {
  readonly name = 'fairness';
  readonly area = 'fairness' as const;

  async run(ctx: AuditContext): Promise<SectionResult> {
    if (ctx.sensitive.length === 0) return notRun('not run: no sensitive columns (pass --sensitive COL,...)');
    const yTrue = Array.from(ctx.test.y.data, Number);
    const logits = await ctx.logits();
    const yPred = Array.from(argmaxRows(logits));
    // A binary model's score of the positive class: the logit difference (monotone in its probability).
    const scores = Float64Array.from(yPred, (_, i) => logits.data[2 * i + 1]! - logits.data[2 * i]!);
    const binary = ctx.test.classes.length === 2;
    const metrics = binary ? BINARY : MULTI;
    const figures: Figure[] = [];
    const none = { v: 0, col: '', lower: Number.NaN, upper: Number.NaN };
    const worst = { dp: none, eo: none, acc: none };
    for (const col of ctx.sensitive) {
      const features = { [col]: ctx.test.sensitive[col] ?? [] };
      const frame = new MetricFrame<number>({ metrics, yTrue, yPred, features, sensitiveFeatures: col, minGroupSize: ctx.config.fairness?.minGroupSize ?? 1 });
      const ci = bootstrapMetricFrame(frame, { nBootstrap: ctx.config.fairness?.bootstrap ?? 200, seed: ctx.config.seed ?? 0 });
      const diff = frame.difference();
      const note = (key: keyof typeof worst, metric: string): void => {
        const v = diff[metric];
        if (v !== undefined && Number.isFinite(v) && v >= worst[key].v) worst[key] = { v, col, lower: ci.difference[metric]?.lower ?? Number.NaN, upper: ci.difference[metric]?.upper ?? Number.NaN };
      };
      note('acc', 'accuracy');
      if (binary) {
        note('dp', 'selectionRate');
        note('eo', (diff['tpr'] ?? 0) >= (diff['fpr'] ?? 0) ? 'tpr' : 'fpr');
      }
      for (const m of frame.metricNames) {
        figures.push({
          kind: 'bar',
          id: `fairness-${col}-${m}`,
          title: `${m} by ${col}`,
          alt: `${m} for each group of "${col}" with bootstrap 95% intervals; the line is the overall value. Largest gap ${(diff[m] ?? Number.NaN).toFixed(3)}.`,
          valueLabel: m,
          reference: frame.overall[m] ?? Number.NaN,
          bars: frame.byGroup.map((g) => ({ label: g.group.label, value: g.values[m] ?? Number.NaN, lower: ci.byGroup[g.group.label]?.[m]?.lower ?? Number.NaN, upper: ci.byGroup[g.group.label]?.[m]?.upper ?? Number.NaN })),
        });
      }
      figures.push({
        kind: 'bar',
        id: `fairness-${col}-gaps`,
        title: `Gaps between groups of ${col}`,
        alt: `Largest difference between groups of "${col}" for each metric (${frame.metricNames.map((m) => `${m} ${(diff[m] ?? Number.NaN).toFixed(3)}`).join(', ')}), with bootstrap 95% intervals; 0 means no gap.`,
        valueLabel: 'largest difference between groups',
        reference: 0,
        bars: frame.metricNames.map((m) => ({ label: m, value: diff[m] ?? Number.NaN, lower: ci.difference[m]?.lower ?? Number.NaN, upper: ci.difference[m]?.upper ?? Number.NaN })),
      });
      if (binary && logits.shape[1] === 2) {
        const points = thresholdTradeoff({ scores, yTrue, yPred, features, sensitiveFeature: col });
        figures.push(tradeoffFigure(points, 'demographic parity difference', { id: `fairness-${col}-tradeoff`, chosenName: 'this model', title: `Accuracy against demographic parity difference by ${col}` }));
      }
      figures.push({
        kind: 'table',
        id: `fairness-${col}-groups`,
        title: `Groups of ${col}`,
        alt: `Rows per group of "${col}" and whether the group is large enough to compare.`,
        columns: ['group', 'rows', 'status'],
        rows: frame.byGroup.map((g) => [g.group.label, g.count, g.status]),
      });
    }
    const fig = (w: typeof none): Record<string, FigureValue> => ({ column: w.col, ciLower: w.lower, ciUpper: w.upper });
    const checks: AuditCheck[] = [gauge(ctx.config, { id: 'fairness.accuracy_difference', area: 'fairness', value: worst.acc.v, defaults: {}, what: `largest accuracy gap between groups (${worst.acc.col})`, figures: fig(worst.acc) })];
    if (binary) {
      checks.push(gauge(ctx.config, { id: 'fairness.demographic_parity_difference', area: 'fairness', value: worst.dp.v, defaults: {}, what: `largest selection-rate gap between groups (${worst.dp.col})`, figures: fig(worst.dp) }));
      checks.push(gauge(ctx.config, { id: 'fairness.equalized_odds_difference', area: 'fairness', value: worst.eo.v, defaults: {}, what: `largest TPR/FPR gap between groups (${worst.eo.col})`, figures: fig(worst.eo) }));
    }
    const notes = binary ? [`Positive class: "${ctx.test.classes[1] ?? '1'}".`] : ['More than two classes: accuracy by group only.'];
    return { checks, figures, notes };
  }
}
