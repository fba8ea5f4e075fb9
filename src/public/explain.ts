/**
 * `keel/explain`: attributions in Captum's shape — `new Method(model).attribute(inputs, { target,
 * baselines })` — for any `Model`: gradient methods, integrated gradients, Grad-CAM,
 * occlusion and ablation, Shapley values (exact, KernelSHAP), LIME, permutation importance,
 * noise tunnels and the sanity checks (model and data randomization).
 *
 * @example
 * ```ts
 * import { Model } from 'keel';
 * import { IntegratedGradients } from 'keel/explain';
 * const model = await Model.load('cnn.onnx');
 * const { attributions, delta } = await new IntegratedGradients(model).attribute(x, { target: y, baselines: 'zero' });
 * ```
 * @packageDocumentation
 */
export { Gradient, Saliency, InputXGradient, IntegratedGradients, NoiseTunnel, GradCam, Occlusion, FeatureAblation, PermutationImportance, ExactShapley, KernelShap, Lime } from '../explain/index.js';
export type { IntegratedGradientsOptions, NoiseTunnelOptions, NoiseTunnelType, GradCamOptions, GradCamAttribution, OcclusionOptions, PermutationImportanceOptions, PermutationAttribution, FeatureImportance, PerturbationOptions, KernelShapOptions, LimeOptions } from '../explain/index.js';
export type { Explainer, Attribution, AttributeOptions, Target, BaselineSpec, ForwardModel, QuadratureRule } from '../explain/index.js';
export { EXPLAINERS, EXPLAINER_NAMES, type ExplainerName, type ExplainerSettings } from '../explain/index.js';
export { modelRandomizationTest, dataRandomizationTest, type SanityCheckOptions, type SanityReport, type RandomizationStep, type ExplainerFactory } from '../explain/index.js';
// Types that the signatures above mention.
export type { F32 } from '../explain/index.js';
export type { PermutationScore } from '../explain/index.js';
