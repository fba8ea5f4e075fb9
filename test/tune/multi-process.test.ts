import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStudy, loadStudy, TpeSampler, RandomSampler } from '../../src/tune/index.js';
import { REPO_ROOT as root, runWorker } from './run-worker.js';

let dir = '';


beforeAll(() => {
  // test/global-setup.ts builds dist/ once before the suite.
  if (!existsSync(join(root, 'dist', 'tune', 'index.js'))) throw new Error('dist/tune/index.js is missing: run `npm run build` (the global setup does).');
  dir = mkdtempSync(join(tmpdir(), 'keel-tune-mp-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('SQLite storage shared by several processes', () => {
  it('4 workers run 100 trials with unique numbers, no lock errors, each enqueued trial once', async () => {
    const db = join(dir, 'mp.db');
    const setup = await createStudy({ studyName: 'mp', storage: `sqlite:${db}` });
    for (let i = 0; i < 12; i++) await setup.enqueueTrial({ x: i / 100 });
    await setup.close();

    const exits = await Promise.all([1, 2, 3, 4].map((seed) => runWorker(['optimize', db, '25', String(seed)])));
    for (const e of exits) {
      expect(e.stderr).not.toMatch(/locked|SQLITE_BUSY/i);
      expect(e.code).toBe(0);
      expect(e.stdout).toContain('done');
    }

    const study = await loadStudy({ studyName: 'mp', storage: `sqlite:${db}` });
    const trials = await study.getTrials();
    expect(trials).toHaveLength(100);
    expect(trials.map((t) => t.number)).toEqual([...Array(100).keys()]);
    expect(trials.every((t) => t.state === 'COMPLETE')).toBe(true);
    for (let i = 0; i < 12; i++) expect(trials.filter((t) => t.params['x'] === i / 100)).toHaveLength(1);
    await study.close();
  });

  it('a killed worker leaves its trial FAIL at once (its process is gone), re-queued and resumed', async () => {
    const db = join(dir, 'mp.db');
    const dead = await runWorker(['die', db, '1', '9']);
    expect(dead.signal).toBe('SIGKILL');
    const before = await loadStudy({ studyName: 'mp', storage: `sqlite:${db}` });
    const orphan = (await before.getTrials({ states: ['RUNNING'] }))[0]!;
    expect(orphan).toBeDefined();
    await before.close();

    const study = await createStudy({ studyName: 'mp', storage: `sqlite:${db}`, loadIfExists: true, sampler: new RandomSampler({ seed: 0 }), heartbeat: { intervalMs: 100, gracePeriodMs: 500, requeue: true } });
    await study.optimize((t) => t.suggestFloat('x', 0, 1), { nTrials: 1 });
    const trials = await study.getTrials();
    const failed = trials.find((t) => t.number === orphan.number)!;
    expect(failed.state).toBe('FAIL');
    expect(failed.systemAttrs['failCode']).toBe('WORKER_DIED');
    const retry = trials.find((t) => t.systemAttrs['retriedFrom'] === orphan.number)!;
    expect(retry.state).toBe('COMPLETE');
    expect(retry.params['x']).toBe(orphan.params['x']);
    expect(trials.filter((t) => t.state === 'RUNNING' || t.state === 'WAITING')).toHaveLength(0);
    await study.close();
  });

  it('a seeded sampler makes the same suggestions in another process', async () => {
    const child = await runWorker(['sample', '-', '25', '7']);
    expect(child.code).toBe(0);
    const study = await createStudy({ sampler: new TpeSampler({ seed: 7, nStartupTrials: 5 }) });
    await study.optimize((t) => (t.suggestFloat('x', -3, 3) - 1) ** 2 + (t.suggestCategorical('c', ['a', 'b']) === 'a' ? 0 : 1) + t.suggestInt('n', 1, 9, { log: true }), { nTrials: 25 });
    expect(JSON.parse(child.stdout)).toEqual((await study.getTrials()).map((t) => t.params));
  });
});
