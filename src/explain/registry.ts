import type { Explainer } from './explainer.js';
import type { ExplainModel } from './explain-model.js';
import { ExactShapley } from './exact-shapley.js';
import { FeatureAblation } from './feature-ablation.js';
import { GradCam } from './grad-cam.js';
import { Gradient, InputXGradient, Saliency } from './gradient-methods.js';
import { IntegratedGradients } from './integrated-gradients.js';
import { KernelShap } from './kernel-shap.js';
import { Lime } from './lime.js';
import { NoiseTunnel } from './noise-tunnel.js';
import { Occlusion } from './occlusion.js';
import { PermutationImportance } from './permutation-importance.js';

/** Settings the CLI and configs can pass to any explainer factory (each uses what it needs). */
export interface ExplainerSettings {
  readonly steps?: number;
  readonly samples?: number;
  readonly seed?: number;
  /** Grad-CAM layer (default: the last Conv node). */
  readonly layer?: string;
}

type Factory = (model: ExplainModel, s: ExplainerSettings) => Explainer;

const opt = <K extends string, V>(key: K, v: V | undefined): { [P in K]?: V } => (v === undefined ? {} : ({ [key]: v } as { [P in K]?: V }));

/**
 * Every explainer by its CLI name.
 * @example `const e = EXPLAINERS['integrated-gradients'](model, { steps: 64 });`
 */
export const EXPLAINERS = {
  gradient: (m) => new Gradient(m),
  saliency: (m) => new Saliency(m),
  'input-x-gradient': (m) => new InputXGradient(m),
  'integrated-gradients': (m, s) => new IntegratedGradients(m, { ...opt('steps', s.steps) }),
  smoothgrad: (m, s) => new NoiseTunnel(new Saliency(m), { ...opt('samples', s.samples), ...opt('seed', s.seed) }),
  'grad-cam': (m, s) => new GradCam(m, { layer: s.layer ?? m.convLayers().at(-1) ?? '(no conv layer)' }),
  occlusion: (m) => new Occlusion(m),
  'feature-ablation': (m) => new FeatureAblation(m),
  permutation: (m, s) => new PermutationImportance(m, { ...opt('seed', s.seed), ...opt('repeats', s.samples) }),
  'kernel-shap': (m, s) => new KernelShap(m, { ...opt('samples', s.samples), ...opt('seed', s.seed) }),
  'exact-shapley': (m) => new ExactShapley(m),
  lime: (m, s) => new Lime(m, { ...opt('samples', s.samples), ...opt('seed', s.seed) }),
} as const satisfies Record<string, Factory>;

/** A CLI method name. */
export type ExplainerName = keyof typeof EXPLAINERS;

/** All method names, in the CLI's order. */
export const EXPLAINER_NAMES = Object.keys(EXPLAINERS) as ExplainerName[];
