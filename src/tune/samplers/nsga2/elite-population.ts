import type { FrozenTrial, StudyDirection } from '../../trial/index.js';
import { constrainedDominates } from '../constraints.js';

/**
 * Fronts of a population by (constrained) domination: front 0 is dominated by no one, front 1
 * only by front 0, and so on. O(n²) comparisons.
 * @example `fronts(trials, ['minimize', 'minimize'], false)[0]`
 */
export function fronts(population: readonly FrozenTrial[], directions: readonly StudyDirection[], constrained: boolean): FrozenTrial[][] {
  const n = population.length;
  const dominatedBy = new Array<number>(n).fill(0);
  const beats: number[][] = population.map(() => []);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (constrainedDominates(population[i]!, population[j]!, directions, constrained)) {
        beats[i]!.push(j);
        dominatedBy[j]!++;
      } else if (constrainedDominates(population[j]!, population[i]!, directions, constrained)) {
        beats[j]!.push(i);
        dominatedBy[i]!++;
      }
    }
  }
  const out: FrozenTrial[][] = [];
  let current = [...Array(n).keys()].filter((i) => dominatedBy[i] === 0);
  while (current.length > 0) {
    out.push(current.map((i) => population[i]!));
    const next: number[] = [];
    for (const i of current) for (const j of beats[i]!) if (--dominatedBy[j]! === 0) next.push(j);
    current = next;
  }
  return out;
}

/**
 * Crowding distance of each member of a front: per objective, the gap between its two sorted
 * neighbours over the objective's range, summed; the extremes get +∞. Objectives on which the
 * whole front is equal add nothing.
 * @example `crowdingDistances(front)`
 */
export function crowdingDistances(front: readonly FrozenTrial[]): Map<FrozenTrial, number> {
  const distance = new Map<FrozenTrial, number>(front.map((t) => [t, 0]));
  const objectives = front[0]?.values?.length ?? 0;
  for (let m = 0; m < objectives; m++) {
    const sorted = [...front].sort((a, b) => a.values![m]! - b.values![m]! || a.number - b.number);
    const lo = sorted[0]!.values![m]!;
    const hi = sorted[sorted.length - 1]!.values![m]!;
    if (!(hi > lo)) continue;
    const width = Number.isFinite(hi - lo) ? hi - lo : 1;
    sorted.forEach((t, i) => {
      const gap = i === 0 || i === sorted.length - 1 ? Infinity : (sorted[i + 1]!.values![m]! - sorted[i - 1]!.values![m]!) / width;
      distance.set(t, distance.get(t)! + gap);
    });
  }
  return distance;
}

/**
 * NSGA-II's survivor selection: whole fronts while they fit, then the least crowded members of
 * the front that does not (largest crowding distance first), `size` trials in all.
 * @example `selectElite([...parents, ...children], 50, directions, false)`
 */
export function selectElite(population: readonly FrozenTrial[], size: number, directions: readonly StudyDirection[], constrained: boolean): FrozenTrial[] {
  const elite: FrozenTrial[] = [];
  for (const front of fronts(population, directions, constrained)) {
    if (elite.length + front.length <= size) {
      elite.push(...front);
      if (elite.length === size) break;
      continue;
    }
    const d = crowdingDistances(front);
    elite.push(...[...front].sort((a, b) => d.get(b)! - d.get(a)! || a.number - b.number).slice(0, size - elite.length));
    break;
  }
  return elite;
}
