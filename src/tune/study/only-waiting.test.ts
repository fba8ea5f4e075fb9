import { describe, it, expect } from 'vitest';
import { isKeelError } from '../../core/index.js';
import { createPruner, createSampler, PRUNER_NAMES, SAMPLER_NAMES } from '../index.js';
import { InMemoryStorage } from '../storages/index.js';
import { createStudy } from './index.js';

describe('reserved trial budgets (optimize with onlyWaiting)', () => {
  it('runs exactly the reserved trials, shared by concurrent workers, and leaves other trials alone', async () => {
    const storage = new InMemoryStorage();
    const study = await createStudy({ storage, studyName: 'b', sampler: createSampler('random', { seed: 0 }) });
    await study.enqueueTrial({ x: 0.5 });
    await study.reserveTrials(9);
    let calls = 0;
    const objective = (t: { suggestFloat(n: string, lo: number, hi: number): number }): number => {
      calls++;
      return t.suggestFloat('x', 0, 1);
    };
    await Promise.all([study.optimize(objective, { onlyWaiting: true, concurrency: 3 }), study.optimize(objective, { onlyWaiting: true })]);
    expect(calls).toBe(10);
    const trials = await study.getTrials();
    expect(trials.map((t) => t.state)).toEqual(Array<string>(10).fill('COMPLETE'));
    expect(trials[0]!.params['x']).toBe(0.5);
    expect(trials.slice(1).every((t) => t.systemAttrs['reserved'] === true)).toBe(true);
    // Nothing is waiting any more: a further call returns at once without creating trials.
    await study.optimize(objective, { onlyWaiting: true });
    expect(await study.getTrials()).toHaveLength(10);
    expect(await study.askWaiting()).toBeUndefined();
  });

  it('rejects a negative budget', async () => {
    const study = await createStudy();
    await expect(study.reserveTrials(-1)).rejects.toMatchObject({ code: 'INVALID_OPTION' });
  });
});

describe('sampler and pruner registries', () => {
  it('builds every named sampler and pruner, and names the valid ones on a typo', () => {
    for (const name of SAMPLER_NAMES) expect(createSampler(name, { seed: 1, gridSearchSpace: { x: [1, 2] } }).name).toBe(name);
    for (const name of PRUNER_NAMES) expect(typeof createPruner(name, { maxResource: 9 }).prune).toBe('function');
    const codeOf = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (e) {
        return isKeelError(e) ? e.code : 'NOT_KEEL';
      }
      return undefined;
    };
    expect(codeOf(() => createSampler('anneal'))).toBe('UNKNOWN_SAMPLER');
    expect(codeOf(() => createSampler('grid'))).toBe('GRID_SPACE_MISSING');
    expect(codeOf(() => createPruner('hyperband'))).toBe('MAX_RESOURCE_MISSING');
    expect(codeOf(() => createPruner('sometimes'))).toBe('UNKNOWN_PRUNER');
  });
});
