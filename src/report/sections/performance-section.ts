import { existsSync } from 'node:fs';
import { classificationFigures, classificationReport, diagnoseFit, learningCurveFigures } from '../../train/index.js';
import { readTrainingHistory } from '../../data/index.js';
import { decided, gauge } from '../audit-config.js';
import { modelInput } from '../audit-data.js';
import type { AuditCheck, Figure, SectionResult } from '../audit-types.js';
import type { AuditContext, Section } from '../section.js';
import { cachedLogits } from '../section.js';

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
      const trainAcc = classificationReport(await cachedLogits(ctx.model, modelInput(ctx.train))(), ctx.train.y).accuracy;
      checks.push(gauge(ctx.config, { id: 'performance.generalization_gap', area: 'generalization', value: trainAcc - r.accuracy, defaults: {}, what: 'training minus test accuracy', figures: { trainAccuracy: trainAcc } }));
    }
    const figures: Figure[] = classificationFigures(r, names);
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
