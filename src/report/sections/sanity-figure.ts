import type { SanityReport } from '../../explain/index.js';
import { decided, type AuditConfig } from '../audit-config.js';
import type { AuditCheck, LineChart } from '../audit-types.js';

/**
 * The model-randomization sanity check of an explainer as an audit check and its line chart
 * (rank correlation with the original maps as layers are randomized from the output down).
 * @example `const { check, figure } = sanityResult(ctx.config, report, 'gradient explainer');`
 */
export function sanityResult(config: AuditConfig, sanity: SanityReport, explainer: string): { readonly check: AuditCheck; readonly figure: LineChart } {
  return {
    check: decided(config, { id: 'explain.sanity_model_randomization', area: 'interpretability', passed: sanity.passed, severity: 'error', summary: `${explainer}, model randomization: ${sanity.message}`, figures: { finalAbsRankCorrelation: sanity.steps.at(-1)?.absRankCorrelation ?? null } }),
    figure: {
      kind: 'line',
      id: 'sanity-randomization',
      title: 'Sanity check: cascading model randomization',
      alt: `Rank correlation of ${explainer} maps with the original maps as layers are randomized from the output down; it should fall towards zero.`,
      xLabel: 'layers randomized',
      yLabel: 'rank correlation',
      series: [
        { name: '|map| ρ', points: sanity.steps.map((s, i) => [i + 1, s.absRankCorrelation] as const) },
        { name: 'signed ρ', points: sanity.steps.map((s, i) => [i + 1, s.rankCorrelation] as const) },
      ],
    },
  };
}
