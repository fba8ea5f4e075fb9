/**
 * Fairness mitigation of a Keel model on a raw CSV (reweighing, the exponentiated-gradient
 * reduction or threshold optimization), with the accuracy/disparity trade-off it explored.
 * @module
 */
import { DataError, Progress } from '../core/index.js';
import {
  ExponentiatedGradient,
  ThresholdOptimizer,
  accuracyScore,
  demographicParityDifference,
  equalizedOddsDifference,
  reweighing,
  type ParityConstraint,
  type ThresholdOptimizerState,
  type TradeoffPoint,
} from '../fairness/index.js';
import type { Graph } from '../ir/index.js';
import { Preprocessor, readCsv } from '../data/index.js';
import { KeelClassifier, keelLearner } from './keel-classifier.js';
import { encodeRows, readLabelledTable, type LabelledTable } from './labelled-table.js';
import { mixtureGraph } from './model-scores.js';

/** What {@link mitigateFairness} trains on and how. */
export interface MitigateFairnessOptions {
  readonly method: 'reweigh' | 'reduction' | 'threshold';
  /** Default `demographic_parity`. */
  readonly constraint?: ParityConstraint | undefined;
  /** Training CSV. */
  readonly data: string;
  readonly target: string;
  readonly sensitive: readonly string[];
  /** Held-out CSV for the trade-off (default: the training data). */
  readonly test?: string | undefined;
  readonly positive?: string | undefined;
  /** Column names of header-less CSVs. */
  readonly columns?: readonly string[] | undefined;
  /** Hidden units of the MLP (0 = logistic regression). Default 32. */
  readonly hidden?: number | undefined;
  /** Training epochs per model. Default 6. */
  readonly epochs?: number | undefined;
  /** Reduction: allowed constraint violation of the chosen model. Default 0.01. */
  readonly eps?: number | undefined;
  /** Threshold: allowed training disparity of the chosen rule. Default 0.01. */
  readonly tolerance?: number | undefined;
  readonly seed?: number | undefined;
  /** Do not use the sensitive columns as model inputs. */
  readonly dropSensitive?: boolean | undefined;
  /** Accept a `test` file that lacks a training group. */
  readonly allowEmptyGroups?: boolean | undefined;
}

/** The chosen model of a mitigation and the trade-off explored on the way. */
export interface FairnessMitigation {
  /** The chosen model: a binary classifier, or for the reduction one graph of the randomized mixture (output `probability`). */
  readonly model: Graph;
  /** Its preprocessing of raw rows (saved beside the model). */
  readonly preprocessor: Preprocessor;
  /** Threshold mitigation: the per-group thresholds applied to the model's scores. */
  readonly thresholds?: ThresholdOptimizerState | undefined;
  /** Every explored model; the first is the unmitigated one, the chosen one has `chosen: true`. */
  readonly points: readonly TradeoffPoint[];
  /** The disparity on the x axis, in words (e.g. `demographic parity difference`). */
  readonly disparity: string;
  /** Where the points were measured (the test file, or the training file with a note). */
  readonly evaluatedOn: string;
  /** Rows the points were measured on. */
  readonly rows: number;
  /** One sentence saying what the points are. */
  readonly note: string;
}

const ones = (n: number): Float64Array => new Float64Array(n).fill(1);

/**
 * Trains a Keel model with a mitigation and returns the chosen model (or its thresholds) with the
 * accuracy/disparity trade-off it explored. Progress of the reduction goes to stderr.
 * @example `const m = await mitigateFairness({ method: 'threshold', data: 'train.csv', target: 'y', sensitive: ['sex'] });`
 */
export async function mitigateFairness(o: MitigateFairnessOptions): Promise<FairnessMitigation> {
  const sensitive = o.sensitive, columns = o.columns;
  const constraint = o.constraint ?? 'demographic_parity';
  const train = await readLabelledTable(o.data, { target: o.target, sensitive, positive: o.positive, columns });
  const test = o.test === undefined ? train : await readLabelledTable(o.test, { target: o.target, sensitive, positive: train.positive, columns });
  const fitted = Preprocessor.fit(await readCsv(o.data, { columns }), { target: o.target, exclude: o.dropSensitive === true ? sensitive : [] });
  const prep0 = fitted.with({ positive: train.positive, sensitive });
  if (o.test !== undefined) checkGroups(train, sensitive, test, o.test, o.allowEmptyGroups === true);
  const Xtr = await encodeRows(prep0, o.data, columns), Xte = await encodeRows(prep0, o.test ?? o.data, columns);
  const keel = keelLearner({ hidden: (o.hidden ?? 32) > 0 ? [o.hidden ?? 32] : [], epochs: o.epochs ?? 6, seed: o.seed ?? 0 });
  const sf = { features: test.sensitive, sensitiveFeatures: sensitive, onWarning: (): void => undefined };
  const score = (yHat: ArrayLike<number>, label: string, parameter: number): TradeoffPoint => {
    const y = Array.from(yHat);
    const disparity = constraint === 'demographic_parity' ? demographicParityDifference(test.y, y, sf) : equalizedOddsDifference(test.y, y, sf);
    return { label, parameter, accuracy: accuracyScore(test.y, y), disparity };
  };
  const fitData = { features: train.sensitive, sensitiveFeatures: sensitive };
  const base = new KeelClassifier(keel.trainer);
  await base.fit(Xtr, train.y, ones(train.y.length));
  const points: TradeoffPoint[] = [score(await base.predict(Xte), 'unmitigated', 0)];
  let chosen: { model: Graph; preprocessor: Preprocessor; thresholds?: ThresholdOptimizerState } | undefined;
  const seed = o.seed ?? 0;
  try {
    if (o.method === 'reweigh') {
      const { weights } = reweighing(train.y, fitData);
      for (const alpha of [0.25, 0.5, 0.75, 1]) {
        const m = new KeelClassifier(keel.trainer);
        await m.fit(Xtr, train.y, weights.map((w) => w ** alpha));
        points.push({ ...score(await m.predict(Xte), `reweighing^${alpha}`, alpha), ...(alpha === 1 ? { chosen: true } : {}) });
        if (alpha === 1) chosen = { model: m.toGraph(), preprocessor: prep0 };
      }
    } else if (o.method === 'threshold') {
      const trainScores = await base.predictProba(Xtr), testScores = await base.predictProba(Xte);
      const explorer = new ThresholdOptimizer({ constraint }).fit(trainScores, train.y, fitData);
      for (const p of explorer.explored) {
        const to = new ThresholdOptimizer({ constraint, tolerance: p.disparity + 1e-9 }).fit(trainScores, train.y, fitData);
        points.push(score(to.predict(testScores, { features: test.sensitive, seed }), `training disparity ≤ ${p.disparity.toFixed(3)}`, p.disparity));
      }
      const tolerance = o.tolerance ?? 0.01;
      const rule = new ThresholdOptimizer({ constraint, tolerance }).fit(trainScores, train.y, fitData);
      points.push({ ...score(rule.predict(testScores, { features: test.sensitive, seed }), `tolerance ${tolerance}`, tolerance), chosen: true });
      chosen = { model: base.toGraph(), preprocessor: prep0, thresholds: rule.toJSON() };
    } else {
      const chosenEps = o.eps ?? 0.01;
      const grid = [...new Set([0.005, 0.01, 0.02, 0.05, 0.1, chosenEps])].sort((a, b) => a - b);
      // Up to 31 learners per eps; each is a model trained from scratch, so show the count and rate.
      const progress = new Progress({ label: 'reduction', unit: 'model' });
      for (const eps of grid) {
        const learner = (): ReturnType<typeof keel.factory> => {
          progress.tick(1, `eps ${eps}`);
          return keel.factory();
        };
        const eg = await new ExponentiatedGradient({ learner, constraint, eps, maxIter: 30 }).fit(Xtr, train.y, fitData);
        const isChosen = eps === chosenEps;
        points.push({ ...score(await eg.predict(Xte, { seed }), `eps ${eps}`, eps), ...(isChosen ? { chosen: true } : {}) });
        if (isChosen) chosen = { model: mixtureGraph(eg.predictors.filter((p) => p instanceof KeelClassifier).map((p) => p.toGraph()), eg.weights), preprocessor: prep0.with({ output: 'probability' }) };
      }
      progress.done();
    }
  } finally {
    await keel.release();
  }
  const disparity = constraint === 'demographic_parity' ? 'demographic parity difference' : 'equalized odds difference';
  const evaluatedOn = o.test ?? `${o.data} (training data; pass --test for a held-out estimate)`;
  const note = `Method ${o.method}, constraint ${constraint}; accuracy and ${disparity} of each explored model on ${evaluatedOn} (${Xte.rows} rows). Randomized classifiers are scored on one seeded draw.`;
  return { ...chosen!, points, disparity, evaluatedOn, rows: Xte.rows, note };
}

function checkGroups(train: LabelledTable, sensitive: readonly string[], test: LabelledTable, file: string, allow: boolean): void {
  for (const feature of sensitive) {
    const seen = new Set(test.sensitive[feature]);
    const missing = [...new Set(train.sensitive[feature])].sort().filter((l) => !seen.has(l));
    if (missing.length > 0 && !allow) {
      throw new DataError('EMPTY_GROUP', `${file}: sensitive feature "${feature}" has no rows for group(s) ${missing.join(', ')} (present in training); the trade-off cannot be measured for them; pass --allow-empty-groups to ignore`, { feature, missing });
    }
  }
}
