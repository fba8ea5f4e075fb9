import type { ModelInput } from '../../model/index.js';
import type { Attribution, AttributeOptions, Explainer } from '../explainer.js';
import { resolveTarget } from '../explainer.js';
import { IntegratedGradients } from '../integrated-gradients.js';
import { asF32, f32, type F32 } from '../rows.js';
import { referenceId, type EncodedBatch, type TokenModel, type TokenReference } from './token-model.js';

/** Token-level integrated gradients of a batch, with the convergence delta and f(x) − f(baseline). */
export interface TokenIgResult extends Attribution {
  readonly delta: Float64Array;
  readonly difference: Float64Array;
}

/**
 * Integrated gradients over the embeddings, summed per token: an {@link Explainer} whose inputs
 * are token ids [N, T] (float32, right-padded with the pad id) and whose attributions are one
 * score per token (0 on padding). It runs the explain folder's {@link IntegratedGradients} on the
 * model cut at its embedding lookup; the baseline replaces every real token's embedding by the
 * `[PAD]` (default) or `[UNK]` embedding, or zeros. Being an Explainer over an ids model, it plugs
 * into `modelRandomizationTest` (which then randomizes the embedding table too).
 *
 * @example
 * ```ts
 * const r = await modelRandomizationTest(tm.ids, (m) => new TokenIntegratedGradients(TokenModel.fromIds(m, tok)), { inputs: ids, target: 1 });
 * ```
 */
export class TokenIntegratedGradients implements Explainer {
  readonly name = 'token-integrated-gradients';
  readonly needsGradients = true;
  readonly hasConvergenceDelta = true;

  constructor(
    private readonly tm: TokenModel,
    private readonly opts: { readonly steps?: number; readonly reference?: TokenReference } = {},
  ) {}

  get model(): TokenModel['ids'] {
    return this.tm.ids;
  }

  async attribute(input: ModelInput, opts: AttributeOptions = {}): Promise<Attribution> {
    const ids = asF32(await this.tm.ids.prepare(input));
    const [n, t] = [ids.shape[0]!, ids.shape[1]!];
    const lengths = new Int32Array(n);
    for (let i = 0; i < n; i++) for (let p = 0; p < t; p++) if (ids.data[i * t + p] !== this.tm.codec.padId) lengths[i] = p + 1;
    const batch: EncodedBatch = { ids, tokens: [], lengths };
    return this.explain(batch, resolveTarget(opts.target, n, this.tm.classes));
  }

  /** Attributions [N, T] for an encoded batch and one target per row. */
  async explain(batch: EncodedBatch, target: Int32Array): Promise<TokenIgResult> {
    const inputs = this.tm.embed(batch.ids);
    const base = this.baseline(inputs, batch);
    const embedded = await this.tm.embedded();
    const r = await new IntegratedGradients(embedded, { steps: this.opts.steps ?? 64 }).attribute(inputs, { target: [...target], baselines: base });
    const [n, t, c] = [inputs.shape[0]!, inputs.shape[1]!, inputs.shape[2]!];
    const out = f32([n, t]);
    for (let i = 0; i < n; i++) {
      for (let p = 0; p < batch.lengths[i]!; p++) {
        let s = 0;
        for (let k = 0; k < c; k++) s += r.attributions.data[(i * t + p) * c + k]!;
        out.data[i * t + p] = s;
      }
    }
    const both = await embedded.forward(f32([2 * n, t, c], Float32Array.from([...inputs.data, ...base.data])));
    const k = this.tm.classes;
    const difference = Float64Array.from(target, (y, i) => both.data[i * k + y]! - both.data[(n + i) * k + y]!);
    return { attributions: out, delta: r.delta ?? new Float64Array(n), difference };
  }

  /** `inputs` with the embedding channels of real tokens replaced by the reference (padding and id channel kept). */
  private baseline(inputs: F32, batch: EncodedBatch): F32 {
    const [t, c] = [inputs.shape[1]!, inputs.shape[2]!];
    const ref = this.opts.reference === 'zero' ? undefined : this.tm.embed(batch.ids, referenceId(this.tm, this.opts.reference, 'pad'));
    const out = f32(inputs.shape, Float32Array.from(inputs.data));
    batch.lengths.forEach((len, i) => {
      for (let p = 0; p < len; p++) {
        const o = (i * t + p) * c;
        if (ref === undefined) out.data.fill(0, o, o + c - 1);
        else out.data.set(ref.data.subarray(o, o + c - 1), o);
      }
    });
    return out;
  }
}
