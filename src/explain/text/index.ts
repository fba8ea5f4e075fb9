/**
 * Token-level explanations of text classifiers: a {@link TokenModel} wraps a graph over token ids
 * (and cuts it at the embedding lookup for gradients), and {@link tokenAttributions} returns one
 * score per token with its text by integrated gradients, occlusion or KernelSHAP.
 *
 * @example
 * ```ts
 * import { TokenModel, tokenAttributions } from './text/index.js';
 * const tm = await TokenModel.create(graph, tokenizer);
 * const rows = await tokenAttributions(tm, texts, { method: 'occlusion' });
 * ```
 */
export { TokenModel, type TokenCodec, type EncodedBatch, type TokenModelOptions } from './token-model.js';
export { TokenIntegratedGradients, type TokenIgResult } from './token-integrated-gradients.js';
export { tokenAttributions, TOKEN_METHODS, type TokenMethod, type TokenAttribution, type TokenAttributionOptions } from './token-attributions.js';
