/**
 * Sampler benchmark: TPE against random search on six standard functions and one real tuning
 * task (an MNIST MLP on a subset, validation loss), best value after N trials over S seeds
 * (median), plus TPE's time to suggest with 5,000 finished trials.
 *
 *   npx tsc -p bench/tsconfig.json && node dist-bench/bench/samplers.js [--seeds 10] [--trials 100] [--tasks functions,mnist,timing]
 *   (or, without compiling: npx vite-node bench/samplers.ts -- --seeds 10)
 *
 * Writes bench/results/samplers-<tasks>.json.
 * @module
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { trainObjective, trainTuneConfig } from '../src/tune-objectives/index.js';
import type { Objective, Sampler } from '../src/tune/index.js';
import { NopPruner, RandomSampler, TpeSampler, createStudy } from '../src/tune/index.js';
import { benchArg, ROOT, median } from './harness.js';
import { TEST_FUNCTIONS } from './samplers-functions.js';
import { suggestMs } from './tune-timing.js';

const SEEDS = Number(benchArg('seeds', '10'));
const TRIALS = Number(benchArg('trials', '100'));
const TASKS = benchArg('tasks', 'functions,mnist,timing').split(',');

interface TaskRow { task: string; optimum: number | null; tpe: number; random: number; tpeWins: boolean; tpeBest: number[]; randomBest: number[]; seconds: number }

const SAMPLERS: Record<'tpe' | 'random', (seed: number) => Sampler> = {
  tpe: (seed) => new TpeSampler({ seed }),
  random: (seed) => new RandomSampler({ seed }),
};

async function bestOf(objective: Objective, sampler: Sampler): Promise<number> {
  const study = await createStudy({ sampler, pruner: new NopPruner() });
  await study.optimize(objective, { nTrials: TRIALS });
  return study.bestValue();
}

async function runTask(task: string, optimum: number | null, objective: Objective): Promise<TaskRow> {
  const t0 = Date.now();
  const best: Record<'tpe' | 'random', number[]> = { tpe: [], random: [] };
  for (let s = 0; s < SEEDS; s++) for (const name of ['tpe', 'random'] as const) best[name].push(await bestOf(objective, SAMPLERS[name](1000 + s)));
  const row = { task, optimum, tpe: median(best.tpe), random: median(best.random), tpeWins: median(best.tpe) < median(best.random), tpeBest: best.tpe, randomBest: best.random, seconds: (Date.now() - t0) / 1000 };
  process.stderr.write(`${task}: TPE ${row.tpe.toPrecision(5)} random ${row.random.toPrecision(5)} (${row.seconds.toFixed(0)} s)\n`);
  return row;
}

const rows: TaskRow[] = [];
if (TASKS.includes('functions')) {
  for (const fn of TEST_FUNCTIONS) {
    rows.push(await runTask(fn.name, fn.optimum, (trial) => fn.f(fn.bounds.map(([lo, hi], i) => trial.suggestFloat(`x${i}`, lo, hi)))));
  }
}
if (TASKS.includes('mnist')) {
  const config = trainTuneConfig({ trainLimit: Number(benchArg('mnist-train', '500')), valLimit: 500, epochs: Number(benchArg('mnist-epochs', '2')), width: [8, 128], depth: [1, 2] });
  rows.push(await runTask(`MNIST MLP (${config.trainLimit} train, ${config.epochs} epochs, val loss)`, null, trainObjective(config)));
}
const timing: Record<string, { wallMs: number; cpuMs: number }> = {};
if (TASKS.includes('timing')) {
  timing['tpe_ms_per_trial_at_5000'] = await suggestMs(5000, false, 6, TEST_FUNCTIONS[1]!.f);
  timing['tpe_multivariate_ms_per_trial_at_5000'] = await suggestMs(5000, true, 6, TEST_FUNCTIONS[1]!.f);
}

const fmt = (v: number | null): string => (v === null ? '–' : Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(3) : v.toPrecision(5));
process.stdout.write(`\nBest value after ${TRIALS} trials, median over ${SEEDS} seeds (lower is better)\n\n| task | optimum | TPE | random | TPE better |\n|---|---|---|---|---|\n`);
for (const r of rows) process.stdout.write(`| ${r.task} | ${fmt(r.optimum)} | ${fmt(r.tpe)} | ${fmt(r.random)} | ${r.tpeWins ? 'yes' : 'no'} |\n`);
if (rows.length > 0) process.stdout.write(`\nTPE better on ${rows.filter((r) => r.tpeWins).length} of ${rows.length}\n`);
for (const [k, v] of Object.entries(timing)) process.stdout.write(`${k}: ${v.cpuMs.toFixed(2)} ms CPU, ${v.wallMs.toFixed(2)} ms wall (load average ${loadavg()[0]!.toFixed(1)})\n`);
// ROOT fits the compiled layout (dist-bench/bench/); run from source (vite-node) the repository is one level up.
const outDir = join(existsSync(join(ROOT, 'package.json')) ? ROOT : join(import.meta.dirname, '..'), 'bench/results');
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, `samplers-${TASKS.join('-')}.json`), JSON.stringify({ date: new Date().toISOString(), seeds: SEEDS, trials: TRIALS, rows, timing }, null, 2));
