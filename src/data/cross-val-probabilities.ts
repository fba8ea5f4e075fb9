import { Rng, UsageError, softmaxRows, type HostTensor } from '../core/index.js';
import { dense, Sequential } from '../nn/index.js';
import { Adam } from '../optim/index.js';
import { Session } from '../runtime/index.js';
import { fit, foldAssignment, gatherRows, predictBatched } from '../train/index.js';
import { probabilityMatrix, type ProbabilitySource } from './probability-source.js';

/** Options of {@link crossValProbabilities}; everything optional. */
export interface CrossValOptions {
  /** Number of stratified folds (assigned by train's `foldAssignment`); default 5. */
  readonly folds?: number;
  /** Hidden layer widths of the MLP (ReLU); `[]` = multinomial logistic regression; default [128]. */
  readonly hidden?: readonly number[];
  /** Training epochs per fold; default 30 (few enough not to memorise wrong labels). */
  readonly epochs?: number;
  /** Mini-batch size; default 64. */
  readonly batchSize?: number;
  /** Adam learning rate; default 1e-3. */
  readonly lr?: number;
  /** L2 weight decay of Adam; default 1e-4. */
  readonly weightDecay?: number;
  /** Rows per inference call (bounds the memory of prediction); default 2048. */
  readonly predictRows?: number;
  readonly seed?: number;
  /** Called after each fold with its held-out accuracy against the given labels. */
  readonly onFold?: (fold: number, heldOutAccuracy: number) => void;
}

/** Out-of-fold probabilities plus how well the folds' models did. */
export interface CrossValResult {
  readonly probs: ProbabilitySource;
  /** Row-major n×k probabilities (the data behind {@link CrossValResult.probs}). */
  readonly data: Float32Array;
  /** Fold of each row. */
  readonly foldOf: Int32Array;
  /** Accuracy of the out-of-fold argmax against the given labels (labelled rows only). */
  readonly accuracy: number;
}

/**
 * Out-of-fold predicted probabilities from k-fold cross-validation with a Keel model: for each
 * fold an MLP (or logistic regression with `hidden: []`) is trained with `fit` on the other folds and predicts its held-out fold in row batches. Feed the
 * result to {@link findLabelIssues}. `x` is float32 [n, ...] (flattened per row; standardize
 * tabular features first), `labels` are codes 0..classes-1 (-1 = unlabelled: never trained on,
 * still predicted).
 *
 * @example
 * ```ts
 * const { probs } = await crossValProbabilities(x, codes, 10, { folds: 5, seed: 1 });
 * const report = await findLabelIssues(codes, probs);
 * ```
 */
export async function crossValProbabilities(
  x: HostTensor,
  labels: Int32Array,
  classes: number,
  options: CrossValOptions = {},
): Promise<CrossValResult> {
  const n = x.shape[0] ?? 0;
  const folds = options.folds ?? 5;
  if (!Number.isInteger(folds) || folds < 2 || folds > n) {
    throw new UsageError('CV_FOLDS', `Cross-validation needs 2 ≤ folds ≤ rows (${n}), got ${folds}.`, { folds, rows: n });
  }
  if (x.dtype !== 'float32' || labels.length !== n) {
    throw new UsageError('CV_INPUT', `Cross-validation needs float32 features with one label per row; got ${x.dtype} with ${n} rows and ${labels.length} labels.`, {
      dtype: x.dtype,
      rows: n,
      labels: labels.length,
    });
  }
  const d = n === 0 ? 0 : x.data.length / n;
  const flat: HostTensor = { dtype: 'float32', shape: [n, d], data: x.data };
  const seed = options.seed ?? 0;
  const foldOf = foldAssignment(n, folds, seed, labels);
  const out = new Float32Array(n * classes);
  let correct = 0;
  let labelled = 0;
  for (let f = 0; f < folds; f++) {
    const trainRows: number[] = [];
    const heldRows: number[] = [];
    for (let r = 0; r < n; r++) {
      if (foldOf[r] === f) heldRows.push(r);
      else if (labels[r]! >= 0) trainRows.push(r);
    }
    const held = Int32Array.from(heldRows);
    const logits = await trainAndPredict(flat, labels, Int32Array.from(trainRows), held, classes, Rng.derive(seed, 'fold', f).nextU32(), options);
    const p = softmaxRows(logits.data as Float32Array, classes);
    held.forEach((r, i) => {
      out.set(p.subarray(i * classes, (i + 1) * classes), r * classes);
    });
    let ok = 0;
    let seen = 0;
    for (const r of held) {
      const y = labels[r]!;
      if (y < 0) continue;
      seen++;
      let best = 0;
      for (let j = 1; j < classes; j++) if (out[r * classes + j]! > out[r * classes + best]!) best = j;
      if (best === y) ok++;
    }
    correct += ok;
    labelled += seen;
    options.onFold?.(f, ok / Math.max(1, seen));
  }
  return { probs: probabilityMatrix(out, n, classes), data: out, foldOf, accuracy: correct / Math.max(1, labelled) };
}

async function trainAndPredict(
  x: HostTensor,
  labels: Int32Array,
  trainRows: Int32Array,
  held: Int32Array,
  classes: number,
  seed: number,
  o: CrossValOptions,
): Promise<HostTensor> {
  const d = x.shape[1]!;
  const layers = [...(o.hidden ?? [128]).map((h) => dense(h, { activation: 'relu' })), dense(classes)];
  const model = new Sequential(layers, { seed });
  const xs = gatherRows(x, trainRows);
  const ys: HostTensor = { dtype: 'int64', shape: [trainRows.length], data: BigInt64Array.from(trainRows, (r) => BigInt(labels[r]!)) };
  await fit(model, xs, ys, { epochs: o.epochs ?? 30, batchSize: o.batchSize ?? 64, lr: o.lr ?? 1e-3, optimizer: new Adam({ weightDecay: o.weightDecay ?? 1e-4 }), seed, trainEvalRows: 0 });
  const session = await Session.create(model.graph({ inputShape: ['N', d] }));
  try {
    return await predictBatched(session, gatherRows(x, held), o.predictRows ?? 2048);
  } finally {
    await session.release();
  }
}
