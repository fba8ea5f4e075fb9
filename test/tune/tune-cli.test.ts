import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keel } from '../cli/run-cli.js';
import { loadStudy } from '../../src/tune/index.js';

let dir = '';

interface Summary { best_value: number | number[] | null; best_params: Record<string, unknown> | null; n_trials: number; states: Record<string, number>; best_trials?: unknown[] }

function summary(path: string): Summary {
  return JSON.parse(readFileSync(path, 'utf8')) as Summary;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'keel-tune-cli-'));
  writeFileSync(join(dir, 'quad.mjs'), `
export const gridSearchSpace = { x: [-1, 0, 1, 2], y: [0, 1] };
export const maxResource = 4;
export default async function (trial, { TrialPruned }) {
  const x = trial.suggestFloat('x', -5, 5);
  const y = trial.suggestInt('y', 0, 3);
  for (let step = 1; step <= 4; step++) {
    await trial.report((x - 2) ** 2 + y + 1 / step, step);
    // Pruning is asked only before the last step, so a pruned trial has fewer than 4 values.
    if (step < 4 && trial.shouldPrune()) throw new TrialPruned();
  }
  return (x - 2) ** 2 + y;
}
`);
  writeFileSync(join(dir, 'two.mjs'), `
export const directions = ['minimize', 'minimize'];
export default async (trial) => { const x = trial.suggestFloat('x', 0, 1); return [x, (1 - x) ** 2]; };
`);
  writeFileSync(join(dir, 'obj.ts'), 'export default async (trial: unknown) => 1;\n');
  writeFileSync(join(dir, 'nodefault.mjs'), 'export const x = 1;\n');
  writeFileSync(join(dir, 'train.json'), JSON.stringify({ trainLimit: 300, valLimit: 200, epochs: 3, width: [8, 32] }));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('keel tune', () => {
  it('runs --trials N with 2 worker processes on SQLite, and a second invocation continues the study', async () => {
    const db = join(dir, 'cli.db');
    const json = join(dir, 'a.json');
    const r = keel(['tune', '--objective', join(dir, 'quad.mjs'), '--study', 'quad', '--storage', `sqlite:${db}`, '--sampler', 'tpe', '--pruner', 'median', '--trials', '24', '--workers', '2', '--seed', '1', '--json', json]);
    // stderr holds only the progress: one line per trial, from whichever worker ran it.
    expect(r.stderr.trim().split('\n').filter((l) => !/^worker [01]: trial \d+ (COMPLETE|PRUNED) /.test(l))).toEqual([]);
    expect(r.status).toBe(0);
    const a = summary(json);
    expect(a.n_trials).toBe(24);
    expect((a.states['COMPLETE'] ?? 0) + (a.states['PRUNED'] ?? 0)).toBe(24);
    // Two workers interleave as the OS schedules them, so which trials TPE has seen at each ask
    // (and so the best value) varies from run to run; search quality is checked on one worker below.
    expect(Object.keys(a.best_params ?? {}).sort()).toEqual(['x', 'y']);
    expect(r.stdout).toMatch(/^study quad: 24 trials/);

    const r2 = keel(['tune', '--objective', join(dir, 'quad.mjs'), '--study', 'quad', '--storage', `sqlite:${db}`, '--sampler', 'random', '--trials', '6', '--json', json]);
    expect(r2.status).toBe(0);
    expect(summary(json).n_trials).toBe(30);
    const study = await loadStudy({ studyName: 'quad', storage: `sqlite:${db}` });
    const trials = await study.getTrials();
    expect(trials.map((t) => t.number)).toEqual([...Array(30).keys()]);
    expect(trials.filter((t) => t.state === 'PRUNED').every((t) => t.intermediateValues.length < 4)).toBe(true);
    await study.close();
  });

  it('one worker with a seed is reproducible and TPE + median pruning finds the basin', () => {
    const run = (name: string): Summary => {
      const json = join(dir, `${name}.json`);
      const r = keel(['tune', '--objective', join(dir, 'quad.mjs'), '--study', name, '--storage', `sqlite:${join(dir, `${name}.db`)}`, '--sampler', 'tpe', '--pruner', 'median', '--trials', '24', '--seed', '1', '--json', json]);
      expect(r.status).toBe(0);
      return summary(json);
    };
    const first = run('seeded-a');
    const second = run('seeded-b');
    expect(second.best_value).toBe(first.best_value);
    expect(second.best_params).toEqual(first.best_params);
    // One uniform draw lands below 1.5 with probability about 0.1 (y = 0 or 1 and x near 2).
    expect(first.best_value).toBeLessThan(1.5);
  });

  it('grid sampler with hyperband, and multi-objective studies report the Pareto front', () => {
    const json = join(dir, 'g.json');
    const r = keel(['tune', '--objective', join(dir, 'quad.mjs'), '--study', 'g', '--sampler', 'grid', '--pruner', 'hyperband', '--trials', '8', '--json', json]);
    expect(r.status).toBe(0);
    const g = summary(json);
    expect(g.n_trials).toBe(8);
    expect(g.best_params).toEqual({ x: 2, y: 0 });
    const m = keel(['tune', '--objective', join(dir, 'two.mjs'), '--study', 'm', '--sampler', 'qmc', '--trials', '10', '--seed', '0', '--json', json]);
    expect(m.status).toBe(0);
    expect(summary(json).best_trials).toHaveLength(10);
  });

  it('tunes a Keel MNIST training run with ASHA fed validation loss per epoch, and writes the HTML report', async () => {
    const db = join(dir, 'train.db');
    const json = join(dir, 't.json');
    const html = join(dir, 't.html');
    const r = keel(['tune', '--train-config', join(dir, 'train.json'), '--study', 'mnist', '--storage', `sqlite:${db}`, '--sampler', 'tpe', '--pruner', 'asha', '--trials', '8', '--seed', '2', '--json', json, '--html', html]);
    expect(r.stderr.trim().split('\n').filter((l) => !/^trial \d+ (COMPLETE|PRUNED) /.test(l))).toEqual([]);
    expect(r.status).toBe(0);
    const s = summary(json);
    expect(s.n_trials).toBe(8);
    expect((s.states['COMPLETE'] ?? 0) + (s.states['PRUNED'] ?? 0)).toBe(8);
    expect(Object.keys(s.best_params ?? {}).sort()).toEqual(['batchSize', 'depth', 'dropout', 'lr', 'weightDecay', 'width']);
    expect(s.best_value).toBeLessThan(2.0); // chance level is ln 10 ≈ 2.30
    const study = await loadStudy({ studyName: 'mnist', storage: `sqlite:${db}` });
    const trials = await study.getTrials();
    for (const t of trials) {
      expect(t.intermediateValues.map(([step]) => step)).toEqual([1, 2, 3].slice(0, t.intermediateValues.length));
      expect(t.intermediateValues.every(([, v]) => v > 0 && v < 3)).toBe(true);
      // Accuracy is recorded in percent. A trial pruned after one epoch of 300 rows can sit at
      // chance (about 8-12% on these 200 rows), so only the best trial must beat chance.
      expect(t.userAttrs['val_accuracy']).toBeGreaterThanOrEqual(0);
      expect(t.userAttrs['val_accuracy']).toBeLessThanOrEqual(100);
    }
    const best = trials.find((t) => t.values?.[0] === s.best_value);
    expect(best?.userAttrs['val_accuracy']).toBeGreaterThan(10);
    await study.close();
    expect(existsSync(html)).toBe(true);
    expect(readFileSync(html, 'utf8')).toContain('<h2>Parallel coordinates</h2>');
  });

  it('--threads and --provider reach every model the objective runs, in this process and in each worker', () => {
    // A provider this installation lacks makes each trial's first session fail, so every trial
    // naming it shows the setting arrived (the same call with --provider cpu trains normally, above).
    for (const workers of ['1', '2']) {
      const json = join(dir, `prov-${workers}.json`);
      const r = keel(['tune', '--train-config', join(dir, 'train.json'), '--study', `prov-${workers}`, '--storage', `sqlite:${join(dir, `prov-${workers}.db`)}`, '--trials', '2', '--workers', workers, '--seed', '0', '--threads', '1', '--provider', 'cuda', '--json', json]);
      const lines = r.stderr.trim().split('\n').filter((l) => / trial \d+ |^trial \d+ /.test(l));
      expect(lines, r.stderr).toHaveLength(2);
      for (const l of lines) expect(l).toMatch(/trial \d+ FAIL \(PROVIDER_UNAVAILABLE\): .*"cuda"/);
      expect(summary(json).states).toEqual({ FAIL: 2 });
    }
  });

  const pgUrl = process.env['KEEL_TEST_POSTGRES_URL'];
  it.skipIf(pgUrl === undefined)(`shares --trials among 3 workers through PostgreSQL${pgUrl === undefined ? ' [skipped: KEEL_TEST_POSTGRES_URL is unset; run `source .ci/start-postgres.sh` first]' : ''}`, async () => {
    const json = join(dir, 'pg.json');
    const name = `cli-${process.pid}-${Date.now()}`;
    const r = keel(['tune', '--objective', join(dir, 'quad.mjs'), '--study', name, '--storage', pgUrl!, '--sampler', 'cmaes', '--trials', '15', '--workers', '3', '--seed', '4', '--json', json]);
    expect(r.stderr.trim().split('\n').filter((l) => !/^worker [012]: trial \d+ (COMPLETE|PRUNED) /.test(l))).toEqual([]);
    expect(r.status).toBe(0);
    expect(summary(json).n_trials).toBe(15);
    const study = await loadStudy({ studyName: name, storage: pgUrl! });
    expect((await study.getTrials()).map((t) => t.number)).toEqual([...Array(15).keys()]);
    await study.storage.deleteStudy(study.studyId);
    await study.close();
  });

  it('fails with typed errors: TypeScript objective, missing default export, memory storage shared by workers', () => {
    const ts = keel(['tune', '--objective', join(dir, 'obj.ts'), '--study', 's', '--trials', '1']);
    expect(ts.status).toBe(2);
    expect(ts.stderr).toMatch(/^keel: OBJECTIVE_TYPESCRIPT: .*\.mjs/);
    const nd = keel(['tune', '--objective', join(dir, 'nodefault.mjs'), '--study', 's', '--trials', '1']);
    expect(nd.stderr).toMatch(/^keel: OBJECTIVE_EXPORT: /);
    const mem = keel(['tune', '--objective', join(dir, 'quad.mjs'), '--study', 's', '--trials', '4', '--workers', '2']);
    expect(mem.stderr).toMatch(/^keel: TUNE_WORKERS_MEMORY: /);
    expect(mem.status).toBe(2);
    expect(mem.stderr).toMatch(/^keel: TUNE_WORKERS_MEMORY: /);
    const bad = keel(['tune', '--objective', join(dir, 'quad.mjs'), '--study', 's', '--trials', '4', '--sampler', 'annealing']);
    expect(bad.status).toBe(2);
    const none = keel(['tune', '--study', 's', '--trials', '4']);
    expect(none.stderr).toMatch(/^keel: TUNE_OBJECTIVE: /);
  });
});
