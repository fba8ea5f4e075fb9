import { qualityFigures, runChecksDetailed, type RunChecksConfig } from '../../data/index.js';
import { decided } from '../audit-config.js';
import { lengthDistributions } from '../text-figures.js';
import { labelIssueSource } from './label-issue-source.js';
import type { Figure, FigureValue, SectionResult } from '../audit-types.js';
import type { AuditContext, Section } from '../section.js';

function classCounts(labels: readonly (string | null)[] | Float64Array): Map<string, number> {
  const m = new Map<string, number>();
  for (const v of labels) {
    const k = v === null ? '(missing)' : String(v);
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

/**
 * Data quality: the built-in data checks (missing values, duplicates, leakage, drift, ...) on the
 * training and test splits, each reported as `data.<check id>`, with the class balance and the
 * data-quality pictures `keel check --html` draws (see `qualityFigures`); for a text model the
 * text checks and the token-length distributions of both splits.
 * @example `const r = await new DataSection().run(ctx);`
 */
export class DataSection implements Section {
  readonly name = 'data';
  readonly area = 'data' as const;

  async run(ctx: AuditContext): Promise<SectionResult> {
    const { train, test } = ctx;
    // A text split is checked from its file with the text checks (duplicates, leakage, drift, encoding).
    const text = train.text?.column;
    // Label issues (and their gallery) from cross-validated probabilities when affordable, else the model's own.
    const issues = await labelIssueSource(ctx);
    // Label noise of a few percent is common in real data and the audit's probabilities come from a
    // quick search: its label issues inform (with the gallery) unless the config sets a severity.
    const data: RunChecksConfig = ctx.config.data ?? {};
    const config = { ...data, checks: { ...data.checks, label_issues: { severity: 'info' as const, ...data.checks?.label_issues } } };
    const report = await runChecksDetailed({
      train: text === undefined ? train.table : train.file,
      test: ctx.hasTest ? (text === undefined ? test.table : test.file) : undefined,
      target: train.target,
      ...(text === undefined ? {} : { text }),
      // Image models: the feature columns are the model's pixels (per-image summaries and heatmaps).
      rowShape: ctx.kind === 'image' ? ctx.rowShape : undefined,
      probs: issues.probs,
      crossValidation: issues.crossValidation,
      config: issues.classes === undefined ? config : { ...config, profile: { ...(config.profile ?? {}), classes: issues.classes } },
    });
    const checks = report.checks.map((c) => {
      const figures: Record<string, FigureValue> = { ...c.evidence.stats };
      if (c.evidence.columns.length > 0) figures['columns'] = c.evidence.columns.slice(0, 20).join(', ');
      if (c.evidence.rows.length > 0) figures['rows'] = c.evidence.rows.length;
      return decided(ctx.config, { id: `data.${c.id}`, area: 'data', passed: c.passed, status: c.status, ...(c.reason === undefined ? {} : { reason: c.reason }), severity: c.severity, summary: c.summary, figures });
    });
    const col = (t: typeof train.table): readonly (string | null)[] | Float64Array => t.columns.find((c) => c.name === train.target)?.values ?? [];
    const counts = classCounts(col(train.table));
    const figures: Figure[] = [
      {
        kind: 'bar',
        id: 'class-balance',
        title: 'Class balance (training split)',
        alt: `Rows per class of "${train.target}" in the training split; ${counts.size} classes over ${train.table.rowCount} rows.`,
        valueLabel: 'rows',
        bars: [...counts].map(([label, value]) => ({ label, value })),
      },
      // The same pictures as keel check --html: drift overlays (or pixel maps), missing values, outliers, duplicates.
      ...(await qualityFigures(report, { text, probabilities: issues.method })),
    ];
    if (train.text !== undefined) {
      const parts = [{ name: 'train', lengths: train.text.lengths }, ...(ctx.hasTest && test.text !== undefined ? [{ name: 'test', lengths: test.text.lengths }] : [])];
      figures.push(lengthDistributions('text-lengths', `Tokens per message (${parts.map((p) => p.name).join(' vs ')})`, parts));
    }
    const notes = [`${train.table.rowCount} training rows, ${train.table.columns.length} columns${ctx.hasTest ? `; ${test.table.rowCount} test rows` : ''}.`, `Label issues: ${issues.method}.`];
    return { checks, figures, notes };
  }
}
