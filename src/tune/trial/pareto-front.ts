import type { FrozenTrial, StudyDirection } from './frozen-trial.js';

/**
 * True when values `a` dominate `b`: no worse in every objective and better in at least one.
 * @example `dominates([1, 2], [2, 2], ['minimize', 'minimize']) // true`
 */
export function dominates(a: readonly number[], b: readonly number[], directions: readonly StudyDirection[]): boolean {
  let better = false;
  for (let i = 0; i < directions.length; i++) {
    const sign = directions[i] === 'maximize' ? -1 : 1;
    const x = sign * a[i]!;
    const y = sign * b[i]!;
    if (x > y) return false;
    if (x < y) better = true;
  }
  return better;
}

/**
 * Trials with values that no other trial dominates (duplicates of a front point are all kept).
 * @example `paretoFront(completeTrials, ['minimize', 'maximize'])`
 */
export function paretoFront(trials: readonly FrozenTrial[], directions: readonly StudyDirection[]): readonly FrozenTrial[] {
  const scored = trials.filter((t) => t.values !== null && t.values.length === directions.length);
  return scored.filter((t) => !scored.some((o) => o !== t && dominates(o.values!, t.values!, directions)));
}

/**
 * Non-dominated sorting: rank 0 is the Pareto front, rank 1 the front of the rest, and so on.
 * @example `nonDominatedRanks([[1, 2], [2, 3]], ['minimize', 'minimize']) // [0, 1]`
 */
export function nonDominatedRanks(points: readonly (readonly number[])[], directions: readonly StudyDirection[]): number[] {
  const n = points.length;
  const ranks = new Array<number>(n).fill(-1);
  const dominatedBy = new Array<number>(n).fill(0);
  const dominatesList: number[][] = points.map(() => []);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (dominates(points[i]!, points[j]!, directions)) {
        dominatesList[i]!.push(j);
        dominatedBy[j]!++;
      } else if (dominates(points[j]!, points[i]!, directions)) {
        dominatesList[j]!.push(i);
        dominatedBy[i]!++;
      }
    }
  }
  let front = [...Array(n).keys()].filter((i) => dominatedBy[i] === 0);
  let rank = 0;
  while (front.length > 0) {
    const next: number[] = [];
    for (const i of front) {
      ranks[i] = rank;
      for (const j of dominatesList[i]!) if (--dominatedBy[j]! === 0) next.push(j);
    }
    front = next;
    rank++;
  }
  return ranks;
}

/**
 * Area dominated by 2-objective points (both minimised) and bounded by `reference`: the
 * hypervolume indicator of a Pareto front. Points not better than the reference in both
 * objectives add nothing.
 * @example `hypervolume2d([[0, 1], [1, 0]], [2, 2]) // 3`
 */
export function hypervolume2d(points: readonly (readonly number[])[], reference: readonly [number, number]): number {
  const inside = points.filter((p) => p[0]! < reference[0] && p[1]! < reference[1]).sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
  let area = 0;
  let ceiling = reference[1];
  for (const p of inside) {
    if (p[1]! >= ceiling) continue;
    area += (reference[0] - p[0]!) * (ceiling - p[1]!);
    ceiling = p[1]!;
  }
  return area;
}
