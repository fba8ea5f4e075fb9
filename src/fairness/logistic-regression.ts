/**
 * A plain-TypeScript weighted logistic regression (Newton's method on sparse rows) that serves as
 * the baseline {@link Learner} for the reductions and as the model of the fairness-penalised loss.
 * @module
 */
import { UsageError, type FeatureMatrix } from '../core/index.js';
import { groupShares } from './groups.js';
import type { Learner } from './learner.js';
import { checkLength, fitWeightTotal, resolveWeights } from './validation.js';
import type { Column } from './types.js';
import { dot } from './vector.js';

/**
 * Fairness penalty of the loss: `strength · Σ_g cov(1[A = g], w·x)²`, the squared weighted
 * covariance between group membership and the decision score (Zafar et al., 2017). Zero means the
 * mean score is equal across groups, a convex surrogate of demographic parity.
 */
export interface CovariancePenalty {
  /** Group index of each training row (0 .. k−1). */
  readonly groups: ArrayLike<number>;
  readonly strength: number;
}

/** Options of {@link LogisticRegression}. */
export interface LogisticRegressionOptions {
  /** L2 strength on the coefficients, not the intercept (default 1e-4). */
  readonly l2?: number;
  /** Newton iterations at most (default 30). */
  readonly maxIter?: number;
  /** Stop when the Newton decrement falls below this (default 1e-10). */
  readonly tol?: number;
  readonly penalty?: CovariancePenalty | undefined;
}

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
const softplus = (z: number): number => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));

/** Solves the symmetric positive definite system A x = b in place (Cholesky); A is d×d row-major. */
function choleskySolve(a: Float64Array, b: Float64Array, d: number): Float64Array {
  for (let j = 0; j < d; j++) {
    let s = a[j * d + j]!;
    for (let k = 0; k < j; k++) s -= a[j * d + k]! ** 2;
    const diag = Math.sqrt(Math.max(s, 1e-12));
    a[j * d + j] = diag;
    for (let i = j + 1; i < d; i++) {
      let t = a[i * d + j]!;
      for (let k = 0; k < j; k++) t -= a[i * d + k]! * a[j * d + k]!;
      a[i * d + j] = t / diag;
    }
  }
  const x = Float64Array.from(b);
  for (let i = 0; i < d; i++) {
    for (let k = 0; k < i; k++) x[i]! -= a[i * d + k]! * x[k]!;
    x[i]! /= a[i * d + i]!;
  }
  for (let i = d - 1; i >= 0; i--) {
    for (let k = i + 1; k < d; k++) x[i]! -= a[k * d + i]! * x[k]!;
    x[i]! /= a[i * d + i]!;
  }
  return x;
}

/**
 * Weighted, L2-regularised logistic regression with an intercept and an optional
 * {@link CovariancePenalty}; `predict` thresholds the probability at 0.5.
 *
 * @example
 * ```ts
 * const lr = new LogisticRegression({ l2: 1e-3 });
 * lr.fit(X, y, weights);
 * const p = lr.predictProba(X);
 * ```
 */
export class LogisticRegression implements Learner {
  readonly name = 'LogisticRegression';
  readonly options: LogisticRegressionOptions;
  /** Coefficients then the intercept (length cols + 1); empty before `fit`. */
  coef: Float64Array = new Float64Array(0);

  constructor(options: LogisticRegressionOptions = {}) {
    this.options = options;
  }

  fit(X: FeatureMatrix, y: Column<number>, sampleWeight?: Column<number>): void {
    const n = X.rows, d = X.cols + 1;
    checkLength('y', y, n);
    const w = resolveWeights(sampleWeight, n);
    const wTotal = fitWeightTotal(w);
    // Sparse rows: column indices and values of the non-zeros, plus the intercept column.
    const ptr = new Int32Array(n + 1), idx: number[] = [], val: number[] = [];
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < X.cols; j++) {
        const v = X.data[i * X.cols + j]!;
        if (v !== 0) {
          idx.push(j);
          val.push(v);
        }
      }
      idx.push(X.cols);
      val.push(1);
      ptr[i + 1] = idx.length;
    }
    const l2 = this.options.l2 ?? 1e-4;
    const penalty = this.options.penalty;
    const cov = penalty === undefined || penalty.strength === 0 ? [] : covarianceVectors(penalty.groups, w, wTotal, ptr, idx, val, d);
    const strength = penalty?.strength ?? 0;
    const beta = new Float64Array(d), z = new Float64Array(n);
    const scores = (b: Float64Array): void => {
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let k = ptr[i]!; k < ptr[i + 1]!; k++) s += val[k]! * b[idx[k]!]!;
        z[i] = s;
      }
    };
    const loss = (b: Float64Array): number => {
      scores(b);
      let l = 0;
      for (let i = 0; i < n; i++) l += (w[i]! * (softplus(z[i]!) - Number(y[i]) * z[i]!)) / wTotal;
      for (let j = 0; j < d - 1; j++) l += 0.5 * l2 * b[j]! ** 2;
      for (const c of cov) l += strength * dot(c, b) ** 2;
      return l;
    };
    let current = loss(beta);
    for (let iter = 0; iter < (this.options.maxIter ?? 30); iter++) {
      const grad = new Float64Array(d), hess = new Float64Array(d * d);
      for (let i = 0; i < n; i++) {
        const p = sigmoid(z[i]!), g = (w[i]! * (p - Number(y[i]))) / wTotal, h = (w[i]! * p * (1 - p)) / wTotal;
        for (let a = ptr[i]!; a < ptr[i + 1]!; a++) {
          const ja = idx[a]!, va = val[a]!;
          grad[ja]! += g * va;
          const hv = h * va, row = ja * d;
          for (let b = ptr[i]!; b <= a; b++) hess[row + idx[b]!]! += hv * val[b]!;
        }
      }
      for (let j = 0; j < d; j++) for (let k = 0; k < j; k++) hess[k * d + j] = hess[j * d + k]!;
      for (let j = 0; j < d - 1; j++) {
        grad[j]! += l2 * beta[j]!;
        hess[j * d + j]! += l2;
      }
      hess[(d - 1) * d + d - 1]! += 1e-10;
      for (const c of cov) {
        const s = 2 * strength * dot(c, beta);
        for (let j = 0; j < d; j++) {
          grad[j]! += s * c[j]!;
          for (let k = 0; k < d; k++) hess[j * d + k]! += 2 * strength * c[j]! * c[k]!;
        }
      }
      const step = choleskySolve(hess, grad, d);
      const decrement = dot(step, grad);
      let t = 1, next = Float64Array.from(beta, (b, j) => b - step[j]!), nextLoss = loss(next);
      while (nextLoss > current + 1e-12 && t > 1e-6) {
        t /= 2;
        next = Float64Array.from(beta, (b, j) => b - t * step[j]!);
        nextLoss = loss(next);
      }
      beta.set(next);
      current = nextLoss;
      if (decrement / 2 < (this.options.tol ?? 1e-10)) break;
    }
    this.coef = beta;
  }

  /**
   * Linear score w·x + b per row.
   * @example `lr.decisionFunction(X)[0]`
   */
  decisionFunction(X: FeatureMatrix): Float64Array {
    if (this.coef.length !== X.cols + 1) {
      throw new UsageError('NOT_FITTED', `The model expects ${this.coef.length - 1} features but X has ${X.cols}; call fit first.`, {
        expected: this.coef.length - 1,
        actual: X.cols,
      });
    }
    const out = new Float64Array(X.rows);
    for (let i = 0; i < X.rows; i++) {
      let s = this.coef[X.cols]!;
      for (let j = 0; j < X.cols; j++) s += X.data[i * X.cols + j]! * this.coef[j]!;
      out[i] = s;
    }
    return out;
  }

  /**
   * Probability of label 1 per row.
   * @example `lr.predictProba(X)`
   */
  predictProba(X: FeatureMatrix): Float64Array {
    return this.decisionFunction(X).map(sigmoid);
  }

  predict(X: FeatureMatrix): Float64Array {
    return this.decisionFunction(X).map((s) => (s >= 0 ? 1 : 0));
  }
}

/** c_g = (1/W) Σ_i w_i (1[g_i = g] − P(g)) x_i for each group g. */
function covarianceVectors(
  groups: ArrayLike<number>, w: Float64Array, wTotal: number, ptr: Int32Array, idx: number[], val: number[], d: number,
): Float64Array[] {
  const n = w.length;
  checkLength('penalty.groups', groups, n);
  let k = 0;
  for (let i = 0; i < n; i++) k = Math.max(k, groups[i]! + 1);
  const share = groupShares(groups, w, wTotal, k);
  const out = Array.from({ length: k }, () => new Float64Array(d));
  for (let i = 0; i < n; i++) {
    for (let g = 0; g < k; g++) {
      const coeff = (w[i]! * ((groups[i] === g ? 1 : 0) - share[g]!)) / wTotal;
      for (let a = ptr[i]!; a < ptr[i + 1]!; a++) out[g]![idx[a]!]! += coeff * val[a]!;
    }
  }
  return out;
}
