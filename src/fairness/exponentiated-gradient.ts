/**
 * In-processing mitigation by the exponentiated-gradient reduction (Agarwal et al., 2018): a
 * sequence of weighted classification problems solved by any {@link Learner}, mixed into a
 * randomized classifier that minimises error subject to a parity constraint.
 * @module
 */
import { UsageError, Rng } from '../core/index.js';
import { groupRows } from './groups.js';
import type { Learner, LearnerFactory } from './learner.js';
import { solveMixtureLp } from './linear-program.js';
import { ParityMoment, type ParityConstraint } from './moments.js';
import { paretoFront } from './pareto.js';
import { binarize, resolvePosLabel, resolveWeights } from './validation.js';
import type { Column, MitigationFitOptions, ParetoPoint } from './types.js';
import { dot } from './vector.js';

/** Options of {@link ExponentiatedGradient}. */
export interface ExponentiatedGradientOptions<X> {
  /** Creates a fresh learner for each weighted problem. */
  readonly learner: LearnerFactory<X>;
  readonly constraint: ParityConstraint;
  /** Allowed violation of each γ constraint (default 0.01). */
  readonly eps?: number;
  /** Iterations at most (default 50). */
  readonly maxIter?: number;
  /** Stop when the duality gap is below this (default from the first learner's error spread). */
  readonly nu?: number;
  /** Initial step size times the bound (default 2). */
  readonly eta0?: number;
  /** ‖λ‖₁ bound (default 1 / eps). */
  readonly bound?: number;
  /** Also solve the mixture LP over the classifiers found so far each time one is added (default true). */
  readonly linearProgram?: boolean;
}

/** Data options of {@link ExponentiatedGradient.fit}: the one {@link MitigationFitOptions}. */
export type ReductionFitOptions = MitigationFitOptions;

interface Candidate<X> {
  readonly learner: Learner<X>;
  readonly pred: Float64Array;
  readonly error: number;
  /** Signed constraint values: [γ, −γ]. */
  readonly gamma: Float64Array;
  readonly iteration: number;
}

/** One iteration's state. */
export interface ReductionIteration {
  readonly iteration: number;
  readonly gap: number;
  readonly error: number;
  readonly disparity: number;
}

/**
 * Exponentiated gradient over any learner; the result is a mixture of the learners it trained.
 *
 * @example
 * ```ts
 * const eg = new ExponentiatedGradient({ learner: () => new LogisticRegression(), constraint: 'demographic_parity' });
 * await eg.fit(X, y, { features: { sex }, sensitiveFeatures: 'sex' });
 * const yHat = await eg.predict(Xtest, { seed: 0 });
 * eg.pareto; // accuracy/disparity of the classifiers it explored (training data)
 * ```
 */
export class ExponentiatedGradient<X> {
  readonly options: ExponentiatedGradientOptions<X>;
  predictors: Learner<X>[] = [];
  /** Mixture weight of each predictor (sums to 1). */
  weights: Float64Array = new Float64Array(0);
  iterations: ReductionIteration[] = [];
  /** Every classifier and mixture explored, evaluated on the training data. */
  explored: ParetoPoint[] = [];
  /** The non-dominated part of `explored`. */
  pareto: ParetoPoint[] = [];

  constructor(options: ExponentiatedGradientOptions<X>) {
    this.options = options;
  }

  async fit(X: X, y: Column, data: ReductionFitOptions): Promise<this> {
    const n = y.length;
    const eps = this.options.eps ?? 0.01;
    if (!(eps > 0)) throw new UsageError('INVALID_OPTION', `eps must be > 0, got ${eps}.`, { eps });
    const bound = this.options.bound ?? 1 / eps;
    const yb = binarize(y, resolvePosLabel([y], data.posLabel));
    const w = resolveWeights(data.sampleWeight, n);
    const groups = groupRows(data.features, data.sensitiveFeatures, n);
    const moment = new ParityMoment(this.options.constraint, yb, groups.assignment, groups.groups.length, w);
    const k = moment.size;
    let wTotal = 0;
    for (let i = 0; i < n; i++) wTotal += w[i]!;
    const errorOf = (pred: Float64Array): number => {
      let e = 0;
      for (let i = 0; i < n; i++) e += (w[i]! * Math.abs(pred[i]! - yb[i]!)) / wTotal;
      return e;
    };
    const signedGamma = (pred: Float64Array): Float64Array => {
      const g = moment.gamma(pred);
      return Float64Array.from({ length: 2 * k }, (_, j) => (j < k ? g[j]! : -g[j - k]!));
    };
    const candidates: Candidate<X>[] = [];
    const lagrangian = (c: Candidate<X>, lambda: Float64Array): number => c.error + dot(c.gamma, lambda);
    const bestH = async (lambda: Float64Array, iteration: number): Promise<number> => {
      const signed = Float64Array.from({ length: k }, (_, j) => lambda[j]! - lambda[j + k]!);
      const cw = moment.signedWeights(signed);
      const redY = new Float64Array(n), redW = new Float64Array(n);
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const s = (w[i]! * (2 * yb[i]! - 1)) / wTotal + cw[i]!;
        redY[i] = s > 0 ? 1 : 0;
        redW[i] = Math.abs(s);
        sum += redW[i]!;
      }
      if (sum > 0) for (let i = 0; i < n; i++) redW[i] = (redW[i]! * n) / sum;
      const learner = this.options.learner();
      await learner.fit(X, redY, redW);
      const pred = await learner.predict(X);
      const c: Candidate<X> = { learner, pred, error: errorOf(pred), gamma: signedGamma(pred), iteration };
      let best = -1, bestValue = Infinity;
      candidates.forEach((old, idx) => {
        const v = lagrangian(old, lambda);
        if (v < bestValue) {
          best = idx;
          bestValue = v;
        }
      });
      if (lagrangian(c, lambda) < bestValue - 1e-8) {
        candidates.push(c);
        return candidates.length - 1;
      }
      return best;
    };
    const evalQ = (q: Float64Array): { error: number; gamma: Float64Array; pred: Float64Array } => {
      const pred = new Float64Array(n);
      let error = 0;
      const gamma = new Float64Array(2 * k);
      q.forEach((qh, h) => {
        if (qh === 0) return;
        const c = candidates[h]!;
        error += qh * c.error;
        for (let j = 0; j < 2 * k; j++) gamma[j]! += qh * c.gamma[j]!;
        for (let i = 0; i < n; i++) pred[i]! += qh * c.pred[i]!;
      });
      return { error, gamma, pred };
    };
    const evalGap = async (q: Float64Array, lambda: Float64Array, t: number): Promise<{ gap: number }> => {
      const Q = evalQ(q);
      const bounds = Q.gamma.map((g) => g - eps);
      const L = Q.error + dot(lambda, bounds);
      const LHigh = Q.error + bound * Math.max(0, ...bounds);
      const low = candidates[await bestH(lambda, t)]!;
      const LLow = low.error + dot(lambda, low.gamma.map((g) => g - eps));
      return { gap: Math.max(L - LLow, LHigh - L) };
    };
    let lp: { size: number; q: Float64Array; gap: number } | undefined;
    const maxIter = this.options.maxIter ?? 50;
    const theta = new Float64Array(2 * k);
    const lambdaSum = new Float64Array(2 * k);
    const counts: number[] = [];
    let nu = this.options.nu ?? Number.NaN;
    let eta = (this.options.eta0 ?? 2) / bound;
    let lastRegretChecked = 5, lastGap = Infinity;
    let bestGap = Infinity;
    let bestQ: Float64Array = new Float64Array(0);
    const gapsEG: number[] = [];
    for (let t = 0; t < maxIter; t++) {
      const expSum = theta.reduce((s, v) => s + Math.exp(v), 1);
      const lambda = theta.map((v) => (bound * Math.exp(v)) / expSum);
      for (let j = 0; j < 2 * k; j++) lambdaSum[j]! += lambda[j]!;
      const lambdaEG = lambdaSum.map((v) => v / (t + 1));
      const h = await bestH(lambda, t);
      if (t === 0 && Number.isNaN(nu)) {
        const d = candidates[h]!.pred.map((p, i) => Math.abs(p - yb[i]!));
        const mean = d.reduce((a, b) => a + b, 0) / n;
        nu = (0.5 * Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, n - 1))) / Math.sqrt(n);
      }
      counts[h] = (counts[h] ?? 0) + 1;
      const qEG = Float64Array.from({ length: candidates.length }, (_, i) => (counts[i] ?? 0) / (t + 1));
      const eg = await evalGap(qEG, lambdaEG, t);
      gapsEG.push(eg.gap);
      let chosen: { q: Float64Array; gap: number } = { q: qEG, ...eg };
      if (t > 0 && this.options.linearProgram !== false) {
        if (lp === undefined || lp.size !== candidates.length) {
          const sol = solveMixtureLp(candidates.map((c) => c.error), candidates.map((c) => c.gamma), eps, bound);
          lp = { size: candidates.length, q: sol.q, ...(await evalGap(sol.q, sol.lambda, t)) };
        }
        if (lp.gap < chosen.gap) chosen = lp;
      }
      const gap = chosen.gap;
      const Q = evalQ(chosen.q);
      const disparity = moment.disparity(Q.pred);
      this.iterations.push({ iteration: t, gap, error: Q.error, disparity });
      this.explored.push({ parameter: t, accuracy: 1 - Q.error, disparity, label: `mixture after ${t + 1} iterations` });
      if (gap < bestGap) {
        bestGap = gap;
        bestQ = chosen.q;
      }
      if (gap < nu && t >= 5) break;
      if (t >= lastRegretChecked * 1.6) {
        const best = Math.min(...gapsEG);
        if (best > lastGap * 0.8) eta *= 0.8;
        lastRegretChecked = t;
        lastGap = best;
      }
      const gamma = candidates[h]!.gamma;
      for (let j = 0; j < 2 * k; j++) theta[j]! += eta * (gamma[j]! - eps);
    }
    candidates.forEach((c) => this.explored.push({ parameter: c.iteration, accuracy: 1 - c.error, disparity: moment.disparity(c.pred), label: `best response of iteration ${c.iteration}` }));
    this.pareto = paretoFront(this.explored);
    const keep = [...bestQ.keys()].filter((i) => bestQ[i]! > 1e-9);
    const kept = keep.reduce((sum, i) => sum + bestQ[i]!, 0);
    this.predictors = keep.map((i) => candidates[i]!.learner);
    this.weights = Float64Array.from(keep, (i) => bestQ[i]! / kept);
    return this;
  }

  /**
   * Probability that the randomized classifier predicts 1, per row.
   * @example `await eg.predictProba(X)`
   */
  async predictProba(X: X): Promise<Float64Array> {
    if (this.predictors.length === 0) throw new UsageError('NOT_FITTED', 'ExponentiatedGradient: predictProba was called before fit; call fit(X, y, { sensitiveFeatures }) first.', { learner: 'ExponentiatedGradient', method: 'predictProba' });
    let out: Float64Array | undefined;
    for (const [h, p] of this.predictors.entries()) {
      const pred = await p.predict(X);
      out ??= new Float64Array(pred.length);
      for (let i = 0; i < pred.length; i++) out[i]! += this.weights[h]! * pred[i]!;
    }
    return out!;
  }

  /**
   * Randomized 0/1 predictions (seeded, default seed 0).
   * @example `await eg.predict(X, { seed: 1 })`
   */
  async predict(X: X, options: { readonly seed?: number } = {}): Promise<Uint8Array> {
    const rng = new Rng(options.seed ?? 0);
    return Uint8Array.from(await this.predictProba(X), (p) => (rng.uniform() < p ? 1 : 0));
  }
}
