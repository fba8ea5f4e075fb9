import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isKeelError } from '../../core/index.js';
import { floatDistribution } from '../distributions/index.js';
import type { Storage } from './index.js';
import { InMemoryStorage, PostgresStorage, SqliteStorage, openStorage } from './index.js';

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
function storageConformance(label: string, open: () => Promise<Storage>, options: { readonly skip?: boolean } = {}): void {
  describe.skipIf(options.skip === true)(`storage conformance: ${label}`, () => {
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
  });
}

storageConformance('InMemoryStorage', () => Promise.resolve(new InMemoryStorage()));
storageConformance('SqliteStorage', () => SqliteStorage.open(join(dir, 'conformance.db')));
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
