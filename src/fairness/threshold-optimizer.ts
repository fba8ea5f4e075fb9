/**
 * Post-processing by group-specific randomized thresholds (Hardt, Price & Srebro, 2016): given
 * scores of any model, choose per-group thresholds that satisfy demographic parity or equalized
 * odds at the best achievable accuracy.
 * @module
 */
import { DataError, UsageError, Rng } from '../core/index.js';
import { groupRows, type GroupIndex } from './groups.js';
import { ParityMoment, type ParityConstraint } from './moments.js';
import { paretoFront } from './pareto.js';
import { groupCurves, hullArgmax, hullAt, upperHull, type CurvePoint, type GroupCurves, type HullPosition } from './roc-hull.js';
import { binarize, checkLength, resolvePosLabel, resolveWeights } from './validation.js';
import type { Column, FeatureTable, Label, MitigationFitOptions, ParetoPoint } from './types.js';

/**
 * A group's randomized rule: P(ŷ = 1 | s) = Σ weight·1[s ≥ threshold] + constantWeight·constant.
 */
export interface GroupPolicy {
  readonly thresholds: readonly { readonly threshold: number; readonly weight: number }[];
  readonly constantWeight: number;
  readonly constant: number;
}

/** The fitted state of a {@link ThresholdOptimizer} as plain JSON (see `toJSON` / `fromJSON`). */
export interface ThresholdOptimizerState {
  readonly constraint: ParityConstraint;
  readonly sensitiveFeatures: readonly string[];
  /** Levels of each sensitive feature seen in fit. */
  readonly categories: Readonly<Record<string, readonly Label[]>>;
  /** Policy per group label. */
  readonly policies: Readonly<Record<string, GroupPolicy>>;
}

/** Options of {@link ThresholdOptimizer}. */
export interface ThresholdOptimizerOptions {
  readonly constraint: ParityConstraint;
  /** Allowed disparity of the chosen rule on the training data (default 0). */
  readonly tolerance?: number;
  /** Grid resolution of the search (default 1000). */
  readonly gridSize?: number;
  /** Tolerances (demographic parity) or mixing weights (equalized odds) of the explored curve. */
  readonly curve?: readonly number[];
}

/** Data options of {@link ThresholdOptimizer.fit}: the one {@link MitigationFitOptions}. */
export type PostProcessingFitOptions = MitigationFitOptions;

const DEFAULT_CURVE = [0, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 1];

const fromHull = (pos: HullPosition): GroupPolicy => ({
  thresholds: [
    { threshold: pos.lower.threshold, weight: pos.weightLower },
    { threshold: pos.upper.threshold, weight: 1 - pos.weightLower },
  ],
  constantWeight: 0,
  constant: 0,
});

function mix(a: GroupPolicy, b: GroupPolicy, alpha: number): GroupPolicy {
  const scale = (p: GroupPolicy, s: number): GroupPolicy['thresholds'] => p.thresholds.map((t) => ({ threshold: t.threshold, weight: s * t.weight }));
  const cw = (1 - alpha) * a.constantWeight + alpha * b.constantWeight;
  return {
    thresholds: [...scale(a, 1 - alpha), ...scale(b, alpha)],
    constantWeight: cw,
    constant: cw > 0 ? ((1 - alpha) * a.constantWeight * a.constant + alpha * b.constantWeight * b.constant) / cw : 0,
  };
}

/**
 * Group-specific randomized thresholds for demographic parity or equalized odds.
 *
 * @example
 * ```ts
 * const to = new ThresholdOptimizer({ constraint: 'demographic_parity' });
 * to.fit(trainScores, yTrain, { features: { sex: sexTrain }, sensitiveFeatures: 'sex' });
 * const yHat = to.predict(testScores, { features: { sex: sexTest }, seed: 0 });
 * to.pareto; // accuracy vs. disparity on the training data, one point per tolerance
 * ```
 */
export class ThresholdOptimizer {
  readonly options: ThresholdOptimizerOptions;
  /** Policy per group label. */
  policies = new Map<string, GroupPolicy>();
  explored: ParetoPoint[] = [];
  pareto: ParetoPoint[] = [];
  private groupIndex: GroupIndex | undefined;

  constructor(options: ThresholdOptimizerOptions) {
    this.options = options;
  }

  fit(scores: Column<number>, yTrue: Column, data: PostProcessingFitOptions): this {
    const n = yTrue.length;
    checkLength('scores', scores, n);
    const s = Float64Array.from({ length: n }, (_, i) => scores[i]!);
    const bad = s.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new DataError('NON_FINITE_SCORE', `scores[${bad}] is ${s[bad]}; scores must be finite numbers (replace or drop that row).`, { row: bad, value: s[bad] });
    const y = binarize(yTrue, resolvePosLabel([yTrue], data.posLabel));
    const w = resolveWeights(data.sampleWeight, n);
    const groups = groupRows(data.features, data.sensitiveFeatures, n);
    this.groupIndex = groups;
    const curves = new Map<string, GroupCurves>();
    groups.groups.forEach((g, k) => {
      const rows = [...groups.assignment.keys()].filter((i) => groups.assignment[i] === k);
      if (rows.length === 0) return;
      const c = groupCurves(Float64Array.from(rows, (i) => s[i]!), Uint8Array.from(rows, (i) => y[i]!), Float64Array.from(rows, (i) => w[i]!));
      if (this.options.constraint === 'equalized_odds' && (c.positives === 0 || c.negatives === 0)) {
        throw new DataError('GROUP_WITHOUT_LABEL', `Group ${g.label} has no ${c.positives === 0 ? 'positive' : 'negative'} rows, so its TPR/FPR are undefined; equalized odds cannot be enforced.`, { group: g.label });
      }
      curves.set(g.label, c);
    });
    const moment = new ParityMoment(this.options.constraint, y, groups.assignment, groups.groups.length, w);
    const evaluate = (policies: Map<string, GroupPolicy>, parameter: number, label: string): ParetoPoint => {
      const p = this.proba(s, groups.assignment, groups, policies);
      let correct = 0, total = 0;
      for (let i = 0; i < n; i++) {
        correct += w[i]! * (y[i] === 1 ? p[i]! : 1 - p[i]!);
        total += w[i]!;
      }
      return { parameter, accuracy: correct / total, disparity: moment.disparity(p), label };
    };
    const gridSize = this.options.gridSize ?? 1000;
    const tolerance = this.options.tolerance ?? 0;
    const curve = this.options.curve ?? DEFAULT_CURVE;
    if (this.options.constraint === 'demographic_parity') {
      const hulls = new Map([...curves].map(([g, c]) => [g, upperHull(c.selection)]));
      for (const tol of curve) this.explored.push(evaluate(dpPolicies(hulls, tol, gridSize), tol, `tolerance ${tol}`));
      this.policies = dpPolicies(hulls, tolerance, gridSize);
    } else {
      const fair = eoPolicies(curves, gridSize);
      const free = new Map([...curves].map(([g, c]) => [g, fromHull(hullAt(upperHull(c.selection), hullArgmax(upperHull(c.selection)).x))]));
      for (const alpha of curve) {
        const a = Math.min(1, Math.max(0, alpha));
        this.explored.push(evaluate(new Map([...fair].map(([g, p]) => [g, mix(p, free.get(g)!, a)])), a, `mix ${a} of unconstrained thresholds`));
      }
      this.policies = fair;
      if (tolerance > 0) {
        const best = paretoFront(this.explored).filter((p) => p.disparity <= tolerance).pop();
        if (best !== undefined) this.policies = new Map([...fair].map(([g, p]) => [g, mix(p, free.get(g)!, best.parameter)]));
      }
    }
    this.pareto = paretoFront(this.explored);
    return this;
  }

  private proba(s: Float64Array, assignment: Int32Array, groups: GroupIndex, policies: Map<string, GroupPolicy>): Float64Array {
    return s.map((v, i) => {
      const label = groups.groups[assignment[i]!]!.label;
      const pol = policies.get(label);
      if (pol === undefined) {
        throw new DataError('GROUP_UNSEEN', `Row ${i} belongs to group ${label}, which had no rows when the optimizer was fitted.`, { group: label, row: i });
      }
      let p = pol.constantWeight * pol.constant;
      for (const t of pol.thresholds) if (v >= t.threshold) p += t.weight;
      return Math.min(1, p);
    });
  }

  /**
   * Probability of predicting 1 for each row, given its score and sensitive features.
   * @example `to.predictProba(scores, { features: { sex } })`
   */
  predictProba(scores: Column<number>, data: { readonly features: FeatureTable }): Float64Array {
    const fitted = this.groupIndex;
    if (fitted === undefined) throw new UsageError('NOT_FITTED', 'ThresholdOptimizer: predictProba was called before fit; call fit(...) first.', { learner: 'ThresholdOptimizer', method: 'predictProba' });
    const categories: Record<string, Label[]> = {};
    for (const f of fitted.features) categories[f] = [...new Set(fitted.groups.map((g) => g.key[f]!))];
    const groups = groupRows(data.features, fitted.features, scores.length, { categories });
    return this.proba(Float64Array.from({ length: scores.length }, (_, i) => scores[i]!), groups.assignment, groups, this.policies);
  }

  /**
   * The fitted policies as plain JSON, restorable with {@link ThresholdOptimizer.fromJSON}.
   * @example `writeFileSync('thresholds.json', JSON.stringify(to.toJSON()))`
   */
  toJSON(): ThresholdOptimizerState {
    const fitted = this.groupIndex;
    if (fitted === undefined) throw new UsageError('NOT_FITTED', 'ThresholdOptimizer: toJSON was called before fit; call fit(...) first.', { learner: 'ThresholdOptimizer', method: 'toJSON' });
    const categories: Record<string, Label[]> = {};
    for (const f of fitted.features) categories[f] = [...new Set(fitted.groups.map((g) => g.key[f]!))];
    return { constraint: this.options.constraint, sensitiveFeatures: fitted.features, categories, policies: Object.fromEntries(this.policies) };
  }

  /**
   * Restores an optimizer saved with `toJSON` (ready to predict), also after a JSON round trip
   * (which writes the +Infinity threshold as null).
   * @example `const to = ThresholdOptimizer.fromJSON(JSON.parse(text) as ThresholdOptimizerState);`
   */
  static fromJSON(state: ThresholdOptimizerState): ThresholdOptimizer {
    const to = new ThresholdOptimizer({ constraint: state.constraint });
    const empty = Object.fromEntries(state.sensitiveFeatures.map((f) => [f, [] as Label[]]));
    to.groupIndex = groupRows(empty, state.sensitiveFeatures, 0, { categories: state.categories });
    // JSON has no Infinity: the "never positive" threshold (+Infinity, the ROC curve's first point) is saved as null.
    const policy = (p: GroupPolicy): GroupPolicy => ({ ...p, thresholds: p.thresholds.map((t) => ({ weight: t.weight, threshold: typeof t.threshold === 'number' ? t.threshold : Infinity })) });
    to.policies = new Map(Object.entries(state.policies).map(([g, p]) => [g, policy(p)]));
    return to;
  }

  /**
   * Randomized 0/1 predictions (seeded, default seed 0).
   * @example `to.predict(scores, { features: { sex }, seed: 1 })`
   */
  predict(scores: Column<number>, data: { readonly features: FeatureTable; readonly seed?: number }): Uint8Array {
    const rng = new Rng(data.seed ?? 0);
    return Uint8Array.from(this.predictProba(scores, data), (p) => (rng.uniform() < p ? 1 : 0));
  }
}

/** Best selection rates within a band [r, r + tol] shared by all groups. */
function dpPolicies(hulls: Map<string, CurvePoint[]>, tol: number, gridSize: number): Map<string, GroupPolicy> {
  const width = Math.min(1, Math.max(0, tol));
  const peaks = new Map([...hulls].map(([g, h]) => [g, hullArgmax(h).x]));
  const candidates = new Set<number>();
  for (let k = 0; k <= gridSize; k++) candidates.add((k / gridSize) * (1 - width));
  for (const h of hulls.values()) for (const p of h) for (const r of [p.x, p.x - width]) if (r >= 0 && r <= 1 - width) candidates.add(r);
  let bestR = 0, bestValue = -Infinity;
  for (const r of candidates) {
    let v = 0;
    for (const [g, h] of hulls) v += hullAt(h, Math.min(r + width, Math.max(r, peaks.get(g)!))).value;
    if (v > bestValue) {
      bestValue = v;
      bestR = r;
    }
  }
  return new Map([...hulls].map(([g, h]) => [g, fromHull(hullAt(h, Math.min(bestR + width, Math.max(bestR, peaks.get(g)!))))]));
}

/** A common (FPR, TPR) point under every group's ROC hull, chosen for accuracy. */
function eoPolicies(curves: Map<string, GroupCurves>, gridSize: number): Map<string, GroupPolicy> {
  const hulls = new Map([...curves].map(([g, c]) => [g, upperHull(c.roc)]));
  let pos = 0, neg = 0;
  for (const c of curves.values()) {
    pos += c.positives;
    neg += c.negatives;
  }
  const xs = new Set<number>();
  for (let k = 0; k <= gridSize; k++) xs.add(k / gridSize);
  for (const h of hulls.values()) for (const p of h) xs.add(p.x);
  let bestX = 0, bestValue = -Infinity;
  for (const x of xs) {
    const yv = Math.min(...[...hulls.values()].map((h) => hullAt(h, x).value));
    const v = pos * yv + neg * (1 - x);
    if (v > bestValue) {
      bestValue = v;
      bestX = x;
    }
  }
  const target = Math.min(...[...hulls.values()].map((h) => hullAt(h, bestX).value));
  return new Map(
    [...hulls].map(([g, h]) => {
      const at = hullAt(h, bestX);
      const pIgnore = at.value > bestX ? Math.max(0, (at.value - target) / (at.value - bestX)) : 0;
      const base = fromHull(at);
      return [g, { thresholds: base.thresholds.map((t) => ({ threshold: t.threshold, weight: (1 - pIgnore) * t.weight })), constantWeight: pIgnore, constant: bestX }];
    }),
  );
}
