import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import type { FrozenTrial, StudyDirection, StudySnapshot, TrialState } from '../trial/index.js';
import type { Pruner } from './index.js';
import {
  HyperbandPruner, MedianPruner, NopPruner, PatientPruner, PercentilePruner, SuccessiveHalvingPruner, ThresholdPruner,
} from './index.js';

/** A frozen trial with the given intermediate values. */
function mkTrial(number: number, steps: readonly (readonly [number, number])[], state: TrialState = 'COMPLETE'): FrozenTrial {
  const last = steps.at(-1);
  return Object.freeze({
    trialId: number + 1, number, state, values: state === 'COMPLETE' && last !== undefined ? Object.freeze([last[1]]) : null,
    params: Object.freeze({}), distributions: Object.freeze({}),
    intermediateValues: Object.freeze(steps.map((s) => Object.freeze([s[0], s[1]] as const))),
    userAttrs: Object.freeze({}), systemAttrs: Object.freeze({}), startedAt: 0, completedAt: null, heartbeatAt: null,
  });
}

function mkStudy(trials: readonly FrozenTrial[], direction: StudyDirection = 'minimize'): StudySnapshot {
  return Object.freeze({ studyName: 'conformance', directions: Object.freeze([direction]), trials: Object.freeze(trials.slice()) });
}

const history = fc.array(fc.array(fc.oneof(fc.double({ min: -100, max: 100, noNaN: true }), fc.constant(Number.NaN)), { minLength: 1, maxLength: 12 }), { minLength: 0, maxLength: 12 });

function toTrials(values: readonly (readonly number[])[], negate: boolean): FrozenTrial[] {
  return values.map((vs, i) => mkTrial(i, vs.map((v, s) => [s, negate ? -v : v] as const), 'COMPLETE'));
}

/**
 * The shared pruner conformance suite: no reports means no pruning, decisions are pure
 * (frozen inputs, same answer twice), any history with NaNs is handled, and — for relative
 * pruners — minimising values equals maximising their negation.
 */
function prunerConformance(label: string, make: () => Pruner, options: { readonly symmetric?: boolean } = {}): void {
  describe(`pruner conformance: ${label}`, () => {
    it('has a name and never prunes a trial without reports', () => {
      const p = make();
      expect(p.name.length).toBeGreaterThan(0);
      const done = toTrials([[1, 2, 3], [2, 3, 4], [0, 1, 2], [5, 5, 5], [1, 1, 1], [3, 2, 1]], false);
      expect(p.prune(mkStudy(done), mkTrial(99, [], 'RUNNING'))).toBe(false);
    });

    it('is pure and total over arbitrary histories (NaN included)', () => {
      fc.assert(fc.property(history, fc.array(fc.oneof(fc.double({ min: -100, max: 100, noNaN: true }), fc.constant(Number.NaN)), { minLength: 1, maxLength: 12 }), (past, own) => {
        const p = make();
        const trial = mkTrial(past.length, own.map((v, s) => [s, v] as const), 'RUNNING');
        const study = mkStudy([...toTrials(past, false), trial]);
        const first = p.prune(study, trial);
        expect(typeof first).toBe('boolean');
        expect(p.prune(study, trial)).toBe(first);
      }), { numRuns: 150 });
    });

    if (options.symmetric !== false) {
      it('treats maximize(-v) exactly like minimize(v)', () => {
        fc.assert(fc.property(history, fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 1, maxLength: 12 }), (past, own) => {
          const decide = (negate: boolean): boolean => {
            const trial = mkTrial(past.length, own.map((v, s) => [s, negate ? -v : v] as const), 'RUNNING');
            return make().prune(mkStudy([...toTrials(past, negate), trial], negate ? 'maximize' : 'minimize'), trial);
          };
          expect(decide(true)).toBe(decide(false));
        }), { numRuns: 150 });
      });
    }
  });
}

prunerConformance('NopPruner', () => new NopPruner());
prunerConformance('MedianPruner', () => new MedianPruner({ nStartupTrials: 2 }));
prunerConformance('PercentilePruner(25)', () => new PercentilePruner(25, { nStartupTrials: 1, nWarmupSteps: 1, intervalSteps: 2 }));
prunerConformance('SuccessiveHalvingPruner', () => new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 2 }));
prunerConformance('SuccessiveHalvingPruner auto', () => new SuccessiveHalvingPruner());
prunerConformance('HyperbandPruner', () => new HyperbandPruner({ minResource: 1, maxResource: 9, reductionFactor: 3 }));
prunerConformance('PatientPruner(Median)', () => new PatientPruner(new MedianPruner({ nStartupTrials: 1 }), { patience: 2 }));
prunerConformance('PatientPruner alone', () => new PatientPruner(null, { patience: 1, minDelta: 0.5 }));
prunerConformance('ThresholdPruner', () => new ThresholdPruner({ lower: -50, upper: 50 }), { symmetric: false });
