import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { KillCase } from './kill-harness.js';
import { KILLS, killRepeatedly } from './kill-harness.js';

/**
 * SIGKILL at random moments: `keel demo` in its quickest mode (bundled digits, 2 tuning trials, 2
 * epochs: about 4 s alone), two runs at a time on one thread each, so the kills fall across the
 * whole run — the data arrays, the study database, the model and history, the audit config and
 * the report. Every one of them must be the previous file or the complete new one.
 */
const root = mkdtempSync(join(tmpdir(), 'keel-kill-demo-'));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

const demo: KillCase = {
  name: 'demo',
  args: ['demo', '--dataset', 'digits', '--quick', '--trials', '2', '--epochs', '2', '--seed', '0', '--threads', '1', '--quiet', '--out', 'demo'],
  outputs: ['demo/data/', 'demo/train/', 'demo/audit/', 'demo/audit.json', 'demo/tune.db'],
  parallel: 2,
};

/**
 * The text demo at its smallest (the first 2,500 SMS messages, 1 trial, 1 epoch: about 8 s of CPU;
 * one epoch may leave the gate failed, exit 1, which the harness accepts): its own files — the
 * split as JSON lines, tokenizer.json and labels.json beside the model — go through the same
 * atomic writes.
 */
const sms: KillCase = {
  name: 'demo-sms',
  args: ['demo', '--dataset', 'sms', '--quick', '--trials', '1', '--epochs', '1', '--seed', '0', '--threads', '1', '--quiet', '--out', 'demo'],
  outputs: demo.outputs,
  parallel: 2,
};

describe(`SIGKILL at ${KILLS} seeded moments leaves each output previous or complete`, () => {
  it('keel demo', async () => {
    const r = await killRepeatedly(root, demo, 1830);
    expect(r.previous + r.replaced).toBeGreaterThanOrEqual(KILLS);
    // The kills fell both before and after files were written (the window was covered).
    expect(r.previous).toBeGreaterThan(0);
    expect(r.replaced).toBeGreaterThan(0);
  }, 180_000);

  it('keel demo --dataset sms', async () => {
    const r = await killRepeatedly(root, sms, 1831);
    expect(r.previous + r.replaced).toBeGreaterThanOrEqual(KILLS);
    expect(r.previous).toBeGreaterThan(0);
    expect(r.replaced).toBeGreaterThan(0);
  }, 300_000);
});
