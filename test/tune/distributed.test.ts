import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStudy, loadStudy } from '../../src/tune/index.js';
import { REPO_ROOT as root, runWorker } from './run-worker.js';

/**
 * Four worker processes share a budget of 200 reserved trials through a real storage; one of
 * them is SIGKILLed in the middle of a trial. The survivors see that its process is gone (same
 * machine: no need to wait for the heartbeat grace period), fail its trial (WORKER_DIED),
 * re-queue it, and finish the study: 200 COMPLETE trials, the killed one FAIL,
 * no trial evaluated twice. Runs against SQLite always and against PostgreSQL when
 * KEEL_TEST_POSTGRES_URL is set (`source .ci/start-postgres.sh`).
 */
const pgUrl = process.env['KEEL_TEST_POSTGRES_URL'];
let dir = '';
if (pgUrl === undefined) console.warn('test/tune: PostgreSQL tests skipped: KEEL_TEST_POSTGRES_URL is unset (run `source .ci/start-postgres.sh` first).');


function numbers(stdout: string, word: 'start' | 'ran'): number[] {
  return stdout.split('\n').filter((l) => l.startsWith(`${word} `)).map((l) => Number(l.slice(word.length + 1)));
}

beforeAll(() => {
  if (!existsSync(join(root, 'dist', 'tune', 'index.js'))) throw new Error('dist/tune/index.js is missing: run `npm run build` (the global setup does).');
  dir = mkdtempSync(join(tmpdir(), 'keel-tune-dist-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function distributedRun(url: () => string): Promise<void> {
  const studyName = `dist-${process.pid}-${Date.now()}`;
  const setup = await createStudy({ studyName, storage: url() });
  await setup.reserveTrials(200);
  await setup.close();

  const exits = await Promise.all([0, 1, 2, 3].map((i) => runWorker(['drain', url(), studyName, String(100 + i), i === 1 ? '8' : '0'])));
  const killed = exits[1]!;
  expect(killed.signal).toBe('SIGKILL');
  const killedNumber = numbers(killed.stdout, 'start').at(-1)!;
  expect(numbers(killed.stdout, 'ran')).toHaveLength(7);
  for (const e of exits.filter((_, i) => i !== 1)) {
    expect(e.stderr).not.toMatch(/locked|SQLITE_BUSY|deadlock|STORAGE_BUSY/i);
    expect(e.code).toBe(0);
    expect(e.stdout).toContain('done');
  }

  const ran = exits.flatMap((e) => numbers(e.stdout, 'ran'));
  expect(new Set(ran).size).toBe(ran.length);
  const study = await loadStudy({ studyName, storage: url() });
  const trials = await study.getTrials();
  expect(trials.map((t) => t.number)).toEqual([...Array(201).keys()]);
  const complete = trials.filter((t) => t.state === 'COMPLETE');
  expect(complete).toHaveLength(200);
  expect(complete.map((t) => t.number).sort((a, b) => a - b)).toEqual([...ran].sort((a, b) => a - b));
  const failed = trials.filter((t) => t.state === 'FAIL');
  expect(failed.map((t) => t.number)).toEqual([killedNumber]);
  expect(failed[0]!.systemAttrs['failCode']).toBe('WORKER_DIED');
  expect(failed[0]!.intermediateValues).toHaveLength(1);
  const retry = trials.find((t) => t.systemAttrs['retriedFrom'] === killedNumber)!;
  expect(retry.state).toBe('COMPLETE');
  expect(retry.params).toEqual(failed[0]!.params);
  expect(exits.filter((e) => numbers(e.stdout, 'ran').length > 20)).toHaveLength(3);
  await study.storage.deleteStudy(study.studyId);
  await study.close();
}

describe('4 worker processes, 200 reserved trials, one SIGKILLed mid-trial', () => {
  it('SQLite on one machine: finishes with 200 COMPLETE, the killed trial FAIL, no lock errors', async () => {
    await distributedRun(() => `sqlite:${join(dir, 'dist.db')}`);
  });

  const reason = pgUrl === undefined ? ' [skipped: KEEL_TEST_POSTGRES_URL is unset; run `source .ci/start-postgres.sh` first]' : '';
  it.skipIf(pgUrl === undefined)(`PostgreSQL server: finishes with 200 COMPLETE, the killed trial FAIL, no trial run twice${reason}`, async () => {
    await distributedRun(() => pgUrl ?? '');
  });
});
