import { resolveTarget, type Target } from '../explainer.js';
import { KernelShap } from '../kernel-shap.js';
import { Occlusion } from '../occlusion.js';
import { f32, type F32 } from '../rows.js';
import { referenceId, type EncodedBatch, type TokenModel, type TokenReference } from './token-model.js';
import { TokenIntegratedGradients } from './token-integrated-gradients.js';

/** The token attribution methods. */
export const TOKEN_METHODS = ['integrated-gradients', 'occlusion', 'kernel-shap'] as const;
export type TokenMethod = (typeof TOKEN_METHODS)[number];

/** One text's attributions: one score per token, with the token's text. */
export interface TokenAttribution {
  readonly text: string;
  readonly tokens: readonly string[];
  readonly ids: readonly number[];
  /** Contribution of each token to the target output (positive: towards the target class). */
  readonly scores: readonly number[];
  /** The explained output column. */
  readonly target: number;
  /** The model's output for the target column (a score before softmax). */
  readonly output: number;
  /** Integrated gradients: |Σ scores − (f(x) − f(baseline))|, the convergence delta. */
  readonly delta?: number;
  /** Integrated gradients: f(x) − f(baseline) the scores add up to. */
  readonly difference?: number;
}

/** Options of {@link tokenAttributions}. */
export interface TokenAttributionOptions {
  readonly method?: TokenMethod;
  /** Output column to explain: one for all texts or one per text; default each text's predicted class. */
  readonly target?: Target;
  /**
   * What a removed token becomes. Integrated gradients: the embedding of `pad` (default), of
   * `unk`, or the zero vector; occlusion and KernelSHAP: the `unk` (default) or `pad` token id.
   */
  readonly reference?: TokenReference;
  /** Integrated gradients: integration steps (default 64). */
  readonly steps?: number;
  /** KernelSHAP: coalitions per text (default 512). */
  readonly samples?: number;
  readonly seed?: number;
}


/** Id rows with every real token replaced by `id` (padding kept). */
function referenceIds(batch: EncodedBatch, id: number): F32 {
  const t = batch.ids.shape[1]!;
  const out = f32(batch.ids.shape, Float32Array.from(batch.ids.data));
  batch.lengths.forEach((len, i) => out.data.fill(id, i * t, i * t + len));
  return out;
}


/**
 * Token attributions for raw texts: integrated gradients over the embeddings (the model is cut
 * at its embedding lookup and the explain folder's {@link IntegratedGradients} runs on the
 * embedded tokens; per-token scores sum the embedding channels and carry the convergence delta),
 * occlusion by token (the explain folder's {@link Occlusion} with a one-token window: the score
 * drop when the token is replaced by `[UNK]`), or KernelSHAP over tokens ({@link KernelShap}, one
 * text at a time, absent tokens replaced by `[UNK]`). Returned per token with the token's text.
 *
 * @example
 * ```ts
 * const [a] = await tokenAttributions(tm, ['WINNER! Claim your prize now'], { method: 'integrated-gradients' });
 * a.tokens.map((t, i) => `${t}:${a.scores[i]!.toFixed(2)}`);
 * ```
 */
export async function tokenAttributions(model: TokenModel, texts: readonly string[], opts: TokenAttributionOptions = {}): Promise<TokenAttribution[]> {
  const batch = model.encode(texts);
  const n = texts.length;
  const outputs = await model.forward(batch.ids);
  const c = model.classes;
  let target: Int32Array;
  if (opts.target === undefined) {
    target = new Int32Array(n);
    for (let i = 0; i < n; i++) for (let j = 1; j < c; j++) if (outputs.data[i * c + j]! > outputs.data[i * c + target[i]!]!) target[i] = j;
  } else target = resolveTarget(opts.target, n, c);
  const method = opts.method ?? 'integrated-gradients';
  let scores: number[][];
  let delta: Float64Array | undefined;
  let difference: Float64Array | undefined;
  if (method === 'integrated-gradients') {
    const r = await new TokenIntegratedGradients(model, opts).explain(batch, target);
    const t = batch.ids.shape[1]!;
    scores = [...batch.lengths].map((len, i) => Array.from(r.attributions.data.subarray(i * t, i * t + len)));
    delta = r.delta;
    difference = r.difference;
  } else if (method === 'occlusion') {
    const ref = referenceIds(batch, referenceId(model, opts.reference, 'unk'));
    const r = await new Occlusion(model.ids, { window: [1] }).attribute(batch.ids, { target: [...target], baselines: ref });
    const t = batch.ids.shape[1]!;
    scores = [...batch.lengths].map((len, i) => Array.from(r.attributions.data.subarray(i * t, i * t + len)));
  } else {
    const ks = new KernelShap(model.ids, { samples: opts.samples ?? 512, seed: opts.seed ?? 0 });
    const t = batch.ids.shape[1]!;
    const id = referenceId(model, opts.reference, 'unk');
    scores = [];
    for (let i = 0; i < n; i++) {
      const len = batch.lengths[i]!;
      const row = f32([1, len], batch.ids.data.slice(i * t, i * t + len));
      const r = await ks.attribute(row, { target: target[i]!, baselines: f32([1, len], new Float32Array(len).fill(id)) });
      scores.push(Array.from(r.attributions.data));
    }
  }
  const t = batch.ids.shape[1]!;
  return texts.map((text, i) => ({
    text,
    tokens: batch.tokens[i]!,
    ids: Array.from(batch.ids.data.subarray(i * t, i * t + batch.lengths[i]!)),
    scores: scores[i]!,
    target: target[i]!,
    output: outputs.data[i * c + target[i]!]!,
    ...(delta ? { delta: delta[i]! } : {}),
    ...(difference ? { difference: difference[i]! } : {}),
  }));
}


