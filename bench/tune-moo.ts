/**
 * Multi-objective quality against Optuna in one run: NSGA-II (default settings: population 50,
 * uniform crossover 0.9, mutation 1/d) on ZDT1 and ZDT2 with 30 inputs, 100 trials × 10 seeds;
 * hypervolume of each run's Pareto front against the reference point (1.1, 11), computed by the
 * same Keel function for both sides; median [IQR] and a two-sided Mann–Whitney call.
 * Peer: Debian's python3-optuna 3.1 (bench/tune_quality_optuna.py zdt).
 *
 *   npm run bench:build && nice node dist-bench/bench/tune-moo.js [--seeds 10] [--trials 100] [--dims 30]
 *
 * Writes bench/results/tune-moo.json.
 * @module
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mannWhitneyU, quantileSorted } from '../src/data/index.js';
import { Nsga2Sampler, createStudy, hypervolume2d, paretoFront } from '../src/tune/index.js';
import { benchArg, ROOT } from './harness.js';

const SEEDS = Number(benchArg('seeds', '10'));
const TRIALS = Number(benchArg('trials', '100'));
const DIMS = Number(benchArg('dims', '30'));
const REFERENCE: [number, number] = [1.1, 11];

function zdt(name: string, x: readonly number[]): number[] {
  const g = 1 + (9 * x.slice(1).reduce((a, b) => a + b, 0)) / (x.length - 1);
  const ratio = x[0]! / g;
  return [x[0]!, g * (1 - (name === 'ZDT1' ? Math.sqrt(ratio) : ratio ** 2))];
}

const t0 = Date.now();
const peer = execFileSync('/usr/bin/python3', [join(ROOT, 'bench/tune_quality_optuna.py'), 'zdt', '--seeds', String(SEEDS), '--trials', String(TRIALS), '--dims', String(DIMS)], { encoding: 'utf8', maxBuffer: 1 << 26 })
  .split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { function: string; seed: number; front: number[][] });
const rows: Record<string, { keel: number[]; optuna: number[] }> = {};
for (const name of ['ZDT1', 'ZDT2']) {
  const keel: number[] = [];
  for (let s = 0; s < SEEDS; s++) {
    const study = await createStudy({ directions: ['minimize', 'minimize'], sampler: new Nsga2Sampler({ seed: 1000 + s }) });
    await study.optimize((t) => zdt(name, Array.from({ length: DIMS }, (_, i) => t.suggestFloat(`x${i}`, 0, 1))), { nTrials: TRIALS });
    keel.push(hypervolume2d(paretoFront(await study.getTrials(), study.directions).map((t) => t.values!), REFERENCE));
  }
  rows[name] = { keel, optuna: peer.filter((p) => p.function === name).map((p) => hypervolume2d(p.front, REFERENCE)) };
}
const summary = (xs: readonly number[]): string => {
  const s = Float64Array.from(xs).sort();
  return `${quantileSorted(s, 0.5).toFixed(3)} [${quantileSorted(s, 0.25).toFixed(3)}, ${quantileSorted(s, 0.75).toFixed(3)}]`;
};
let text = `\nNSGA-II hypervolume (higher is better; reference (1.1, 11)), ${TRIALS} trials × ${SEEDS} seeds, ${DIMS} inputs\n\n| function | Keel | Optuna 3.1 | p | better |\n|---|---|---|---|---|\n`;
for (const [name, r] of Object.entries(rows)) {
  const p = mannWhitneyU(r.keel, r.optuna).pValue;
  const km = quantileSorted(Float64Array.from(r.keel).sort(), 0.5);
  const om = quantileSorted(Float64Array.from(r.optuna).sort(), 0.5);
  text += `| ${name} | ${summary(r.keel)} | ${summary(r.optuna)} | ${p.toFixed(3)} | ${p >= 0.05 ? 'tie' : km > om ? 'Keel' : 'Optuna'} |\n`;
}
text += `\nwall ${((Date.now() - t0) / 1000).toFixed(0)} s\n`;
process.stdout.write(text);
const dir = join(ROOT, 'bench/results');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'tune-moo.json.tmp'), JSON.stringify({ date: new Date().toISOString(), seeds: SEEDS, trials: TRIALS, dims: DIMS, reference: REFERENCE, rows }, null, 1));
renameSync(join(dir, 'tune-moo.json.tmp'), join(dir, 'tune-moo.json'));
