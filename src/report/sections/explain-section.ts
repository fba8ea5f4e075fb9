import { tensor, type HostTensor } from '../../core/index.js';
import { ExplainModel, Gradient, IntegratedGradients, PermutationImportance, modelRandomizationTest } from '../../explain/index.js';
import { gauge } from '../audit-config.js';
import type { AuditCheck, Figure, SectionResult } from '../audit-types.js';
import type { AuditContext, Section } from '../section.js';
import { explainText } from './explain-text.js';
import { sanityResult } from './sanity-figure.js';

function headRows(x: HostTensor<'float32'>, n: number): HostTensor<'float32'> {
  const rows = Math.min(n, x.shape[0] ?? 0);
  const d = x.data.length / Math.max(1, x.shape[0] ?? 1);
  return tensor('float32', [rows, ...x.shape.slice(1)], x.data.slice(0, rows * d));
}

const labelsOf = (y: HostTensor, n: number): number[] => Array.from({ length: n }, (_, i) => Number(y.data[i]));

/** Sums channels of one [C, H, W] row into an H × W map. */
function pixelMap(a: Float32Array, row: number, shape: readonly number[]): { h: number; w: number; values: number[] } {
  const [c = 1, h = 1, w = 1] = shape.length === 3 ? shape : [1, shape[0] ?? 1, shape[1] ?? 1];
  const d = c * h * w;
  const values = new Array<number>(h * w).fill(0);
  for (let k = 0; k < c; k++) for (let p = 0; p < h * w; p++) values[p]! += a[row * d + k * h * w + p]!;
  return { h, w, values };
}

/**
 * Interpretability: integrated-gradients maps of example rows, a global explanation (mean |IG|
 * for images, permutation importance for tables), IG completeness, and the model-randomization
 * sanity check of the gradient explainer; token attributions for text models ({@link explainText}).
 * @example `const r = await new ExplainSection().run(ctx);`
 */
export class ExplainSection implements Section {
  readonly name = 'explain';
  readonly area = 'interpretability' as const;

  async run(ctx: AuditContext): Promise<SectionResult> {
    if (ctx.kind === 'text') return explainText(ctx);
    const model = await ExplainModel.create(ctx.graph);
    try {
      const rows = Math.min(ctx.config.explain?.rows ?? 32, ctx.test.x.shape[0] ?? 0);
      const x = headRows(ctx.test.x, rows);
      const target = labelsOf(ctx.test.y, rows);
      ctx.log(`integrated gradients on ${rows} rows`);
      const ig = await new IntegratedGradients(model, { steps: 32 }).attribute(x, { target });
      const logits = (await ctx.logits()).data;
      const c = model.classes;
      let delta = 0;
      let change = 0;
      const base = await model.forward(tensor('float32', x.shape, new Float32Array(x.data.length)));
      for (let i = 0; i < rows; i++) {
        delta += ig.delta?.[i] ?? 0;
        change += Math.abs(logits[i * c + target[i]!]! - base.data[i * c + target[i]!]!);
      }
      const checks: AuditCheck[] = [
        gauge(ctx.config, { id: 'explain.ig_completeness', area: 'interpretability', value: delta / Math.max(change, 1e-12), defaults: { max: 0.05 }, what: 'integrated-gradients completeness error |Σ attributions − Δf| / |Δf| (zero baseline, 32 Gauss–Legendre steps)' }),
      ];
      const examples = Math.min(ctx.config.explain?.examples ?? 4, rows);
      const figures: Figure[] = ctx.kind === 'image' ? this.imageFigures(ctx, ig.attributions, x, examples) : await this.tableFigures(ctx, model, ig.attributions, examples);
      ctx.log('model-randomization sanity check');
      const sanityRows = Math.min(8, rows);
      const sanity = await modelRandomizationTest(model, (m) => new Gradient(m), { inputs: headRows(x, sanityRows), target: target.slice(0, sanityRows), seed: ctx.config.seed ?? 0 });
      const sane = sanityResult(ctx.config, sanity, 'gradient explainer');
      checks.push(sane.check);
      figures.push(sane.figure);
      return { checks, figures, notes: [`Explanations of the first ${rows} evaluation rows, target = true label.`] };
    } finally {
      await model.release();
    }
  }

  private imageFigures(ctx: AuditContext, a: HostTensor<'float32'>, x: HostTensor<'float32'>, examples: number): Figure[] {
    const figs: Figure[] = [];
    const n = a.shape[0] ?? 0;
    const mean = new Float32Array(a.data.length / Math.max(1, n));
    for (let i = 0; i < n; i++) for (let j = 0; j < mean.length; j++) mean[j]! += Math.abs(a.data[i * mean.length + j]!) / n;
    const g = pixelMap(mean, 0, ctx.rowShape);
    figs.push({ kind: 'heatmap', id: 'attribution-global', title: 'Global attribution: mean |IG| per pixel', alt: `Mean absolute integrated-gradients attribution per pixel over ${n} rows.`, rows: g.h, cols: g.w, values: g.values, colourLabel: 'mean |attribution|' });
    for (let i = 0; i < examples; i++) {
      const input = pixelMap(x.data, i, ctx.rowShape);
      const m = pixelMap(a.data, i, ctx.rowShape);
      const label = ctx.test.classes[Number(ctx.test.y.data[i])] ?? '?';
      figs.push({ kind: 'heatmap', id: `example-${i}-input`, title: `Example ${i}: input (label ${label})`, alt: `Input image of evaluation row ${i}, true class ${label}.`, rows: input.h, cols: input.w, values: input.values, colourLabel: 'pixel value' });
      figs.push({ kind: 'heatmap', id: `example-${i}-attribution`, title: `Example ${i}: integrated gradients (orange +, blue −)`, alt: `Signed attribution of row ${i} towards class ${label}: orange raises the score, blue lowers it.`, rows: m.h, cols: m.w, values: m.values, diverging: true, colourLabel: 'attribution' });
    }
    return figs;
  }

  private async tableFigures(ctx: AuditContext, model: ExplainModel, a: HostTensor<'float32'>, examples: number): Promise<Figure[]> {
    const n = Math.min(ctx.test.x.shape[0] ?? 0, 200);
    const x = headRows(ctx.test.x, n);
    const pi = await new PermutationImportance(model, { repeats: 5, seed: ctx.config.seed ?? 0 }).attribute(x, { target: labelsOf(ctx.test.y, n) });
    const names = ctx.test.featureNames;
    const width = names.length;
    return [
      {
        kind: 'bar',
        id: 'attribution-global',
        title: 'Global explanation: permutation importance',
        alt: `Mean drop of the true-class log-probability when each of ${width} features is shuffled, with 95% intervals.`,
        valueLabel: 'importance',
        bars: pi.importances.map((f) => ({ label: names[f.feature] ?? `x${f.feature}`, value: f.mean, lower: f.low, upper: f.high })),
      },
      {
        kind: 'heatmap',
        id: 'attribution-examples',
        title: `Integrated gradients of ${examples} example rows`,
        alt: `Signed attribution of each feature (columns) for ${examples} rows (rows): orange raises the true-class score, blue lowers it.`,
        colourLabel: 'attribution',
        rows: examples,
        cols: width,
        values: Array.from(a.data.slice(0, examples * width)),
        colLabels: names,
        rowLabels: Array.from({ length: examples }, (_, i) => `row ${i}`),
        diverging: true,
        showValues: width <= 12,
      },
    ];
  }
}
