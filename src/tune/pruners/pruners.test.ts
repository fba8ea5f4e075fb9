import { describe, it, expect } from 'vitest';
import { isKeelError } from '../../core/index.js';
import type { FrozenTrial, StudySnapshot, TrialState } from '../trial/index.js';
import {
  HyperbandPruner, MedianPruner, PatientPruner, PercentilePruner, SuccessiveHalvingPruner, hyperbandBrackets, percentileOf, rungSteps,
} from './index.js';

function mk(number: number, steps: readonly (readonly [number, number])[], state: TrialState = 'COMPLETE'): FrozenTrial {
  return Object.freeze({
    trialId: number + 1, number, state, values: null, params: {}, distributions: {}, intermediateValues: steps,
    userAttrs: {}, systemAttrs: {}, startedAt: 0, completedAt: null, heartbeatAt: null,
  });
}
function study(trials: readonly FrozenTrial[]): StudySnapshot {
  return { studyName: 's', directions: ['minimize'], trials };
}

describe('golden schedules', () => {
  it('successive-halving rung steps', () => {
    const table: [number, number, number, number | undefined, number[]][] = [
      // minResource, η, s, maxResource → rung steps
      [1, 4, 0, undefined, [1, 4, 16, 64, 256]],
      [1, 3, 0, 81, [1, 3, 9, 27]],
      [2, 2, 1, 64, [4, 8, 16, 32]],
      [5, 3, 2, 1000, [45, 135, 405]],
      [1, 3, 4, 81, []],
    ];
    for (const [minResource, reductionFactor, minEarlyStoppingRate, maxResource, expected] of table) {
      const steps = rungSteps({ minResource, reductionFactor, minEarlyStoppingRate, bootstrapCount: 0, maxResource }, 5);
      expect(steps).toEqual(expected);
    }
  });

  it('Hyperband brackets for R = 81, η = 3 (Li et al. 2018, Table 1)', () => {
    const table = hyperbandBrackets({ minResource: 1, maxResource: 81, reductionFactor: 3 }).map((b) => [b.trialBudget, b.rungs.map((r) => [r.resource, r.trials])]);
    expect(table).toEqual([
      [81, [[1, 81], [3, 27], [9, 9], [27, 3], [81, 1]]],
      [34, [[3, 34], [9, 11], [27, 3], [81, 1]]],
      [15, [[9, 15], [27, 5], [81, 1]]],
      [8, [[27, 8], [81, 2]]],
      [5, [[81, 5]]],
    ]);
  });

  it('Hyperband brackets for R = 27, η = 3 and R = 16, η = 2', () => {
    expect(hyperbandBrackets({ minResource: 1, maxResource: 27, reductionFactor: 3 }).map((b) => [b.trialBudget, b.rungs.map((r) => [r.resource, r.trials])])).toEqual([
      [27, [[1, 27], [3, 9], [9, 3], [27, 1]]],
      [12, [[3, 12], [9, 4], [27, 1]]],
      [6, [[9, 6], [27, 2]]],
      [4, [[27, 4]]],
    ]);
    expect(hyperbandBrackets({ minResource: 1, maxResource: 16, reductionFactor: 2 }).map((b) => b.trialBudget)).toEqual([16, 10, 7, 5, 5]); // ⌈5·2^s/(s+1)⌉ for s = 4..0
  });

  it('Hyperband pruner checks each bracket on its own rungs and spreads trials by budget', () => {
    const p = new HyperbandPruner({ minResource: 1, maxResource: 81, reductionFactor: 3 });
    expect([0, 1, 2, 3, 4].map((i) => p.rungStepsOf(i))).toEqual([[1, 3, 9, 27], [3, 9, 27], [9, 27], [27], []]);
    const counts = [0, 0, 0, 0, 0];
    for (let n = 0; n < 14300; n++) counts[p.bracketOf('s', n)]!++;
    const budgets = [81, 34, 15, 8, 5];
    counts.forEach((c, i) => {
      expect(c / 14300).toBeCloseTo(budgets[i]! / 143, 1);
    });
    expect(p.bracketOf('s', 7)).toBe(p.bracketOf('s', 7));
  });
});

describe('PercentilePruner / MedianPruner', () => {
  const done = [1, 2, 3, 4, 5].map((v, i) => mk(i, [[0, v], [1, v]]));
  it('prunes above the median at the same step', () => {
    const p = new MedianPruner();
    expect(p.prune(study(done), mk(9, [[0, 4]], 'RUNNING'))).toBe(true);
    expect(p.prune(study(done), mk(9, [[0, 2]], 'RUNNING'))).toBe(false);
  });
  it('honours startup trials, warm-up and interval steps', () => {
    expect(new MedianPruner({ nStartupTrials: 6 }).prune(study(done), mk(9, [[0, 4]], 'RUNNING'))).toBe(false);
    expect(new MedianPruner({ nWarmupSteps: 1 }).prune(study(done), mk(9, [[0, 4]], 'RUNNING'))).toBe(false);
    expect(new MedianPruner({ nWarmupSteps: 1 }).prune(study(done), mk(9, [[0, 4], [1, 4]], 'RUNNING'))).toBe(true);
    expect(new MedianPruner({ intervalSteps: 2 }).prune(study(done), mk(9, [[0, 1], [1, 4]], 'RUNNING'))).toBe(false);
  });
  it('uses NumPy percentiles and validates', () => {
    expect(percentileOf([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentileOf([1, 2, 3, 4, 5], 25)).toBe(2);
    expect(new PercentilePruner(25).prune(study(done), mk(9, [[0, 2.5]], 'RUNNING'))).toBe(true);
    expect(() => new PercentilePruner(120)).toThrowError(expect.objectContaining({ code: 'INVALID_OPTION' }) as Error);
  });
  it('prunes a trial whose values are all NaN', () => {
    expect(new MedianPruner().prune(study(done), mk(9, [[0, Number.NaN]], 'RUNNING'))).toBe(true);
  });
});

describe('SuccessiveHalvingPruner (ASHA)', () => {
  const p = new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 2 });
  const first = mk(0, [[1, 0.5], [2, 0.4], [4, 0.3]]);
  it('promotes only the top 1/η at each rung, checked when the rung is crossed', () => {
    expect(p.prune(study([first]), mk(1, [[1, 0.9]], 'RUNNING'))).toBe(true);
    expect(p.prune(study([first]), mk(1, [[1, 0.1]], 'RUNNING'))).toBe(false);
    // Rung 1 was passed before; at step 2 only rung 2 is checked.
    expect(p.prune(study([first]), mk(1, [[1, 0.9], [2, 0.35]], 'RUNNING'))).toBe(false);
    expect(p.prune(study([first]), mk(1, [[1, 0.1], [2, 5]], 'RUNNING'))).toBe(true);
    // Between rungs nothing is checked.
    expect(p.prune(study([first]), mk(1, [[1, 0.1], [2, 0.1], [3, 99]], 'RUNNING'))).toBe(false);
  });
  it('keeps the best quarter once enough trials reached a rung', () => {
    const eta4 = new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 4 });
    const peers = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7].map((v, i) => mk(i, [[1, v]]));
    expect(eta4.prune(study(peers), mk(8, [[1, 0.15]], 'RUNNING'))).toBe(false);
    expect(eta4.prune(study(peers), mk(8, [[1, 0.25]], 'RUNNING'))).toBe(true);
  });
  it('estimates minResource from the first completed trial', () => {
    const auto = new SuccessiveHalvingPruner({ reductionFactor: 2 });
    expect(auto.prune(study([]), mk(0, [[1, 9]], 'RUNNING'))).toBe(false);
    const long = mk(0, Array.from({ length: 300 }, (_, s) => [s, 1] as const));
    expect(auto.prune(study([long]), mk(1, [[3, 9]], 'RUNNING'))).toBe(true);
    expect(auto.prune(study([long]), mk(1, [[2, 9]], 'RUNNING'))).toBe(false);
  });
  it('validates its options', () => {
    for (const bad of [{ reductionFactor: 1 }, { minResource: 0 }, { bootstrapCount: -1 }, { maxResource: 0.5 }]) {
      let code: string | undefined;
      try {
        new SuccessiveHalvingPruner(bad);
      } catch (e) {
        code = isKeelError(e) ? e.code : undefined;
      }
      expect(code).toBe('INVALID_OPTION');
    }
  });
});

describe('PatientPruner', () => {
  it('prunes only after `patience` steps without improvement, deferring to the wrapped pruner', () => {
    const alone = new PatientPruner(null, { patience: 2 });
    expect(alone.prune(study([]), mk(0, [[0, 1], [1, 2], [2, 3], [3, 4]], 'RUNNING'))).toBe(true);
    expect(alone.prune(study([]), mk(0, [[0, 3], [1, 2], [2, 1], [3, 0.5]], 'RUNNING'))).toBe(false);
    expect(alone.prune(study([]), mk(0, [[0, 1], [1, 2], [2, 3]], 'RUNNING'))).toBe(false);
    const never = new PatientPruner({ name: 'never', prune: () => false }, { patience: 1 });
    expect(never.prune(study([]), mk(0, [[0, 1], [1, 2], [2, 3]], 'RUNNING'))).toBe(false);
  });
});
