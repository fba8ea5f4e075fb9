/**
 * Fairness benchmark on UCI Adult (sex as the sensitive feature): a plain-TS logistic regression,
 * then threshold optimization, exponentiated gradient, reweighing and the penalised loss. Produces
 * the markdown tables of docs/fairness-adult.md. Run with
 * `KEEL_BENCH=1 npx vitest run test/fairness/adult-bench.test.ts` (tsx is not a dependency).
 * @module
 */
import {
  ExponentiatedGradient,
  LogisticRegression,
  ThresholdOptimizer,
  accuracyScore,
  demographicParityDifference,
  equalizedOddsDifference,
  fairnessPenaltyPath,
  reweighing,
  type ParetoPoint,
} from '../src/fairness/index.js';
import { loadAdult, type AdultSplit } from '../test/fairness/adult.js';

/** Test-set accuracy and disparities of 0/1 predictions. */
interface Scores {
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

/**
 * The benchmark in sections (each a markdown fragment), so a runner can report progress between
 * them. `report()` joins what has run.
 *
 * @example
 * ```ts
 * const bench = new AdultBenchmark();
 * bench.baseline(); bench.thresholdOptimizer('demographic_parity'); console.log(bench.report());
 * ```
 */
export class AdultBenchmark {
  readonly sections: string[] = [];
  readonly full = loadAdult();
  readonly sub = loadAdult({ trainSize: 12000, seed: 0 });
  readonly base = new LogisticRegression();
  readonly subBase = new LogisticRegression();
  private b: Scores;
  private sb: Scores;

  constructor() {
    this.base.fit(this.full.train.X, this.full.train.y);
    this.subBase.fit(this.sub.train.X, this.sub.train.y);
    this.b = evaluate(this.full.test, this.base.predict(this.full.test.X));
    this.sb = evaluate(this.sub.test, this.subBase.predict(this.sub.test.X));
  }

  baseline(): void {
    const { b, sb } = this;
    this.sections.push('### Unmitigated logistic regression (adult.test, 16,281 rows)\n\n' + table(['training rows', 'accuracy', 'DP difference', 'EO difference'], [
      [this.full.train.X.rows, f(b.accuracy), f(b.dp), f(b.eo)],
      [this.sub.train.X.rows, f(sb.accuracy), f(sb.dp), f(sb.eo)],
    ]));
  }

  thresholdOptimizer(constraint: 'demographic_parity' | 'equalized_odds'): void {
    const { full, base, b } = this;
    const trainScores = base.predictProba(full.train.X), testScores = base.predictProba(full.test.X);
    const fitData = { features: { sex: full.train.sex }, sensitiveFeatures: 'sex' };
    const dpMode = constraint === 'demographic_parity';
    const explorer = new ThresholdOptimizer({ constraint }).fit(trainScores, full.train.y, fitData);
    const rows = explorer.explored.map((p) => {
      const to = new ThresholdOptimizer({ constraint, tolerance: dpMode ? p.parameter : p.disparity + 1e-9 }).fit(trainScores, full.train.y, fitData);
      const t = evaluate(full.test, to.predict(testScores, { features: { sex: full.test.sex }, seed: 0 }));
      const dis = dpMode ? t.dp : t.eo, base0 = dpMode ? b.dp : b.eo;
      return [p.parameter, f(p.accuracy), f(p.disparity), onFront(explorer.pareto, p), f(t.accuracy), f(dis), f((b.accuracy - t.accuracy) * 100, 2), `${f((1 - dis / base0) * 100, 1)}%`];
    });
    const what = dpMode ? 'DP' : 'EO';
    this.sections.push(`### ThresholdOptimizer, ${constraint} (parameter = ${dpMode ? 'tolerance on the training selection-rate gap' : 'probability of using the unconstrained per-group thresholds'})\n\n` +
      table(['parameter', 'train accuracy', `train ${what} diff`, 'Pareto', 'test accuracy', `test ${what} diff`, 'accuracy cost (points)', `${what} reduction`], rows));
  }

  exponentiatedGradient(constraint: 'demographic_parity' | 'equalized_odds', epsilons: readonly number[] = [0.005, 0.01, 0.02, 0.05, 0.1]): void {
    const { sub, sb } = this;
    const subFit = { features: { sex: sub.train.sex }, sensitiveFeatures: 'sex' };
    const rows: (string | number)[][] = [];
    let front: readonly ParetoPoint[] = [], explored = 0;
    const what = constraint === 'demographic_parity' ? 'DP' : 'EO';
    for (const eps of epsilons) {
      const t0 = Date.now();
      const eg = new ExponentiatedGradient({ learner: () => new LogisticRegression(), constraint, eps }).fit(sub.train.X, sub.train.y, subFit);
      const t = evaluate(sub.test, eg.predict(sub.test.X, { seed: 0 }));
      const dis = what === 'DP' ? t.dp : t.eo, base0 = what === 'DP' ? sb.dp : sb.eo;
      const last = eg.iterations[eg.iterations.length - 1]!;
      rows.push([eps, eg.iterations.length, eg.predictors.length, f(1 - last.error), f(last.disparity), f(t.accuracy), f(dis), f((sb.accuracy - t.accuracy) * 100, 2), `${f((1 - dis / base0) * 100, 1)}%`, f((Date.now() - t0) / 1000, 1)]);
      if (eps === 0.01) {
        front = eg.pareto;
        explored = eg.explored.length;
      }
    }
    this.sections.push(`### ExponentiatedGradient, ${constraint} (12,000 training rows, logistic-regression learner)\n\n` +
      table(['eps', 'iterations', 'predictors', 'train accuracy', `train ${what} diff`, 'test accuracy', `test ${what} diff`, 'accuracy cost (points)', `${what} reduction`, 'seconds'], rows) +
      `\n\nPareto front of the eps = 0.01 run (training data; ${explored} classifiers and mixtures explored):\n\n` +
      table(['point', 'train accuracy', `train ${what} diff`], front.map((p) => [p.label ?? String(p.parameter), f(p.accuracy), f(p.disparity)])));
  }

  preAndPenalty(strengths: readonly number[] = [0, 0.01, 0.03, 0.1, 0.3, 1, 10]): void {
    const { full, sub, b, sb } = this;
    const rw = reweighing(full.train.y, { features: { sex: full.train.sex }, sensitiveFeatures: 'sex' });
    const rwModel = new LogisticRegression();
    rwModel.fit(full.train.X, full.train.y, rw.weights);
    const r = evaluate(full.test, rwModel.predict(full.test.X));
    const path = fairnessPenaltyPath(sub.train.X, sub.train.y, { features: { sex: sub.train.sex }, sensitiveFeatures: 'sex', strengths });
    this.sections.push('### Reweighing (32,561 rows) and the covariance-penalised loss (12,000 rows)\n\n' + table(['method', 'train accuracy', 'train DP diff', 'test accuracy', 'test DP diff', 'accuracy cost (points)', 'DP reduction'], [
      ['reweighing', '', '', f(r.accuracy), f(r.dp), f((b.accuracy - r.accuracy) * 100, 2), `${f((1 - r.dp / b.dp) * 100, 1)}%`],
      ...path.models.map((m, k) => {
        const t = evaluate(sub.test, m.predict(sub.test.X));
        const p = path.explored[k]!;
        return [`penalty strength ${p.parameter}`, f(p.accuracy), f(p.disparity), f(t.accuracy), f(t.dp), f((sb.accuracy - t.accuracy) * 100, 2), `${f((1 - t.dp / sb.dp) * 100, 1)}%`];
      }),
    ]));
  }

  report(): string {
    return this.sections.join('\n\n');
  }
}
