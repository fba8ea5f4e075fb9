import { describe, it, expect } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keel } from '../cli/run-cli.js';
import { floatDistribution, openStorage } from '../../src/tune/index.js';

describe('keel tune --heartbeat-grace', () => {
  it('fails and re-runs a dead worker\'s trial after the given grace, and rejects a non-positive one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-hb-'));
    try {
      const db = join(dir, 'hb.db');
      writeFileSync(join(dir, 'obj.mjs'), 'export default async (trial) => trial.suggestFloat("x", 0, 1);\n');
      // A worker that died 1.5 s ago, mid-trial, leaving its heartbeat behind.
      const storage = await openStorage(`sqlite:${db}`);
      const study = await storage.createStudy('s', ['minimize']);
      const orphan = await storage.createTrial(study.studyId, { state: 'RUNNING', heartbeat: true });
      await storage.updateTrial(orphan.trialId, { params: { x: { distribution: floatDistribution('x', 0, 1), value: 0.25 } } });
      await storage.close();
      await new Promise((r) => setTimeout(r, 1500));
      const r = keel(['tune', '--objective', join(dir, 'obj.mjs'), '--study', 's', '--storage', `sqlite:${db}`, '--sampler', 'random', '--trials', '1', '--heartbeat-grace', '1']);
      expect(r.status, r.stderr).toBe(0);
      const after = await openStorage(`sqlite:${db}`);
      const trials = await after.getTrials(study.studyId);
      expect(trials[0]!.state).toBe('FAIL');
      expect(trials[0]!.systemAttrs['failCode']).toBe('HEARTBEAT_EXPIRED');
      expect(trials.filter((t) => t.state === 'COMPLETE' && t.params['x'] === 0.25)).toHaveLength(1);
      await after.close();
      const bad = keel(['tune', '--objective', join(dir, 'obj.mjs'), '--study', 's', '--trials', '1', '--heartbeat-grace', '0']);
      expect(bad.status).toBe(2);
      expect(bad.stderr).toContain('--heartbeat-grace');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
