import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isKeelError } from '../../core/index.js';
import { floatDistribution } from '../distributions/index.js';
import type { Storage } from './index.js';
import { InMemoryStorage, JournalStorage, PostgresStorage, SqliteStorage, openStorage } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'keel-tune-storage-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return isKeelError(e) ? e.code : `NOT_KEEL: ${String(e)}`;
  }
  return undefined;
}

/** The shared storage conformance suite: the invariants documented on `Storage`. */
function storageConformance(label: string, open: () => Promise<Storage>, options: { readonly skip?: boolean; readonly second?: (first: Storage) => Promise<Storage> } = {}): void {
  /** A second handle on the same data (another connection or file handle), like another worker's. */
  const second = options.second ?? (() => open());
  describe.skipIf(options.skip === true)(`storage conformance: ${label}`, () => {
    it('keeps trial numbers dense and unique when two handles create trials at once', async () => {
      const a = await open();
      const b = await second(a);
      const { studyId } = await a.createStudy(`c-${Math.random()}`, ['minimize']);
      const made = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? a : b).createTrial(studyId, { state: 'RUNNING' })));
      expect(made.map((t) => t.number).sort((x, y) => x - y)).toEqual([...Array(40).keys()]);
      expect(new Set(made.map((t) => t.trialId)).size).toBe(40);
      expect((await b.getTrials(studyId)).map((t) => t.number)).toEqual([...Array(40).keys()]);
      if (b !== a) await b.close();
      await a.close();
    });

    it('lets exactly one of two racing workers finish a trial; the loser gets TRIAL_FROZEN and the state is the winner\'s', async () => {
      const a = await open();
      const b = await second(a);
      const { studyId } = await a.createStudy(`r-${Math.random()}`, ['minimize']);
      for (let round = 0; round < 5; round++) {
        const t = await a.createTrial(studyId, { state: 'RUNNING' });
        const outcomes = await Promise.allSettled([a.updateTrial(t.trialId, { state: 'COMPLETE', values: [1] }), b.updateTrial(t.trialId, { state: 'FAIL' })]);
        const won = outcomes.filter((o) => o.status === 'fulfilled');
        expect(won).toHaveLength(1);
        const lost = outcomes.find((o) => o.status === 'rejected');
        expect(isKeelError(lost?.reason, 'TRIAL_FROZEN')).toBe(true);
        const final = await (b === a ? a : b).getTrial(t.trialId);
        expect(final.state).toBe(won[0]!.value.state);
      }
      if (b !== a) await b.close();
      await a.close();
    });

    it('round-trips non-finite numbers and unicode attributes', async () => {
      const s = await open();
      const { studyId } = await s.createStudy(`n-${Math.random()}`, ['maximize']);
      const t = await s.createTrial(studyId, { state: 'RUNNING', userAttrs: { name: 'ünïcødé ✓ \'"<>' } });
      await s.updateTrial(t.trialId, { intermediate: [[0, NaN], [1, -Infinity]], systemAttrs: { big: 2 ** 53 - 1 } });
      const done = await s.updateTrial(t.trialId, { state: 'COMPLETE', values: [Infinity] });
      const other = await second(s);
      const read = await other.getTrial(done.trialId);
      expect(read.values).toEqual([Infinity]);
      expect(read.intermediateValues).toEqual([[0, NaN], [1, -Infinity]]);
      expect(read.userAttrs['name']).toBe('ünïcødé ✓ \'"<>');
      expect(read.systemAttrs['big']).toBe(2 ** 53 - 1);
      if (other !== s) await other.close();
      await s.close();
    });

    it('creates, finds and lists studies; names are unique', async () => {
      const s = await open();
      const name = `s-${Math.random()}`;
      const rec = await s.createStudy(name, ['minimize', 'maximize']);
      expect(await s.findStudy(name)).toEqual(rec);
      expect(await codeOf(s.createStudy(name, ['minimize']))).toBe('STUDY_EXISTS');
      expect((await s.listStudies()).some((r) => r.name === name)).toBe(true);
      await s.setStudyUserAttr(rec.studyId, 'k', { nested: [1, 2] });
      expect((await s.findStudy(name))?.userAttrs).toEqual({ k: { nested: [1, 2] } });
      await s.deleteStudy(rec.studyId);
      expect(await s.findStudy(name)).toBeUndefined();
      await s.close();
    });

    it('numbers trials densely, applies updates atomically, freezes finished trials', async () => {
      const s = await open();
      const { studyId } = await s.createStudy(`t-${Math.random()}`, ['minimize']);
      const t0 = await s.createTrial(studyId, { state: 'RUNNING' });
      const t1 = await s.createTrial(studyId, { state: 'RUNNING' });
      expect([t0.number, t1.number]).toEqual([0, 1]);
      const d = floatDistribution('x', 0, 1);
      await s.updateTrial(t0.trialId, { params: { x: { distribution: d, value: 0.5 } }, intermediate: [[1, 2], [0, Infinity]], userAttrs: { a: 1 } });
      expect(await codeOf(s.updateTrial(t0.trialId, { params: { x: { distribution: floatDistribution('x', 0, 2), value: 0.5 } } }))).toBe('PARAM_CONFLICT');
      const done = await s.updateTrial(t0.trialId, { state: 'COMPLETE', values: [-Infinity] });
      expect(Object.isFrozen(done)).toBe(true);
      const read = await s.getTrial(t0.trialId);
      expect(read.values).toEqual([-Infinity]);
      expect(read.intermediateValues).toEqual([[0, Infinity], [1, 2]]);
      expect(read.params).toEqual({ x: 0.5 });
      expect(read.userAttrs).toEqual({ a: 1 });
      expect(read.completedAt).not.toBeNull();
      expect(await codeOf(s.updateTrial(t0.trialId, { userAttrs: { b: 2 } }))).toBe('TRIAL_FROZEN');
      expect(await codeOf(s.updateTrial(t0.trialId, { state: 'FAIL' }))).toBe('TRIAL_FROZEN');
      expect(await codeOf(s.updateTrial(t1.trialId, { state: 'WAITING' }))).toBe('INVALID_TRANSITION');
      expect(await codeOf(s.getTrial(987654))).toBe('TRIAL_NOT_FOUND');
      expect((await s.getTrials(studyId)).map((t) => t.state)).toEqual(['COMPLETE', 'RUNNING']);
      expect((await s.getTrials(studyId, ['RUNNING'])).map((t) => t.number)).toEqual([1]);
      await s.close();
    });

    it('claims each WAITING trial exactly once, oldest first', async () => {
      const s = await open();
      const { studyId } = await s.createStudy(`w-${Math.random()}`, ['minimize']);
      for (let i = 0; i < 5; i++) await s.createTrial(studyId, { state: 'WAITING', systemAttrs: { fixedParams: { i } } });
      const claimed = await Promise.all(Array.from({ length: 8 }, () => s.claimWaitingTrial(studyId, { heartbeat: true })));
      const got = claimed.filter((t) => t !== undefined);
      expect(got.map((t) => t.number).sort()).toEqual([0, 1, 2, 3, 4]);
      expect(got.every((t) => t.state === 'RUNNING' && t.heartbeatAt !== null && t.startedAt !== null)).toBe(true);
      await s.close();
    });

    it('writes claim attributes in the claim itself, and skips an update whose ifState no longer holds', async () => {
      const s = await open();
      const { studyId } = await s.createStudy(`c-${Math.random()}`, ['minimize']);
      const waiting = await s.createTrial(studyId, { state: 'WAITING', systemAttrs: { reservation: 'r' } });
      const claimed = await s.claimWaitingTrial(studyId, { heartbeat: true, systemAttrs: { worker: { host: 'h', pid: 7 } } });
      expect(claimed?.systemAttrs).toEqual({ reservation: 'r', worker: { host: 'h', pid: 7 } });
      // A release meant for a WAITING trial must not fail the trial a worker has just claimed.
      await expect(s.updateTrial(waiting.trialId, { state: 'FAIL', ifState: 'WAITING' })).rejects.toMatchObject({ code: 'STATE_CHANGED' });
      expect((await s.getTrial(waiting.trialId)).state).toBe('RUNNING');
      expect((await s.updateTrial(waiting.trialId, { state: 'FAIL', ifState: 'RUNNING' })).state).toBe('FAIL');
      await s.close();
    });
  });
}

storageConformance('InMemoryStorage', () => Promise.resolve(new InMemoryStorage()), { second: (first) => Promise.resolve(first) });
storageConformance('SqliteStorage', () => SqliteStorage.open(join(dir, 'conformance.db')));
storageConformance('JournalStorage', () => Promise.resolve(new JournalStorage(join(dir, 'conformance.log'))));
const pgUrl = process.env['KEEL_TEST_POSTGRES_URL'];
storageConformance('PostgresStorage', () => PostgresStorage.open(pgUrl ?? ''), { skip: pgUrl === undefined });

describe('storage errors', () => {
  it('an unreachable PostgreSQL URL fails fast with STORAGE_UNREACHABLE', async () => {
    const started = Date.now();
    const code = await codeOf(openStorage('postgres://keel:secret@127.0.0.1:1/keel', { connectTimeoutMs: 2000 }));
    expect(code).toBe('STORAGE_UNREACHABLE');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('an unroutable PostgreSQL host times out instead of hanging', async () => {
    const started = Date.now();
    const code = await codeOf(PostgresStorage.open('postgres://keel@10.255.255.1:5432/keel', { connectTimeoutMs: 500 }));
    expect(code).toBe('STORAGE_UNREACHABLE');
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('a SQLite file in a missing directory fails with STORAGE_UNREACHABLE', async () => {
    expect(await codeOf(openStorage(`sqlite:${join(dir, 'missing', 'x.db')}`))).toBe('STORAGE_UNREACHABLE');
  });

  it('SQLite uses WAL and survives reopening', async () => {
    const path = join(dir, 'reopen.db');
    const a = await SqliteStorage.open(path);
    const { studyId } = await a.createStudy('r', ['minimize']);
    await a.createTrial(studyId, { state: 'RUNNING' });
    await a.close();
    const b = await openStorage(`sqlite:${path}`);
    const rec = await b.findStudy('r');
    expect((await b.getTrials(rec!.studyId)).length).toBe(1);
    await b.close();
  });
});
