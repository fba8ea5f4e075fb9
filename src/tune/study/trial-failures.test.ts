import { spawnSync } from 'node:child_process';
import { describe, it, expect } from 'vitest';
import { RandomSampler } from '../samplers/index.js';
import { ThresholdPruner } from '../pruners/index.js';
import { InMemoryStorage } from '../storages/index.js';
import { TrialPruned } from '../tune-error.js';
import { abandonedObjectives, createStudy, releaseDeadReservations } from './index.js';

describe('failed trials say why', () => {
  it('stores reason and code for a thrown non-Error, a string and a missing result', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }) });
    const results: unknown[] = ['0.5', undefined];
    await study.optimize((t) => {
      t.suggestFloat('x', 0, 1);
      if (t.number === 0) throw { bad: 'thing' } as unknown as Error;
      return results[t.number - 1] as number;
    }, { nTrials: 3, catch: [Error] });
    const trials = await study.getTrials();
    expect(trials.map((t) => t.state)).toEqual(['FAIL', 'FAIL', 'FAIL']);
    expect(trials.map((t) => t.systemAttrs['failCode'])).toEqual(['OBJECTIVE_THREW', 'BAD_OBJECTIVE_VALUE', 'BAD_OBJECTIVE_VALUE']);
    expect(trials[0]!.systemAttrs['failReason']).toBe('Objective threw {"bad":"thing"}');
    expect(trials[1]!.systemAttrs['failReason']).toContain('"0.5"');
    expect(trials[2]!.systemAttrs['failReason']).toContain('undefined');
  });

  it('fails a trial whose objective outlives trialTimeoutMs and goes on with the next', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 2 }) });
    const before = abandonedObjectives();
    await study.optimize((t) => {
      const x = t.suggestFloat('x', 0, 1);
      return t.number === 0 ? new Promise<number>(() => undefined) : x;
    }, { nTrials: 2, trialTimeoutMs: 50 });
    const trials = await study.getTrials();
    expect(trials.map((t) => t.state)).toEqual(['FAIL', 'COMPLETE']);
    expect(trials[0]!.systemAttrs['failCode']).toBe('TRIAL_TIMEOUT');
    expect(trials[0]!.systemAttrs['failReason']).toContain('50 ms');
    expect(abandonedObjectives()).toBe(before + 1);
    await expect(study.optimize(() => 1, { trialTimeoutMs: 0 })).rejects.toMatchObject({ code: 'INVALID_OPTION' });
  });

  it('shouldPrune answers synchronously, so `if (trial.shouldPrune())` prunes only what the pruner says', async () => {
    const study = await createStudy({ pruner: new ThresholdPruner({ upper: 5 }), sampler: new RandomSampler({ seed: 3 }) });
    const answers: unknown[] = [];
    await study.optimize(async (t) => {
      const x = t.suggestFloat('x', 0, 10);
      await t.report(x, 0);
      const verdict = t.shouldPrune();
      answers.push(verdict);
      if (verdict) throw new TrialPruned();
      return x;
    }, { nTrials: 12 });
    expect(answers.every((a) => typeof a === 'boolean')).toBe(true);
    const trials = await study.getTrials();
    for (const t of trials) expect(t.state).toBe(t.params['x']! as number > 5 ? 'PRUNED' : 'COMPLETE');
    expect(new Set(trials.map((t) => t.state))).toEqual(new Set(['PRUNED', 'COMPLETE']));
  });
});

describe('reserved budgets of dead processes are released', () => {
  const heartbeat = { intervalMs: 20, gracePeriodMs: 100 } as const;

  it('close() releases the reserved trials nobody started; other reservations stay', async () => {
    const storage = new InMemoryStorage();
    const study = await createStudy({ storage, studyName: 'r', heartbeat, sampler: new RandomSampler({ seed: 4 }) });
    const mine = await study.holdTrials(3, 'mine');
    const theirs = await study.holdTrials(2, 'theirs');
    await study.optimize((t) => t.suggestFloat('x', 0, 1), { nTrials: 1, onlyWaiting: true });
    await mine.close();
    const trials = await study.getTrials();
    expect(trials.map((t) => t.state)).toEqual(['COMPLETE', 'FAIL', 'FAIL', 'WAITING', 'WAITING']);
    expect(trials[1]!.systemAttrs['failCode']).toBe('RESERVATION_RELEASED');
    expect(trials[3]!.systemAttrs['reservation']).toBe(theirs.id);
    await theirs.close();
    await study.close();
  });

  it('releases a reservation whose owner process is gone, or whose heartbeat is stale', async () => {
    const storage = new InMemoryStorage();
    const study = await createStudy({ storage, studyName: 'd', heartbeat });
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    const { hostname } = await import('node:os');
    await storage.setStudyUserAttr(study.studyId, 'keel.reservation.dead', { host: hostname(), pid: gone, heartbeatAt: Date.now(), closed: false });
    await storage.createTrial(study.studyId, { state: 'WAITING', systemAttrs: { reservation: 'dead' } });
    const live = await study.holdTrials(1, 'live');
    expect([...(await releaseDeadReservations(storage, study.studyId, heartbeat))]).toEqual(['dead']);
    let trials = await study.getTrials();
    expect(trials.map((t) => t.state)).toEqual(['FAIL', 'WAITING']);
    expect(trials[0]!.systemAttrs['failReason']).toContain(`pid ${gone}`);
    // A silent owner elsewhere: judged by its heartbeat once the grace period has passed.
    expect([...(await releaseDeadReservations(storage, study.studyId, heartbeat, Date.now() + 10_000))]).toContain(live.id);
    trials = await study.getTrials();
    expect(trials.map((t) => t.state)).toEqual(['FAIL', 'FAIL']);
    await live.close();
    await study.close();
  });
});
