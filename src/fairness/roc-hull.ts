/**
 * Threshold curves of one group's scores and their upper concave hulls: every point on a hull is
 * reachable by randomizing between two thresholds (its neighbouring vertices).
 * @module
 */

/** A curve vertex reached by predicting 1 for scores ≥ `threshold` (+∞ selects nothing). */
export interface CurvePoint {
  readonly x: number;
  readonly y: number;
  readonly threshold: number;
}

/** A point on a hull as a mix of two vertices. */
export interface HullPosition {
  readonly value: number;
  readonly lower: CurvePoint;
  readonly upper: CurvePoint;
  /** Probability of using `lower`'s threshold. */
  readonly weightLower: number;
}

/** The curves of one group. */
export interface GroupCurves {
  /** x = selection rate, y = weighted number of correct predictions. */
  readonly selection: CurvePoint[];
  /** x = false positive rate, y = true positive rate. */
  readonly roc: CurvePoint[];
  readonly positives: number;
  readonly negatives: number;
}

/**
 * Curves over all thresholds at the distinct scores of a group, from "select nothing" to
 * "select everything".
 * @example `groupCurves(Float64Array.of(0.9, 0.1), Uint8Array.of(1, 0), Float64Array.of(1, 1))`
 */
export function groupCurves(scores: Float64Array, y: Uint8Array, w: Float64Array): GroupCurves {
  const order = [...scores.keys()].sort((a, b) => scores[b]! - scores[a]!);
  let positives = 0, negatives = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] === 1) positives += w[i]!;
    else negatives += w[i]!;
  }
  const total = positives + negatives;
  const selection: CurvePoint[] = [{ x: 0, y: negatives, threshold: Infinity }];
  const roc: CurvePoint[] = [{ x: 0, y: 0, threshold: Infinity }];
  let tp = 0, fp = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    if (y[i] === 1) tp += w[i]!;
    else fp += w[i]!;
    const next = order[k + 1];
    if (next !== undefined && scores[next] === scores[i]) continue;
    const t = scores[i]!;
    selection.push({ x: total > 0 ? (tp + fp) / total : 0, y: tp + negatives - fp, threshold: t });
    roc.push({ x: negatives > 0 ? fp / negatives : 0, y: positives > 0 ? tp / positives : 0, threshold: t });
  }
  return { selection, roc, positives, negatives };
}

/**
 * Upper concave hull of points sorted by increasing x (ties keep the highest y).
 * @example `upperHull([{ x: 0, y: 0, threshold: 1 }, { x: 0.5, y: 0.2, threshold: 0.5 }, { x: 1, y: 1, threshold: 0 }])`
 */
export function upperHull(points: readonly CurvePoint[]): CurvePoint[] {
  const dedup: CurvePoint[] = [];
  for (const p of points) {
    const last = dedup[dedup.length - 1];
    if (last !== undefined && last.x === p.x) {
      if (p.y > last.y) dedup[dedup.length - 1] = p;
    } else dedup.push(p);
  }
  const hull: CurvePoint[] = [];
  for (const p of dedup) {
    while (hull.length >= 2) {
      const o = hull[hull.length - 2]!, a = hull[hull.length - 1]!;
      if ((a.x - o.x) * (p.y - o.y) - (a.y - o.y) * (p.x - o.x) >= 0) hull.pop();
      else break;
    }
    hull.push(p);
  }
  return hull;
}

/**
 * The hull's value at `x` (clamped to its range) and the two vertices to randomize between.
 * @example `hullAt(hull, 0.3).value`
 */
export function hullAt(hull: readonly CurvePoint[], x: number): HullPosition {
  const first = hull[0]!, last = hull[hull.length - 1]!;
  if (x <= first.x) return { value: first.y, lower: first, upper: first, weightLower: 1 };
  if (x >= last.x) return { value: last.y, lower: last, upper: last, weightLower: 1 };
  let lo = 0, hi = hull.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (hull[mid]!.x <= x) lo = mid;
    else hi = mid;
  }
  const a = hull[lo]!, b = hull[hi]!;
  const weightLower = (b.x - x) / (b.x - a.x);
  return { value: weightLower * a.y + (1 - weightLower) * b.y, lower: a, upper: b, weightLower };
}

/**
 * The vertex with the largest y.
 * @example `hullArgmax(hull).x`
 */
export function hullArgmax(hull: readonly CurvePoint[]): CurvePoint {
  return hull.reduce((best, p) => (p.y > best.y ? p : best), hull[0]!);
}
