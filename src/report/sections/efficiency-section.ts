import { profileModel } from '../../efficiency/index.js';
import { gauge } from '../audit-config.js';
import type { Figure, SectionResult } from '../audit-types.js';
import type { AuditContext, Section } from '../section.js';

/**
 * Efficiency: parameters, FLOPs and activation memory per sample, and measured latency and
 * throughput against batch size on one thread (the `src/efficiency` profile).
 * @example `const r = await new EfficiencySection().run(ctx);`
 */
export class EfficiencySection implements Section {
  readonly name = 'efficiency';
  readonly area = 'efficiency' as const;

  async run(ctx: AuditContext): Promise<SectionResult> {
    const batches = [1, 8, 32, 128];
    ctx.log(`latency at batch ${batches.join(', ')} (1 thread)`);
    // Symbolic dims after the batch (a text model's sequence length) take the data's row shape.
    const p = await profileModel(ctx.model, { rowShape: ctx.rowShape, latency: { batches, threads: [1], minRuns: 5, minTimeMs: 100, maxRuns: 200, seed: ctx.config.seed ?? 0 } });
    const at1 = p.latency.find((r) => r.batch === 1);
    const best = Math.max(...p.latency.map((r) => r.throughput));
    const checks = [
      gauge(ctx.config, { id: 'efficiency.p95_latency_ms', area: 'efficiency', value: at1?.p95Ms ?? Number.NaN, defaults: {}, what: 'p95 latency of one row, one thread (ms)' }),
      gauge(ctx.config, { id: 'efficiency.throughput', area: 'efficiency', value: best, defaults: {}, what: 'best throughput over batch sizes (rows/s, one thread)' }),
      gauge(ctx.config, { id: 'efficiency.flops_per_sample', area: 'efficiency', value: p.flops_per_sample ?? Number.NaN, defaults: {}, what: 'FLOPs per row' }),
      gauge(ctx.config, { id: 'efficiency.peak_activation_bytes', area: 'efficiency', value: p.peak_activation_bytes_per_sample ?? Number.NaN, defaults: {}, what: 'peak activation memory per row (bytes)' }),
    ];
    const figures: Figure[] = [
      {
        kind: 'line',
        id: 'latency-batch',
        title: 'Latency vs batch size',
        alt: `Median and 95th-percentile latency per call for batch sizes ${batches.join(', ')} on one CPU thread.`,
        xLabel: 'batch size',
        yLabel: 'latency (ms)',
        series: [
          { name: 'p50', points: p.latency.map((r) => [r.batch, r.p50Ms] as const) },
          { name: 'p95', points: p.latency.map((r) => [r.batch, r.p95Ms] as const) },
        ],
      },
      { kind: 'line', id: 'throughput-batch', title: 'Throughput vs batch size', alt: `Rows per second at each batch size; best ${Math.round(best)} rows/s.`, xLabel: 'batch size', yLabel: 'rows / s', series: [{ name: 'throughput', points: p.latency.map((r) => [r.batch, r.throughput] as const) }] },
    ];
    const counted = p.inference_only !== undefined ? ` FLOPs and activation memory not counted (${p.inference_only}).` : p.uncounted_ops.length > 0 ? ` Ops without a FLOP rule: ${p.uncounted_ops.join(', ')}.` : '';
    const shapes = p.inputs.map((v) => `"${v.name}" [${v.shape.join(', ')}]`).join(', ');
    const notes = [`${p.parameters} parameters; timings on this machine's CPU, one intra-op thread; input ${shapes}.${counted}`];
    if (ctx.kind === 'text') notes.push(`Text model: every message is timed and counted at the model's padded width of ${ctx.rowShape[0] ?? '?'} tokens.`);
    return { checks, figures, notes };
  }
}
