import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FrozenTrial } from '../../src/tune/index.js';
import { RandomSampler, TpeSampler, TrialPruned, createStudy, loadStudy } from '../../src/tune/index.js';

const PYTHON = '/usr/bin/python3';
const hasOptuna = spawnSync(PYTHON, ['-c', 'import optuna.storages; optuna.storages.JournalStorage'], { encoding: 'utf8' }).status === 0;

/** Trials as Optuna's JournalStorage loads them, in the shape compared below. */
const DUMP = `
import json, sys, optuna
from optuna.storages import JournalStorage, JournalFileStorage
study = optuna.load_study(study_name=sys.argv[2], storage=JournalStorage(JournalFileStorage(sys.argv[1])))
print(json.dumps([{"number": t.number, "state": t.state.name, "params": t.params, "values": t.values,
  "intermediate": sorted([[k, v] for k, v in t.intermediate_values.items()]), "user_attrs": t.user_attrs} for t in study.trials]))
`;
/** Optuna runs a study of its own into a new journal file. */
const WRITE = `
import sys, optuna
from optuna.storages import JournalStorage, JournalFileStorage
optuna.logging.set_verbosity(optuna.logging.ERROR)
study = optuna.create_study(study_name="from-optuna", storage=JournalStorage(JournalFileStorage(sys.argv[1])), sampler=optuna.samplers.TPESampler(seed=0))
def objective(t):
    x = t.suggest_float("x", -2, 2); lr = t.suggest_float("lr", 1e-4, 1, log=True)
    n = t.suggest_int("n", 1, 9); act = t.suggest_categorical("act", ["relu", "gelu"])
    t.set_user_attr("tag", t.number)
    if t.number == 3: raise ValueError("boom")
    for s in range(3):
        t.report(x * x + s, s)
        if t.number == 5: raise optuna.TrialPruned()
    return x * x + n
study.optimize(objective, n_trials=8, catch=(ValueError,))
`;

function optunaTrials(path: string, study: string): { number: number; state: string; params: Record<string, unknown>; values: number[] | null; intermediate: [number, number][]; user_attrs: Record<string, unknown> }[] {
  const r = spawnSync(PYTHON, ['-c', DUMP, path, study], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as ReturnType<typeof optunaTrials>;
}

const keelView = (t: FrozenTrial): unknown => ({ number: t.number, state: t.state, params: t.params, values: t.values, intermediate: t.intermediateValues.map(([s, v]) => [s, v]), user_attrs: t.userAttrs });

describe.skipIf(!hasOptuna)('journal storage against Debian\'s Optuna 3.1 (skipped when python3-optuna is missing)', () => {
  it('a study Keel writes loads in Optuna with the same trials, params, values and intermediate values', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-journal-'));
    try {
      const path = join(dir, 'keel.log');
      const study = await createStudy({ studyName: 'from-keel', storage: `journal:${path}`, sampler: new RandomSampler({ seed: 1 }) });
      await study.optimize(async (t) => {
        const x = t.suggestFloat('x', -2, 2);
        t.suggestFloat('lr', 1e-4, 1, { log: true });
        const n = t.suggestInt('n', 1, 9);
        t.suggestFloat('drop', 0, 0.5, { step: 0.1 });
        t.suggestCategorical('act', ['relu', 'gelu', null]);
        t.setUserAttr('tag', { n: t.number });
        if (t.number === 2) throw new Error('boom');
        for (let s = 0; s < 3; s++) {
          await t.report(x * x + s, s);
          if (t.number === 4) throw new TrialPruned();
        }
        return x * x + n;
      }, { nTrials: 7, catch: [Error] });
      const keel = await study.getTrials();
      await study.close();
      const optuna = optunaTrials(path, 'from-keel');
      expect(keel.map((t) => t.state)).toEqual(['COMPLETE', 'COMPLETE', 'FAIL', 'COMPLETE', 'PRUNED', 'COMPLETE', 'COMPLETE']);
      expect(optuna).toEqual(keel.map(keelView));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('Keel reads a study Optuna wrote, continues it, and Optuna sees the continuation', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-journal-'));
    try {
      const path = join(dir, 'optuna.log');
      const w = spawnSync(PYTHON, ['-c', WRITE, path], { encoding: 'utf8' });
      expect(w.status, w.stderr).toBe(0);
      const before = optunaTrials(path, 'from-optuna');
      const study = await loadStudy({ studyName: 'from-optuna', storage: `journal:${path}`, sampler: new TpeSampler({ seed: 2, nStartupTrials: 3 }) });
      expect((await study.getTrials()).map(keelView)).toEqual(before);
      expect(before.map((t) => t.state)).toEqual(['COMPLETE', 'COMPLETE', 'COMPLETE', 'FAIL', 'COMPLETE', 'PRUNED', 'COMPLETE', 'COMPLETE']);
      await study.optimize((t) => t.suggestFloat('x', -2, 2) ** 2 + t.suggestInt('n', 1, 9) + (t.suggestCategorical('act', ['relu', 'gelu']) === 'relu' ? 0 : 1), { nTrials: 3 });
      const after = optunaTrials(path, 'from-optuna');
      expect(after).toHaveLength(11);
      expect(after.slice(0, 8)).toEqual(before);
      expect(after.slice(8)).toEqual((await study.getTrials()).slice(8).map(keelView));
      expect(after.slice(8).every((t) => t.state === 'COMPLETE')).toBe(true);
      await study.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
