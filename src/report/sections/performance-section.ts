import { existsSync } from 'node:fs';
import type { HostTensor } from '../../core/index.js';
import { classificationReport, diagnoseFit, learningCurveFigures } from '../../train/index.js';
import { readTrainingHistory } from '../../data/index.js';
import { decided, gauge } from '../audit-config.js';
import type { AuditCheck, Figure, SectionResult } from '../audit-types.js';
import type { AuditContext, Section } from '../section.js';
import { cachedLogits } from '../section.js';

/** Reliability diagram points: mean confidence vs. accuracy in equal-width confidence bins. */
export function reliabilityPoints(logits: HostTensor<'float32'>, labels: HostTensor, bins = 10): [number, number][] {
  const n = labels.shape[0] ?? 0;
  const c = logits.data.length / Math.max(1, n);
  const conf = new Float64Array(bins);
  const acc = new Float64Array(bins);
  const cnt = new Float64Array(bins);
  for (let i = 0; i < n; i++) {
    const row = logits.data.subarray(i * c, (i + 1) * c);
    let m = -Infinity;
    let arg = 0;
    row.forEach((v, j) => {
      if (v > m) [m, arg] = [v, j];
    });
    let s = 0;
    for (const v of row) s += Math.exp(v - m);
    const p = 1 / s;
    const b = Math.min(bins - 1, Math.floor(p * bins));
    conf[b]! += p;
    acc[b]! += arg === Number(labels.data[i]) ? 1 : 0;
    cnt[b]!++;
  }
  const out: [number, number][] = [];
  for (let b = 0; b < bins; b++) if (cnt[b]! > 0) out.push([conf[b]! / cnt[b]!, acc[b]! / cnt[b]!]);
  return out;
}

/**
 * Generalization: accuracy and calibration on the evaluation split, the train–test gap, and the
 * fit diagnosis with learning curves when a training history is present.
 * @example `const r = await new PerformanceSection().run(ctx);`
 */
export class PerformanceSection implements Section {
  readonly name = 'performance';
  readonly area = 'generalization' as const;

  async run(ctx: AuditContext): Promise<SectionResult> {
    const logits = await ctx.logits();
    const names = ctx.test.classes;
    const r = classificationReport(logits, ctx.test.y, names, 10);
    const split = ctx.hasTest ? 'test' : 'training (no --test given)';
    const checks: AuditCheck[] = [
      gauge(ctx.config, { id: 'performance.accuracy', area: 'generalization', value: r.accuracy, defaults: {}, what: `accuracy on ${r.rows} ${split} rows` }),
      gauge(ctx.config, { id: 'performance.ece', area: 'generalization', value: r.ece, defaults: {}, what: 'expected calibration error (10 bins)', figures: { logLoss: r.logLoss } }),
    ];
    const notes = [`Evaluated on the ${split} split.`];
    if (ctx.hasTest) {
      const trainAcc = classificationReport(await cachedLogits(ctx.model, ctx.train.x)(), ctx.train.y).accuracy;
      checks.push(gauge(ctx.config, { id: 'performance.generalization_gap', area: 'generalization', value: trainAcc - r.accuracy, defaults: {}, what: 'training minus test accuracy', figures: { trainAccuracy: trainAcc } }));
    }
    const c = r.confusion.length;
    const figures: Figure[] = [
      {
        kind: 'heatmap',
        id: 'confusion-matrix',
        title: 'Confusion matrix',
        alt: `Counts of true class (rows) against predicted class (columns) for ${c} classes; accuracy ${(100 * r.accuracy).toFixed(1)}%.`,
        rows: c,
        cols: c,
        values: r.confusion.flat(),
        ...(names.length === c ? { rowLabels: names, colLabels: names } : {}),
        showValues: c <= 12,
      },
      {
        kind: 'line',
        id: 'reliability-diagram',
        title: 'Reliability diagram',
        alt: `Accuracy against mean confidence in 10 confidence bins; the diagonal is perfect calibration. ECE ${r.ece.toFixed(3)}.`,
        xLabel: 'confidence',
        yLabel: 'accuracy',
        diagonal: true,
        series: [{ name: 'model', points: reliabilityPoints(logits, ctx.test.y) }],
      },
      {
        kind: 'table',
        id: 'per-class',
        title: 'Per-class metrics',
        alt: 'Precision, recall, F1 and support of every class.',
        columns: ['class', 'precision', 'recall', 'F1', 'support'],
        rows: r.perClass.map((p) => [p.class, +p.precision.toFixed(4), +p.recall.toFixed(4), +p.f1.toFixed(4), p.support]),
      },
    ];
    const hp = ctx.historyPath;
    if (hp !== undefined && existsSync(hp)) {
      const history = readTrainingHistory(hp);
      const d = diagnoseFit(history);
      checks.push(
        decided(ctx.config, {
          id: 'fit.diagnosis',
          area: 'generalization',
          passed: d.verdict === 'good_fit',
          severity: 'warning',
          summary: `fit diagnosis: ${d.verdict.replace('_', ' ')}${d.recommendations[0] ? `; ${d.recommendations[0]}` : ''}`,
          figures: { verdict: d.verdict, stopEpoch: d.stopEpoch },
        }),
      );
      figures.push(...learningCurveFigures(history, { chosenEpoch: d.stopEpoch }));
      notes.push(`Training history: ${hp} (${history.length} epochs).`);
    } else {
      notes.push('Fit diagnosis not run: no training history (history.json beside the model, or "history" in the config).');
    }
    return { checks, figures, notes };
  }
}
