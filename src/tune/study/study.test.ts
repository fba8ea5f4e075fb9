import { describe, it, expect } from 'vitest';
import { UsageError, isKeelError } from '../../core/index.js';
import { NopPruner, ThresholdPruner } from '../pruners/index.js';
import { RandomSampler, TpeSampler } from '../samplers/index.js';
import { InMemoryStorage } from '../storages/index.js';
import { TrialPruned } from '../tune-error.js';
import { createStudy, loadStudy, type Trial } from './index.js';

async function rejectsWith(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return isKeelError(e) ? e.code : `NOT_KEEL: ${String(e)}`;
  }
  return undefined;
}

describe('Study: define-by-run optimisation', () => {
  it('minimises a quadratic and reports the best trial', async () => {
    const study = await createStudy({ sampler: new TpeSampler({ seed: 1 }) });
    await study.optimize((t) => (t.suggestFloat('x', -10, 10) - 2) ** 2, { nTrials: 40 });
    expect(await study.bestValue()).toBeLessThan(1);
    expect((await study.getTrials()).length).toBe(40);
  });

  it('supports ask/tell and conditional, nested spaces', async () => {
    const study = await createStudy({ direction: 'maximize', sampler: new RandomSampler({ seed: 2 }) });
    for (let i = 0; i < 12; i++) {
      const trial = await study.ask();
      const kind = trial.suggestCategorical('kind', ['linear', 'mlp']);
      let score = 0;
      if (kind === 'mlp') {
        const layers = trial.suggestInt('layers', 1, 3);
        for (let l = 0; l < layers; l++) score += trial.suggestInt(`units_${l}`, 8, 64, { log: true });
      } else {
        score = trial.suggestFloat('c', 1e-3, 1, { log: true });
      }
      trial.setUserAttr('kind', kind);
      await study.tell(trial, score);
    }
    const trials = await study.getTrials({ states: ['COMPLETE'] });
    expect(trials).toHaveLength(12);
    for (const t of trials) {
      expect(t.userAttrs['kind']).toBe(t.params['kind']);
      if (t.params['kind'] === 'linear') expect(t.params['layers']).toBeUndefined();
      else expect(Object.keys(t.params).filter((k) => k.startsWith('units_'))).toHaveLength(t.params['layers'] as number);
    }
  });

  it('returns the same value when a parameter is suggested twice with the same range', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 3 }) });
    const trial = await study.ask();
    expect(trial.suggestFloat('x', 0, 1)).toBe(trial.suggestFloat('x', 0, 1));
  });

  it('fails with PARAM_CONFLICT when a parameter is suggested twice with different ranges', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 3 }) });
    const trial = await study.ask();
    trial.suggestFloat('x', 0, 1);
    expect(() => trial.suggestFloat('x', 0, 2)).toThrowError(expect.objectContaining({ code: 'PARAM_CONFLICT' }) as Error);
    expect(() => trial.suggestInt('x', 0, 1)).toThrowError(expect.objectContaining({ code: 'PARAM_CONFLICT' }) as Error);
  });

  it('bad ranges inside an objective fail that trial and the study goes on', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 4 }) });
    let n = 0;
    await study.optimize((t) => {
      n++;
      if (t.number === 0) return t.suggestFloat('x', 1, 0);
      if (t.number === 1) return t.suggestFloat('lr', 0, 1, { log: true });
      return t.suggestFloat('x', 0, 1);
    }, { nTrials: 4, catch: [UsageError] });
    expect(n).toBe(4);
    const trials = await study.getTrials();
    expect(trials.map((t) => t.state)).toEqual(['FAIL', 'FAIL', 'COMPLETE', 'COMPLETE']);
    expect(trials[0]!.systemAttrs['failCode']).toBe('INVALID_RANGE');
    expect(trials[1]!.systemAttrs['failCode']).toBe('INVALID_LOG_RANGE');
  });

  it('re-raises what an objective throws (as Optuna does) after marking the trial FAIL, unless `catch` lists its class', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 5 }) });
    let calls = 0;
    const objective = (t: Trial): number => {
      calls++;
      const x = t.suggestFloat('x', 0, 1);
      if (t.number === 1) throw new RangeError('boom');
      return x;
    };
    await expect(study.optimize(objective, { nTrials: 5 })).rejects.toThrow(RangeError);
    expect(calls).toBe(2);
    expect((await study.getTrials()).map((t) => t.state)).toEqual(['COMPLETE', 'FAIL']);
    // Errors of a listed class (Error covers all) are caught: the trial fails and the study goes on.
    await expect(study.optimize(objective, { nTrials: 2, catch: [TypeError] })).resolves.toBeUndefined();
    await study.optimize((t) => {
      if (t.number === 4) throw new RangeError('boom again');
      return t.suggestFloat('x', 0, 1);
    }, { nTrials: 2, catch: [Error] });
    expect((await study.getTrials()).map((t) => t.state)).toEqual(['COMPLETE', 'FAIL', 'COMPLETE', 'COMPLETE', 'FAIL', 'COMPLETE']);
  });

  it('marks a throwing objective (caught), NaN and wrong-arity results as FAIL and keeps going', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 5 }) });
    await study.optimize((t) => {
      const x = t.suggestFloat('x', 0, 1);
      if (t.number === 0) throw new Error('boom');
      if (t.number === 1) return NaN;
      if (t.number === 2) return [1, 2];
      return x;
    }, { nTrials: 5, catch: [Error] });
    const trials = await study.getTrials();
    expect(trials.map((t) => t.state)).toEqual(['FAIL', 'FAIL', 'FAIL', 'COMPLETE', 'COMPLETE']);
    expect(trials[0]!.systemAttrs['failReason']).toContain('boom');
    expect(trials[1]!.systemAttrs['failCode']).toBe('NAN_OBJECTIVE_VALUE');
    expect(trials[2]!.systemAttrs['failCode']).toBe('BAD_OBJECTIVE_VALUE');
    expect(trials[1]!.params['x']).toBeTypeOf('number');
  });

  it('prunes through report/shouldPrune and TrialPruned', async () => {
    const study = await createStudy({ pruner: new ThresholdPruner({ upper: 5 }), sampler: new RandomSampler({ seed: 6 }) });
    await study.optimize(async (t) => {
      const x = t.suggestFloat('x', 0, 10);
      for (let step = 0; step < 3; step++) {
        await t.report(x + step, step);
        if (t.shouldPrune()) throw new TrialPruned();
      }
      return x;
    }, { nTrials: 20 });
    const trials = await study.getTrials();
    const pruned = trials.filter((t) => t.state === 'PRUNED');
    expect(pruned.length).toBeGreaterThan(0);
    for (const t of pruned) expect(t.values?.[0]).toBe(t.intermediateValues.at(-1)![1]);
    for (const t of trials.filter((tr) => tr.state === 'COMPLETE')) expect(t.params['x']).toBeLessThanOrEqual(3);
  });

  it('finished trials are immutable', async () => {
    const study = await createStudy();
    const trial = await study.ask();
    trial.suggestFloat('x', 0, 1);
    await study.tell(trial, 1);
    expect(await rejectsWith(study.tell(trial, 2))).toBe('TRIAL_FROZEN');
    expect(() => trial.suggestFloat('y', 0, 1)).toThrowError(expect.objectContaining({ code: 'TRIAL_FROZEN' }) as Error);
    expect(await rejectsWith(trial.report(1, 0))).toBe('TRIAL_FROZEN');
    const [frozen] = await study.getTrials();
    expect(Object.isFrozen(frozen)).toBe(true);
  });

  it('runs enqueued trials first with their fixed parameters', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 7 }) });
    await study.enqueueTrial({ x: 0.5, opt: 'sgd' });
    await study.enqueueTrial({ x: 0.5, opt: 'sgd' }, { skipIfExists: true });
    await study.optimize((t) => t.suggestFloat('x', 0, 1) + (t.suggestCategorical('opt', ['adam', 'sgd']) === 'sgd' ? 0 : 1), { nTrials: 3 });
    const trials = await study.getTrials();
    expect(trials).toHaveLength(3);
    expect(trials[0]!.params).toEqual({ x: 0.5, opt: 'sgd' });
  });

  it('multi-objective studies expose the Pareto front', async () => {
    const study = await createStudy({ directions: ['minimize', 'minimize'], sampler: new TpeSampler({ seed: 8, nStartupTrials: 5 }) });
    await study.optimize((t) => {
      const x = t.suggestFloat('x', 0, 1);
      return [x, (1 - x) ** 2];
    }, { nTrials: 25 });
    const front = await study.bestTrials();
    expect(front.length).toBeGreaterThan(0);
    const all = await study.getTrials({ states: ['COMPLETE'] });
    for (const f of front) {
      expect(all.some((o) => o.values![0]! <= f.values![0]! && o.values![1]! <= f.values![1]! && (o.values![0]! < f.values![0]! || o.values![1]! < f.values![1]!))).toBe(false);
    }
    expect(await rejectsWith(study.bestTrial())).toBe('MULTI_OBJECTIVE');
  });

  it('validates options and names', async () => {
    const storage = new InMemoryStorage();
    await createStudy({ studyName: 's', storage });
    expect(await rejectsWith(createStudy({ studyName: 's', storage }))).toBe('STUDY_EXISTS');
    const again = await createStudy({ studyName: 's', storage, loadIfExists: true });
    expect(again.studyName).toBe('s');
    expect(await rejectsWith(loadStudy({ studyName: 'nope', storage }))).toBe('STUDY_NOT_FOUND');
    expect(await rejectsWith(createStudy({ direction: 'minimize', directions: ['maximize'] }))).toBe('DIRECTION_CONFLICT');
    expect(await rejectsWith(createStudy({ storage: 'mysql://x' }))).toBe('INVALID_STORAGE_URL');
    const study = await createStudy({ pruner: new NopPruner() });
    expect(await rejectsWith(study.optimize(() => 1, { nTrials: -1 }))).toBe('INVALID_OPTION');
    expect(await rejectsWith(study.bestTrial())).toBe('NO_COMPLETED_TRIALS');
  });

  it('respects timeout (seconds) and concurrency', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 9 }) });
    let inFlight = 0;
    let peak = 0;
    await study.optimize(async (t) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      // Each trial outlasts the timeout, so the count does not depend on how fast this machine is:
      // the first four start at once (concurrency), and none starts after the 0.5 s deadline.
      await new Promise((r) => setTimeout(r, 1500));
      inFlight--;
      return t.suggestFloat('x', 0, 1);
    }, { timeout: 0.5, concurrency: 4 });
    expect(peak).toBe(4);
    expect((await study.getTrials()).length).toBe(4);
  });

  it('fails trials of dead workers after the heartbeat grace period and re-queues them', async () => {
    const storage = new InMemoryStorage();
    const options = { studyName: 'hb', storage, loadIfExists: true, sampler: new RandomSampler({ seed: 10 }), heartbeat: { intervalMs: 20, gracePeriodMs: 60, requeue: true } } as const;
    const dying = await createStudy(options);
    const orphan = await dying.ask();
    orphan.suggestFloat('x', 0, 1);
    await orphan.flush();
    await dying.close(); // the worker "dies": its heartbeat stops
    await new Promise((r) => setTimeout(r, 120));
    const survivor = await createStudy(options);
    await survivor.optimize((t) => t.suggestFloat('x', 0, 1), { nTrials: 1 });
    const trials = await survivor.getTrials();
    expect(trials[0]!.state).toBe('FAIL');
    expect(trials[0]!.systemAttrs['failCode']).toBe('HEARTBEAT_EXPIRED');
    expect(trials[1]!.state).toBe('COMPLETE');
    expect(trials[1]!.params['x']).toBe(trials[0]!.params['x']);
    expect(trials[1]!.systemAttrs['retriedFrom']).toBe(0);
    await survivor.close();
  });

  it('keeps study user attributes', async () => {
    const study = await createStudy();
    await study.setUserAttr('dataset', 'mnist');
    expect((await study.userAttrs())['dataset']).toBe('mnist');
  });
});
