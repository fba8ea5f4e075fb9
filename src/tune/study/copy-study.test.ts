import { describe, it, expect } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RandomSampler } from '../samplers/index.js';
import { InMemoryStorage, openStorage } from '../storages/index.js';
import { TrialPruned } from '../tune-error.js';
import { copyStudy } from './copy-study.js';
import { createStudy } from './create-study.js';

describe('copyStudy', () => {
  it('copies every trial (states, params, values, intermediates, attributes) into SQLite', async () => {
    const storage = new InMemoryStorage();
    const study = await createStudy({ storage, studyName: 'src', directions: ['minimize', 'maximize'], sampler: new RandomSampler({ seed: 1 }) });
    await study.setUserAttr('dataset', 'mnist');
    await study.optimize(async (t) => {
      const x = t.suggestFloat('x', 0, 1);
      const opt = t.suggestCategorical('opt', ['adam', 'sgd']);
      t.suggestInt('n', 1, 9, { log: true });
      if (t.number === 2) throw new Error('boom');
      await Promise.resolve();
      return [x, opt === 'adam' ? 1 : 0];
    }, { nTrials: 5, catch: [Error] });
    const running = await study.ask();
    running.suggestFloat('x', 0, 1);
    await running.flush();
    await study.enqueueTrial({ x: 0.5 });
    const dir = mkdtempSync(join(tmpdir(), 'keel-copy-'));
    try {
      const url = `sqlite:${join(dir, 'copy.db')}`;
      expect(await copyStudy({ fromStudyName: 'src', fromStorage: storage, toStorage: url, toStudyName: 'dst' })).toBe(7);
      const target = await openStorage(url);
      const record = (await target.findStudy('dst'))!;
      expect(record.directions).toEqual(['minimize', 'maximize']);
      expect(record.userAttrs).toEqual({ dataset: 'mnist' });
      const copied = await target.getTrials(record.studyId);
      const original = await study.getTrials();
      expect(copied.map((t) => t.state)).toEqual(['COMPLETE', 'COMPLETE', 'FAIL', 'COMPLETE', 'COMPLETE', 'FAIL', 'WAITING']);
      for (const [i, t] of original.entries()) {
        const c = copied[i]!;
        expect(c.params).toEqual(t.params);
        expect(c.distributions).toEqual(t.distributions);
        if (t.state !== 'RUNNING') expect(c.systemAttrs).toEqual(t.systemAttrs);
        if (t.state === 'COMPLETE') expect(c.values).toEqual(t.values);
      }
      expect(copied[5]!.systemAttrs['failCode']).toBe('COPIED_WHILE_RUNNING');
      await target.close();
      await expect(copyStudy({ fromStudyName: 'src', fromStorage: storage, toStorage: storage })).rejects.toMatchObject({ code: 'STUDY_EXISTS' });
      await expect(copyStudy({ fromStudyName: 'nope', fromStorage: storage, toStorage: url })).rejects.toMatchObject({ code: 'STUDY_NOT_FOUND' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps intermediate values of pruned trials', async () => {
    const storage = new InMemoryStorage();
    const study = await createStudy({ storage, studyName: 'p', sampler: new RandomSampler({ seed: 2 }) });
    await study.optimize(async (t) => {
      t.suggestFloat('x', 0, 1);
      for (let s = 0; s < 3; s++) await t.report(1 / (s + 1), s);
      throw new TrialPruned();
    }, { nTrials: 2 });
    const to = new InMemoryStorage();
    await copyStudy({ fromStudyName: 'p', fromStorage: storage, toStorage: to });
    const copied = await to.getTrials((await to.findStudy('p'))!.studyId);
    expect(copied.map((t) => [t.state, t.values, t.intermediateValues])).toEqual((await study.getTrials()).map((t) => [t.state, t.values, t.intermediateValues]));
  });
});

describe('failed-trial callback', () => {
  it('is called once for each trial failed for a missing heartbeat', async () => {
    const storage = new InMemoryStorage();
    const failed: number[] = [];
    const options = { studyName: 'hb', storage, loadIfExists: true, sampler: new RandomSampler({ seed: 10 }), heartbeat: { intervalMs: 20, gracePeriodMs: 60, requeue: true, onTrialFailed: (t: { number: number }) => void failed.push(t.number) } } as const;
    const dying = await createStudy(options);
    const orphan = await dying.ask();
    orphan.suggestFloat('x', 0, 1);
    await orphan.flush();
    await dying.close();
    await new Promise((r) => setTimeout(r, 120));
    const survivor = await createStudy(options);
    await survivor.optimize((t) => t.suggestFloat('x', 0, 1), { nTrials: 1 });
    expect(failed).toEqual([0]);
    expect((await survivor.getTrials())[0]!.systemAttrs['failCode']).toBe('HEARTBEAT_EXPIRED');
    await survivor.close();
  });
});
