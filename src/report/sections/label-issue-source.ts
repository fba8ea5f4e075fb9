import { classProbabilities } from '../../train/index.js';
import { probabilityMatrix, type CrossValidationInput, type ProbabilitySource } from '../../data/index.js';
import { modelInput } from '../audit-data.js';
import { cachedLogits, type AuditContext } from '../section.js';

/** Cross-validation of the audit's label-issue search stays under this many training cells (rows × features)… */
export const LABEL_ISSUE_CV_CELLS = 2_000_000;
/** … and this many training rows (three folds of 30 epochs each). */
export const LABEL_ISSUE_CV_ROWS = 10_000;
/** Text models: cross-validated bag-of-words models up to this many training messages. */
export const LABEL_ISSUE_CV_TEXTS = 6000;
/** Folds of that cross-validation (as `keel check --folds 3`). */
const FOLDS = 3;

/** Limits of the cross-validation (defaults: the constants above). */
export interface LabelIssueBudget {
  readonly rows?: number;
  readonly cells?: number;
  readonly texts?: number;
}

/** Where the audit's label issues come from, and that method in words (a note and the gallery's alt text). */
export interface LabelIssueSource {
  readonly crossValidation?: CrossValidationInput;
  readonly probs?: ProbabilitySource;
  /** Class order of `probs` (the model's outputs), so the checks code labels the same way. */
  readonly classes?: readonly string[];
  readonly method: string;
}

/**
 * How the audit finds label issues in the training split: out-of-fold probabilities from
 * k-fold cross-validation (the mechanism `keel check --folds` uses: a Keel MLP on the
 * standardized features or pixels, logistic regressions on bags of words for texts) when that
 * is affordable; otherwise the audited model's own probabilities on its training rows, which are
 * in-sample — the model has seen those labels, so it flags fewer label errors — and the note says so.
 * @example `const src = await labelIssueSource(ctx); await runChecksDetailed({ ...inputs, ...src });`
 */
export async function labelIssueSource(ctx: AuditContext, budget: LabelIssueBudget = {}): Promise<LabelIssueSource> {
  const { train } = ctx;
  const rows = train.y.shape[0] ?? 0;
  const width = train.featureNames.length;
  const maxRows = budget.rows ?? LABEL_ISSUE_CV_ROWS;
  const maxCells = budget.cells ?? LABEL_ISSUE_CV_CELLS;
  const maxTexts = budget.texts ?? LABEL_ISSUE_CV_TEXTS;
  const affordable = train.text !== undefined ? rows <= maxTexts : rows <= maxRows && rows * width <= maxCells;
  if (affordable) {
    const what = train.text !== undefined ? 'logistic regressions on bags of words' : `a Keel MLP on the ${width} standardized training features`;
    return { crossValidation: { folds: FOLDS, seed: 0 }, method: `out-of-fold probabilities from ${FOLDS}-fold cross-validation of ${what} (as keel check --folds ${FOLDS})` };
  }
  const logits = await cachedLogits(ctx.model, modelInput(train))();
  const outputs = logits.data.length / Math.max(1, rows);
  const k = outputs === 1 ? 2 : outputs;
  if (k !== train.classes.length) return { method: `not searched: the model scores ${k} classes but the training labels hold ${train.classes.length}` };
  const data = new Float64Array(rows * k);
  for (let i = 0; i < rows; i++) data.set(classProbabilities(logits.data.subarray(i * outputs, (i + 1) * outputs)), i * k);
  const over = train.text !== undefined ? `${rows} messages are over the audit's ${maxTexts}` : `${rows} rows × ${width} features are over the audit's ${maxRows} rows or ${maxCells} cells`;
  return {
    probs: probabilityMatrix(data, rows, k),
    classes: train.classes,
    method: `the audited model's own probabilities on its training rows (in-sample: cross-validation was skipped because ${over}; the model has seen these labels, so it flags fewer label errors than out-of-fold probabilities would)`,
  };
}
