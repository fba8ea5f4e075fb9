/**
 * Interpretability: every explainer implements {@link Explainer} — `attribute(inputs, { target,
 * baselines })` returning attributions of the input's shape (and a convergence delta where the
 * method has one) — over an {@link ExplainModel} that compiles each gradient graph once.
 *
 * @example
 * ```ts
 * import { ExplainModel, IntegratedGradients } from '../explain/index.js';
 * const model = await ExplainModel.load('cnn.onnx');
 * const { attributions, delta } = await new IntegratedGradients(model).attribute(x, { target: 3 });
 * ```
 */
export { ExplainModel, explainModelOf, forwardModelOf, explainInputs, type ExplainModelOptions, type ForwardModel, type LayerGradient } from './explain-model.js';
export { resolveTarget, oneHot, type Explainer, type Attribution, type AttributeOptions, type Target } from './explainer.js';
export { resolveBaseline, broadcastBaseline, gaussianBlur, type BaselineSpec } from './baselines.js';
export { quadrature, QUADRATURE_RULES, type QuadratureRule, type Quadrature } from './quadrature.js';
export { Gradient, Saliency, InputXGradient } from './gradient-methods.js';
export { IntegratedGradients, type IntegratedGradientsOptions } from './integrated-gradients.js';
export { concatRows, sliceRows, rowsOf, rowSize, type F32 } from './rows.js';
export { NoiseTunnel, type NoiseTunnelOptions, type NoiseTunnelType } from './noise-tunnel.js';
export { GradCam, upsample, type GradCamOptions, type GradCamAttribution } from './grad-cam.js';
export { Occlusion, type OcclusionOptions } from './occlusion.js';
export { FeatureAblation } from './feature-ablation.js';
export { PermutationImportance, type PermutationImportanceOptions, type PermutationScore, type FeatureImportance, type PermutationAttribution } from './permutation-importance.js';
export { ExactShapley, MAX_EXACT_FEATURES, shapleyWeights, binomial } from './exact-shapley.js';
export type { PerturbationOptions } from './coalition-inputs.js';
export { KernelShap, sampleCoalitions, type KernelShapOptions, type CoalitionSample } from './kernel-shap.js';
export { Lime, type LimeOptions } from './lime.js';
export { featureGroups, type FeatureGroups, type Reference } from './masked-evaluation.js';
export { solveLinear, weightedLeastSquares } from './linear-solve.js';
export { modelRandomizationTest, dataRandomizationTest, compareMaps, parameterLayers, type ExplainerFactory, type SanityCheckOptions, type SanityReport, type RandomizationStep } from './sanity-checks.js';
export { spearman, ranks } from './rank-correlation.js';
export { heatmapPng, barChartSvg, beeswarmSvg, attributionBarFigure, beeswarmFigure, summarize, type AttributionSummary } from './render.js';
export { EXPLAINERS, EXPLAINER_NAMES, type ExplainerName, type ExplainerSettings } from './registry.js';
export { TokenModel, TokenIntegratedGradients, tokenAttributions, TOKEN_METHODS, type TokenIgResult, type TokenCodec, type EncodedBatch, type TokenModelOptions, type TokenMethod, type TokenAttribution, type TokenAttributionOptions } from './text/index.js';
