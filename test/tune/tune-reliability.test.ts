import { spawn } from 'node:child_process';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keel } from '../cli/run-cli.js';
import { loadStudy } from '../../src/tune/index.js';
import { REPO_ROOT } from './run-worker.js';

/**
 * `keel tune` when things go wrong: a run SIGKILLed in the middle, objectives that throw, return
 * NaN or a string, and promises that never settle. SQLite always; PostgreSQL too when
 * KEEL_TEST_POSTGRES_URL is set (`source .ci/start-postgres.sh`).
 */
const pgUrl = process.env['KEEL_TEST_POSTGRES_URL'];
let dir = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'keel-tune-rel-'));
  writeFileSync(join(dir, 'slow.mjs'), `
export default async (trial) => {
  const x = trial.suggestFloat('x', -1, 1);
  await new Promise((r) => setTimeout(r, 150));
  return x * x;
};
`);
  writeFileSync(join(dir, 'bad.mjs'), `
export default async (trial) => {
  trial.suggestFloat('x', 0, 1);
  if (trial.number === 0) throw new RangeError('learning rate exploded');
  if (trial.number === 1) return NaN;
  return 'fast';
};
`);
  writeFileSync(join(dir, 'never.mjs'), 'export default () => new Promise(() => {});\n');
  writeFileSync(join(dir, 'hang.mjs'), 'export default (trial) => new Promise((r) => setTimeout(() => r(trial.number), 60_000));\n');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Starts `keel tune`, SIGKILLs it once its first trial finished, and resolves after it is gone. */
function tuneKilledAfterFirstTrial(args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'dist/cli/keel.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (/^trial \d+ COMPLETE/m.test(stderr)) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      if (signal === 'SIGKILL') resolve(stderr);
      else reject(new Error(`keel tune ended by itself (${signal ?? 'exit'}) before it was killed: ${stderr}`));
    });
  });
}

async function killThenRerun(storage: string): Promise<void> {
  const studyName = `killed-${process.pid}-${Date.now()}`;
  const args = ['tune', '--objective', join(dir, 'slow.mjs'), '--study', studyName, '--storage', storage, '--sampler', 'random', '--seed', '1'];
  await tuneKilledAfterFirstTrial([...args, '--trials', '6']);
  const r = keel([...args, '--trials', '2']);
  expect(r.status).toBe(0);
  const study = await loadStudy({ studyName, storage });
  const trials = await study.getTrials();
  const byReservation = new Map<string, typeof trials[number][]>();
  for (const t of trials) {
    const id = JSON.stringify(t.systemAttrs['reservation'] ?? null);
    byReservation.set(id, [...(byReservation.get(id) ?? []), t]);
  }
  const [first, second] = [...byReservation.values()];
  // The second run ran exactly its 2 trials; nothing of the killed run was left WAITING or RUNNING.
  expect(second!.map((t) => t.state)).toEqual(['COMPLETE', 'COMPLETE']);
  expect(trials.filter((t) => t.state === 'WAITING' || t.state === 'RUNNING')).toEqual([]);
  const codes = first!.filter((t) => t.state === 'FAIL').map((t) => t.systemAttrs['failCode']);
  expect(first!.filter((t) => t.state === 'COMPLETE').length + codes.length).toBe(6);
  expect(codes).toContain('RESERVATION_RELEASED');
  expect(codes.filter((c) => c !== 'RESERVATION_RELEASED' && c !== 'WORKER_DIED')).toEqual([]);
  expect(r.stderr.match(/^trial \d+ COMPLETE/gm)).toHaveLength(2);
  await study.storage.deleteStudy(study.studyId);
  await study.close();
}

describe('keel tune after a SIGKILL', () => {
  it('SQLite: the next --trials 2 runs exactly 2; the killed run\'s reserved trials are released, its running one failed', async () => {
    await killThenRerun(`sqlite:${join(dir, 'killed.db')}`);
  });
  it.skipIf(pgUrl === undefined)('PostgreSQL: the same', async () => {
    await killThenRerun(pgUrl ?? '');
  });
});

describe('keel tune shows why trials failed', () => {
  it('prints one line per trial with the code and stored reason of a throw, NaN and a string', () => {
    const r = keel(['tune', '--objective', join(dir, 'bad.mjs'), '--study', 'bad', '--trials', '3', '--sampler', 'random']);
    expect(r.status).toBe(0);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^trial 0 FAIL \(OBJECTIVE_THREW\): RangeError: learning rate exploded \{"x":/);
    expect(lines[1]).toMatch(/^trial 1 FAIL \(NAN_OBJECTIVE_VALUE\): Objective returned NaN/);
    expect(lines[2]).toMatch(/^trial 2 FAIL \(BAD_OBJECTIVE_VALUE\): Objective returned "fast"; expected 1 number/);
    expect(r.stdout).toMatch(/3 trials \(FAIL 3\); no COMPLETE trial/);
  });

  it('fails a promise that can never settle instead of exiting 13 with nothing printed', () => {
    const r = keel(['tune', '--objective', join(dir, 'never.mjs'), '--study', 'never', '--trials', '2'], { timeoutMs: 30_000 });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^trial 0 FAIL \(OBJECTIVE_NEVER_SETTLED\): The objective returned a promise that can never settle/m);
    expect(r.stderr).toMatch(/^trial 1 FAIL \(OBJECTIVE_NEVER_SETTLED\)/m);
  });

  it('--trial-timeout fails a trial that takes too long and does not wait for it at exit', () => {
    const t0 = Date.now();
    const r = keel(['tune', '--objective', join(dir, 'hang.mjs'), '--study', 'hang', '--trials', '2', '--trial-timeout', '0.3'], { timeoutMs: 30_000 });
    expect(r.status).toBe(0);
    expect(r.stderr.match(/^trial \d FAIL \(TRIAL_TIMEOUT\): The objective did not finish within the per-trial timeout of 300 ms/gm)).toHaveLength(2);
    expect(Date.now() - t0).toBeLessThan(20_000);
    const bad = keel(['tune', '--objective', join(dir, 'hang.mjs'), '--study', 'hang', '--trials', '1', '--trial-timeout', '0']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--trial-timeout must be a positive number/);
  });
});
