import { Rng, tensor, type HostTensor } from '../../core/index.js';
import { GraphClassifier, PgdAttack, corruptionAccuracy, robustnessCurve, type CurvePoint } from '../../robust/index.js';
import { accuracy, predictBatched } from '../../train/index.js';
import { Session } from '../../runtime/index.js';
import { gauge } from '../audit-config.js';
import type { AuditCheck, Figure, SectionResult } from '../audit-types.js';
import type { AuditContext, Section } from '../section.js';
import { robustnessText } from './robustness-text.js';

function head<T extends HostTensor>(t: T, n: number): T {
  const rows = t.shape[0] ?? 0;
  const d = t.data.length / Math.max(1, rows);
  return { ...t, shape: [n, ...t.shape.slice(1)], data: t.data.slice(0, n * d) };
}

/**
 * Robustness. Images: PGD robust accuracy against ε (L∞, no random start) and accuracy under
 * common corruptions. Tables: accuracy and prediction flips under uniform perturbations of each
 * feature by a fraction of its training range. Text models: character corruptions and the
 * greedy word attack ({@link robustnessText}).
 * @example `const r = await new RobustnessSection().run(ctx);`
 */
export class RobustnessSection implements Section {
  readonly name = 'robustness';
  readonly area = 'robustness' as const;

  async run(ctx: AuditContext): Promise<SectionResult> {
    return ctx.kind === 'text' ? robustnessText(ctx) : ctx.kind === 'image' ? this.images(ctx) : this.tabular(ctx);
  }

  private async images(ctx: AuditContext): Promise<SectionResult> {
    const o = ctx.config.robustness ?? {};
    const n = Math.min(o.rows ?? 200, ctx.test.x.shape[0] ?? 0);
    const x = head(ctx.test.x, n);
    const y = head(ctx.test.y, n);
    const eps = o.eps ?? [0.05, 0.1, 0.2];
    const gateEps = o.gateEps ?? eps[Math.floor(eps.length / 2)] ?? 0.1;
    const steps = o.steps ?? 20;
    const clip = o.clip ?? [0, 1];
    const model = GraphClassifier.create(ctx.graph);
    const clean = accuracy(head(await ctx.logits(), n), y);
    ctx.log(`PGD-${steps} at ε ∈ {${eps.join(', ')}} on ${n} rows`);
    const curve: CurvePoint[] = [{ eps: 0, robustAccuracy: clean }];
    for (const e of eps.filter((v) => v > 0)) {
      const pgd = new PgdAttack(model, { steps, stepSize: o.stepSize ?? (2.5 * e) / steps, randomStart: false });
      curve.push(...(await robustnessCurve(pgd, x, y, [e], { norm: 'linf', clip, seed: ctx.config.seed ?? 0 })));
    }
    if (!curve.some((p) => p.eps === gateEps) && gateEps > 0) {
      const pgd = new PgdAttack(model, { steps, stepSize: o.stepSize ?? (2.5 * gateEps) / steps, randomStart: false });
      curve.push(...(await robustnessCurve(pgd, x, y, [gateEps], { norm: 'linf', clip, seed: ctx.config.seed ?? 0 })));
      curve.sort((a, b) => a.eps - b.eps);
    }
    ctx.log('corruptions');
    const severities = o.severities ?? [1, 3, 5];
    const rows = await corruptionAccuracy(model, x, y, { severities, clip, seed: ctx.config.seed ?? 0 });
    const worst = Math.max(...severities);
    const atWorst = rows.filter((r) => r.severity === worst);
    const meanCorrupt = atWorst.reduce((a, r) => a + r.accuracy, 0) / Math.max(1, atWorst.length);
    const gate = curve.find((p) => p.eps === gateEps)?.robustAccuracy ?? Number.NaN;
    const checks: AuditCheck[] = [
      gauge(ctx.config, { id: 'robustness.pgd_accuracy', area: 'robustness', value: gate, defaults: {}, what: `PGD-${steps} L∞ robust accuracy at ε = ${gateEps} (${n} rows)`, figures: { eps: gateEps, cleanAccuracy: clean } }),
      gauge(ctx.config, { id: 'robustness.corruption_accuracy', area: 'robustness', value: meanCorrupt, defaults: {}, what: `mean accuracy over ${atWorst.length} corruptions at severity ${worst}` }),
    ];
    const names = [...new Set(rows.map((r) => r.corruption))];
    const figures: Figure[] = [
      { kind: 'line', id: 'robust-accuracy-eps', title: 'Robust accuracy vs ε (PGD, L∞)', alt: `Accuracy under a ${steps}-step PGD attack for ε from 0 to ${Math.max(...curve.map((p) => p.eps))}; ${(100 * gate).toFixed(1)}% at ε = ${gateEps}.`, xLabel: 'ε (L∞)', yLabel: 'robust accuracy', series: [{ name: 'PGD', points: curve.map((p) => [p.eps, p.robustAccuracy] as const) }] },
      { kind: 'line', id: 'corruption-accuracy', title: 'Accuracy under corruptions', alt: `Accuracy under ${names.join(', ')} at severities ${severities.join(', ')}.`, xLabel: 'severity', yLabel: 'accuracy', series: names.map((c) => ({ name: c, points: [[0, clean] as const, ...rows.filter((r) => r.corruption === c && r.severity > 0).map((r) => [r.severity, r.accuracy] as const)] })) },
    ];
    return { checks, figures, notes: [`Inputs clipped to [${clip.join(', ')}].`] };
  }

  private async tabular(ctx: AuditContext): Promise<SectionResult> {
    const { x } = ctx.test;
    const n = x.shape[0] ?? 0;
    const d = x.data.length / Math.max(1, n);
    const tx = ctx.train.x.data;
    const tn = ctx.train.x.shape[0] ?? 0;
    const range = Array.from({ length: d }, (_, j) => {
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = 0; i < tn; i++) [lo, hi] = [Math.min(lo, tx[i * d + j]!), Math.max(hi, tx[i * d + j]!)];
      return hi - lo;
    });
    const deltas = ctx.config.robustness?.eps ?? [0.01, 0.05, 0.1, 0.2];
    const gateDelta = ctx.config.robustness?.gateEps ?? deltas[Math.floor(deltas.length / 2)] ?? 0.1;
    const all = [...new Set([...deltas, gateDelta])].sort((a, b) => a - b);
    const rng = new Rng(ctx.config.seed ?? 0);
    const base = await ctx.logits();
    const basePred = Array.from({ length: n }, (_, i) => argmax(base.data, i, base.data.length / Math.max(1, n)));
    const session = await Session.create(ctx.graph);
    const acc: [number, number][] = [[0, accuracy(base, ctx.test.y)]];
    const flips: [number, number][] = [[0, 0]];
    try {
      for (const delta of all) {
        const noisy = Float32Array.from(x.data, (v, k) => v + (2 * rng.uniform() - 1) * delta * range[k % d]!);
        const out = await predictBatched(session, tensor('float32', x.shape, noisy));
        const c = out.data.length / Math.max(1, n);
        let flipped = 0;
        for (let i = 0; i < n; i++) if (argmax(out.data as Float32Array, i, c) !== basePred[i]) flipped++;
        acc.push([delta, accuracy(out, ctx.test.y)]);
        flips.push([delta, flipped / Math.max(1, n)]);
      }
    } finally {
      await session.release();
    }
    const at = (pts: [number, number][]): number => pts.find(([e]) => e === gateDelta)?.[1] ?? Number.NaN;
    const checks: AuditCheck[] = [
      gauge(ctx.config, { id: 'robustness.perturbation_accuracy', area: 'robustness', value: at(acc), defaults: {}, what: `accuracy with every feature perturbed uniformly by ±${gateDelta} of its training range` }),
      gauge(ctx.config, { id: 'robustness.perturbation_flip_rate', area: 'robustness', value: at(flips), defaults: {}, what: `fraction of predictions that change under ±${gateDelta} range perturbations` }),
    ];
    const figures: Figure[] = [
      { kind: 'line', id: 'robust-accuracy-eps', title: 'Accuracy vs perturbation size', alt: `Accuracy and prediction flip rate when each feature is perturbed by up to a fraction δ of its training range (δ up to ${Math.max(...all)}).`, xLabel: 'δ (fraction of feature range)', yLabel: 'fraction', series: [{ name: 'accuracy', points: acc }, { name: 'flip rate', points: flips }] },
    ];
    return { checks, figures, notes: [`Feature-range perturbations of ${n} evaluation rows (seeded).`] };
  }
}

function argmax(data: ArrayLike<number>, row: number, c: number): number {
  let best = 0;
  for (let j = 1; j < c; j++) if (data[row * c + j]! > data[row * c + best]!) best = j;
  return best;
}
