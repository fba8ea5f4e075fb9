/**
 * Fairness benchmark on UCI Adult (sex as the sensitive feature) over Keel models: an MLP and a
 * logistic regression trained by Keel's engine, then threshold optimization, exponentiated
 * gradient, reweighing and the fairness-penalised loss. Produces the markdown tables of
 * docs/fairness-adult.md and the Pareto curves as JSON. Run with
 * `KEEL_BENCH=1 npx vitest run test/fairness/adult-bench.test.ts` (tsx is not a dependency).
 * @module
 */
import {
  ExponentiatedGradient,
  ThresholdOptimizer,
  accuracyScore,
  demographicParityDifference,
  equalizedOddsDifference,
  reweighing,
  type ParetoPoint,
} from '../src/fairness/index.js';
import { KeelClassifier, keelLearner, keelPenaltyPath, type KeelTrainerOptions } from '../src/fairness-learners/index.js';
import { loadAdult, type AdultSplit } from '../test/fairness/adult.js';

/** Test-set accuracy and disparities of 0/1 predictions. */
interface Scores {
  readonly accuracy: number;
  readonly dp: number;
  readonly eo: number;
}

/** One point of a test-set trade-off curve. */
export interface CurvePoint {
  readonly method: string;
  readonly parameter: number;
  readonly accuracy: number;
  readonly dp: number;
  readonly eo: number;
}

function evaluate(split: AdultSplit, yHat: ArrayLike<number>): Scores {
  const y = Array.from(yHat);
  const sf = { features: { sex: split.sex }, sensitiveFeatures: 'sex', onWarning: (): void => undefined };
  return { accuracy: accuracyScore(split.y, y), dp: demographicParityDifference(split.y, y, sf), eo: equalizedOddsDifference(split.y, y, sf) };
}

const f = (v: number, digits = 4): string => v.toFixed(digits);

function table(header: string[], rows: (string | number)[][]): string {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

const onFront = (front: readonly ParetoPoint[], p: ParetoPoint): string => (front.includes(p) ? 'yes' : '');
const ones = (n: number): Float64Array => new Float64Array(n).fill(1);

/** The two Keel models of the benchmark. */
export const MLP: KeelTrainerOptions = { hidden: [32], epochs: 6 };
export const LOGREG: KeelTrainerOptions = { hidden: [], epochs: 4 };

/**
 * The benchmark in sections (each a markdown fragment), so a runner can report progress between
 * them. `report()` joins what has run; `curves` holds every test-set point.
 *
 * @example
 * ```ts
 * const bench = await AdultBenchmark.create();
 * await bench.thresholdOptimizer('demographic_parity'); console.log(bench.report());
 * ```
 */
export class AdultBenchmark {
  readonly sections: string[] = [];
  readonly curves: CurvePoint[] = [];
  readonly full = loadAdult();
  readonly keel = keelLearner(MLP);
  readonly base = new KeelClassifier(this.keel.trainer);
  private b: Scores = { accuracy: 0, dp: 0, eo: 0 };
  private trainScores: Float64Array = new Float64Array(0);
  private testScores: Float64Array = new Float64Array(0);

  static async create(): Promise<AdultBenchmark> {
    const bench = new AdultBenchmark();
    await bench.base.fit(bench.full.train.X, bench.full.train.y, ones(bench.full.train.y.length));
    bench.trainScores = await bench.base.predictProba(bench.full.train.X);
    bench.testScores = await bench.base.predictProba(bench.full.test.X);
    bench.b = evaluate(bench.full.test, await bench.base.predict(bench.full.test.X));
    bench.curves.push({ method: 'unmitigated MLP', parameter: 0, ...bench.b });
    return bench;
  }

  async baseline(): Promise<void> {
    const lr = keelLearner(LOGREG);
    const m = lr.factory();
    await m.fit(this.full.train.X, this.full.train.y, ones(this.full.train.y.length));
    const l = evaluate(this.full.test, await m.predict(this.full.test.X));
    await lr.release();
    this.curves.push({ method: 'unmitigated logistic regression', parameter: 0, ...l });
    const { b } = this;
    this.sections.push('### Unmitigated Keel models (trained on adult.data, 32,561 rows; scored on adult.test, 16,281 rows)\n\n' + table(['model', 'accuracy', 'DP difference', 'EO difference'], [
      ['MLP 32-ReLU, 6 epochs', f(b.accuracy), f(b.dp), f(b.eo)],
      ['logistic regression, 4 epochs', f(l.accuracy), f(l.dp), f(l.eo)],
    ]));
  }

  thresholdOptimizer(constraint: 'demographic_parity' | 'equalized_odds'): void {
    const { full, b } = this;
    const fitData = { features: { sex: full.train.sex }, sensitiveFeatures: 'sex' };
    const dpMode = constraint === 'demographic_parity';
    const explorer = new ThresholdOptimizer({ constraint }).fit(this.trainScores, full.train.y, fitData);
    const rows = explorer.explored.map((p) => {
      const to = new ThresholdOptimizer({ constraint, tolerance: dpMode ? p.parameter : p.disparity + 1e-9 }).fit(this.trainScores, full.train.y, fitData);
      const t = evaluate(full.test, to.predict(this.testScores, { features: { sex: full.test.sex }, seed: 0 }));
      this.curves.push({ method: `ThresholdOptimizer ${constraint}`, parameter: p.parameter, ...t });
      const dis = dpMode ? t.dp : t.eo, base0 = dpMode ? b.dp : b.eo;
      return [p.parameter, f(p.accuracy), f(p.disparity), onFront(explorer.pareto, p), f(t.accuracy), f(dis), f((b.accuracy - t.accuracy) * 100, 2), `${f((1 - dis / base0) * 100, 1)}%`];
    });
    const what = dpMode ? 'DP' : 'EO';
    this.sections.push(`### ThresholdOptimizer over the Keel MLP, ${constraint} (parameter = ${dpMode ? 'tolerance on the training selection-rate gap' : 'probability of using the unconstrained per-group thresholds'})\n\n` +
      table(['parameter', 'train accuracy', `train ${what} diff`, 'Pareto', 'test accuracy', `test ${what} diff`, 'accuracy cost (points)', `${what} reduction`], rows));
  }

  async exponentiatedGradient(constraint: 'demographic_parity' | 'equalized_odds', epsilons: readonly number[] = [0.005, 0.01, 0.02, 0.05, 0.1]): Promise<void> {
    const { full, b } = this;
    const fit = { features: { sex: full.train.sex }, sensitiveFeatures: 'sex' };
    const rows: (string | number)[][] = [];
    let front: readonly ParetoPoint[] = [], explored = 0;
    const what = constraint === 'demographic_parity' ? 'DP' : 'EO';
    const keel = keelLearner(MLP);
    for (const eps of epsilons) {
      const t0 = Date.now();
      const eg = await new ExponentiatedGradient({ learner: keel.factory, constraint, eps, maxIter: 30 }).fit(full.train.X, full.train.y, fit);
      const t = evaluate(full.test, await eg.predict(full.test.X, { seed: 0 }));
      this.curves.push({ method: `ExponentiatedGradient ${constraint}`, parameter: eps, ...t });
      const dis = what === 'DP' ? t.dp : t.eo, base0 = what === 'DP' ? b.dp : b.eo;
      const last = eg.iterations[eg.iterations.length - 1]!;
      rows.push([eps, eg.iterations.length, eg.predictors.length, f(1 - last.error), f(last.disparity), f(t.accuracy), f(dis), f((b.accuracy - t.accuracy) * 100, 2), `${f((1 - dis / base0) * 100, 1)}%`, f((Date.now() - t0) / 1000, 1)]);
      if (eps === 0.01) {
        front = eg.pareto;
        explored = eg.explored.length;
      }
    }
    await keel.release();
    this.sections.push(`### ExponentiatedGradient over Keel MLPs, ${constraint} (32,561 training rows, at most 30 iterations)\n\n` +
      table(['eps', 'iterations', 'predictors', 'train accuracy', `train ${what} diff`, 'test accuracy', `test ${what} diff`, 'accuracy cost (points)', `${what} reduction`, 'seconds'], rows) +
      `\n\nPareto front of the eps = 0.01 run (training data; ${explored} classifiers and mixtures explored):\n\n` +
      table(['point', 'train accuracy', `train ${what} diff`], front.map((p) => [p.label ?? String(p.parameter), f(p.accuracy), f(p.disparity)])));
  }

  async preAndPenalty(strengths: readonly number[] = [0, 1, 3, 10, 30, 100]): Promise<void> {
    const { full, b } = this;
    const rw = reweighing(full.train.y, { features: { sex: full.train.sex }, sensitiveFeatures: 'sex' });
    const keel = keelLearner(MLP);
    const rwModel = keel.factory();
    await rwModel.fit(full.train.X, full.train.y, rw.weights);
    const r = evaluate(full.test, await rwModel.predict(full.test.X));
    await keel.release();
    this.curves.push({ method: 'reweighing', parameter: 0, ...r });
    const path = await keelPenaltyPath(full.train.X, full.train.y, { features: { sex: full.train.sex }, sensitiveFeatures: 'sex', strengths, model: MLP });
    const rows: (string | number)[][] = [];
    for (const [k, m] of path.models.entries()) {
      const t = evaluate(full.test, await m.predict(full.test.X));
      const p = path.explored[k]!;
      this.curves.push({ method: 'penalised loss', parameter: p.parameter, ...t });
      rows.push([`penalty strength ${p.parameter}`, f(p.accuracy), f(p.disparity), f(t.accuracy), f(t.dp), f((b.accuracy - t.accuracy) * 100, 2), `${f((1 - t.dp / b.dp) * 100, 1)}%`]);
    }
    await path.trainer.release();
    this.sections.push('### Reweighing and the covariance-penalised loss (Keel MLP, 32,561 rows)\n\n' + table(['method', 'train accuracy', 'train DP diff', 'test accuracy', 'test DP diff', 'accuracy cost (points)', 'DP reduction'], [
      ['reweighing', '', '', f(r.accuracy), f(r.dp), f((b.accuracy - r.accuracy) * 100, 2), `${f((1 - r.dp / b.dp) * 100, 1)}%`],
      ...rows,
    ]));
  }

  report(): string {
    return this.sections.join('\n\n');
  }

  async release(): Promise<void> {
    await this.keel.release();
  }
}
