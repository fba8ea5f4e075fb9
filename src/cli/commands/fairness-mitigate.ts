import { join } from 'node:path';
import { DataError, Progress } from '../../core/index.js';
import {
  ExponentiatedGradient,
  ThresholdOptimizer,
  accuracyScore,
  demographicParityDifference,
  equalizedOddsDifference,
  reweighing,
  type FeatureMatrix,
  type ParityConstraint,
} from '../../fairness/index.js';
import { KeelClassifier, keelLearner } from '../../fairness-learners/index.js';
import { ensureFolder, writeFileAtomic } from '../../io/index.js';
import { exportModel } from '../../onnx/index.js';
import { Preprocessor, readCsv, saveModelSidecars } from '../../data/index.js';
import { encodeRows, list, readLabelledTable, type LabelledTable } from './fairness-data.js';
import { paretoSvg, tradeoffHtml, type TradeoffPoint } from './fairness-html.js';
import { mixtureGraph } from './fairness-model.js';
import { toJson } from './fairness-report.js';

/** Options of `keel fairness mitigate`. */
export interface MitigateOptions {
  readonly method: 'reweigh' | 'reduction' | 'threshold';
  readonly constraint: ParityConstraint;
  readonly data: string;
  readonly target: string;
  readonly sensitive: string;
  readonly test?: string;
  readonly out: string;
  readonly positive?: string;
  readonly columns?: string;
  readonly hidden?: number;
  readonly epochs?: number;
  readonly eps?: number;
  readonly tolerance?: number;
  readonly seed?: number;
  readonly dropSensitive?: boolean;
  readonly allowEmptyGroups?: boolean;
}

const ones = (n: number): Float64Array => new Float64Array(n).fill(1);

/**
 * `keel fairness mitigate`: trains a Keel model with a mitigation and writes it (or its
 * thresholds) with the accuracy/disparity trade-off it explored.
 * @example `await mitigateCommand({ method: 'threshold', constraint: 'demographic_parity', data: 'train.csv', target: 'y', sensitive: 'sex', out: 'dir' })`
 */
export async function mitigateCommand(o: MitigateOptions): Promise<void> {
  const sensitive = list(o.sensitive);
  const columns = o.columns === undefined ? undefined : list(o.columns);
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
    const disparity = o.constraint === 'demographic_parity' ? demographicParityDifference(test.y, y, sf) : equalizedOddsDifference(test.y, y, sf);
    return { label, parameter, accuracy: accuracyScore(test.y, y), disparity };
  };
  ensureFolder(o.out);
  const fitData = { features: train.sensitive, sensitiveFeatures: sensitive };
  const base = new KeelClassifier(keel.trainer);
  await base.fit(Xtr, train.y, ones(train.y.length));
  const points: TradeoffPoint[] = [score(await base.predict(Xte), 'unmitigated', 0)];
  const save = (model: KeelClassifier | ReturnType<typeof mixtureGraph>, prep: Preprocessor): void => {
    writeFileAtomic(join(o.out, 'model.onnx'), exportModel(model instanceof KeelClassifier ? model.toGraph() : model));
    saveModelSidecars(o.out, { classes: prep.classes, preprocessor: prep });
  };
  const seed = o.seed ?? 0;
  try {
    if (o.method === 'reweigh') {
      const { weights } = reweighing(train.y, fitData);
      for (const alpha of [0.25, 0.5, 0.75, 1]) {
        const m = new KeelClassifier(keel.trainer);
        await m.fit(Xtr, train.y, weights.map((w) => w ** alpha));
        points.push({ ...score(await m.predict(Xte), `reweighing^${alpha}`, alpha), ...(alpha === 1 ? { chosen: true } : {}) });
        if (alpha === 1) save(m, prep0);
      }
    } else if (o.method === 'threshold') {
      const trainScores = await base.predictProba(Xtr), testScores = await base.predictProba(Xte);
      const explorer = new ThresholdOptimizer({ constraint: o.constraint }).fit(trainScores, train.y, fitData);
      for (const p of explorer.explored) {
        const to = new ThresholdOptimizer({ constraint: o.constraint, tolerance: p.disparity + 1e-9 }).fit(trainScores, train.y, fitData);
        points.push(score(to.predict(testScores, { features: test.sensitive, seed }), `training disparity ≤ ${p.disparity.toFixed(3)}`, p.disparity));
      }
      const tolerance = o.tolerance ?? 0.01;
      const chosen = new ThresholdOptimizer({ constraint: o.constraint, tolerance }).fit(trainScores, train.y, fitData);
      points.push({ ...score(chosen.predict(testScores, { features: test.sensitive, seed }), `tolerance ${tolerance}`, tolerance), chosen: true });
      save(base, prep0);
      writeFileAtomic(join(o.out, 'thresholds.json'), toJson(chosen.toJSON()));
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
        const eg = await new ExponentiatedGradient({ learner, constraint: o.constraint, eps, maxIter: 30 }).fit(Xtr, train.y, fitData);
        const isChosen = eps === chosenEps;
        points.push({ ...score(await eg.predict(Xte, { seed }), `eps ${eps}`, eps), ...(isChosen ? { chosen: true } : {}) });
        if (isChosen) save(mixtureGraph(eg.predictors.filter((p) => p instanceof KeelClassifier).map((p) => p.toGraph()), eg.weights), prep0.with({ output: 'probability' }));
      }
      progress.done();
    }
  } finally {
    await keel.release();
  }
  writeOutputs(o, points, Xte);
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

function writeOutputs(o: MitigateOptions, points: readonly TradeoffPoint[], Xte: FeatureMatrix): void {
  const what = o.constraint === 'demographic_parity' ? 'demographic parity difference' : 'equalized odds difference';
  const evaluated = o.test ?? `${o.data} (training data; pass --test for a held-out estimate)`;
  const note = `Method ${o.method}, constraint ${o.constraint}; accuracy and ${what} of each explored model on ${evaluated} (${Xte.rows} rows). Randomized classifiers are scored on one seeded draw.`;
  const chosen = points.find((p) => p.chosen === true);
  writeFileAtomic(join(o.out, 'tradeoff.json'), toJson({ method: o.method, constraint: o.constraint, disparity: what, evaluated_on: evaluated, rows: Xte.rows, baseline: points[0], chosen, points }));
  writeFileAtomic(join(o.out, 'tradeoff.svg'), `${paretoSvg(points, what)}\n`);
  writeFileAtomic(join(o.out, 'tradeoff.html'), tradeoffHtml(points, { title: `keel fairness mitigate: ${o.method}`, xLabel: what, note }));
  const b = points[0]!;
  process.stdout.write(`wrote ${o.out}: accuracy ${b.accuracy.toFixed(4)} -> ${chosen?.accuracy.toFixed(4) ?? '?'}, ${what} ${b.disparity.toFixed(4)} -> ${chosen?.disparity.toFixed(4) ?? '?'}\n`);
}
