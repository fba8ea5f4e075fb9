/**
 * Tuning quality against Optuna in one run: the six box functions of samplers-functions.ts plus
 * a mixed ML-like space, × TPE, multivariate TPE, CMA-ES and random, × S seeds; the best value
 * after 25, 50 and 100 trials (read off one 100-trial run: samplers never see the budget), as
 * median [IQR] tables with two-sided Mann–Whitney calls (p < 0.05), and the CPU time of one
 * ask + 4 suggestions + tell with 1,000 and 5,000 finished trials.
 *
 * The peer is Debian's python3-optuna 3.1 with the one-line fix of upstream PR #5110 applied at
 * run time (bench/tune_quality_optuna.py → test/fixtures/tune/optuna_patch.py).
 *
 *   npm run bench:build && nice node dist-bench/bench/tune-quality.js [--seeds 20] [--trials 100]
 *     [--functions Branin,ML-mixed] [--samplers tpe,tpe-mv,cmaes,random] [--optuna no] [--timing no]
 *     [--variant default]   (Keel TPE settings under test, see VARIANTS)
 *     [--jobs 1] (parallel Optuna processes) [--optuna-from bench/results/tune-quality.json]   (compare with an earlier run's Optuna results)
 *
 * Writes bench/results/tune-quality[-<variant>].json.
 * @module
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { mannWhitneyU, quantileSorted } from '../src/data/index.js';
import type { Objective, Sampler, TpeSamplerOptions } from '../src/tune/index.js';
import { CmaEsSampler, NopPruner, OPTUNA_TPE_DEFAULTS, RandomSampler, TpeSampler, createStudy, gammaFraction } from '../src/tune/index.js';
import { benchArg, ROOT } from './harness.js';
import { MIXED_OPTIMIZERS, TEST_FUNCTIONS, mixedValue } from './samplers-functions.js';
import { suggestMs } from './tune-timing.js';

const SEEDS = Number(benchArg('seeds', '20'));
/** Seeds are SEED_BASE + 0 … SEEDS − 1; 1000 chose the defaults, 2000 is the held-out set that checks them. */
const SEED_BASE = Number(benchArg('seed-base', '1000'));
const TRIALS = Number(benchArg('trials', '100'));
const CHECKPOINTS = [25, 50, 100].filter((c) => c <= TRIALS);
const ALL_FUNCTIONS = [...TEST_FUNCTIONS.map((f) => f.name), 'ML-mixed'];
const FUNCTIONS = benchArg('functions', ALL_FUNCTIONS.join(',')).split(',');
const SAMPLER_NAMES = benchArg('samplers', 'tpe,tpe-mv,cmaes,random').split(',');
const WITH_OPTUNA = benchArg('optuna', 'yes') !== 'no';
const WITH_TIMING = benchArg('timing', 'yes') !== 'no';
const VARIANT = benchArg('variant', 'default');
/** Reuse the Optuna results of an earlier run's JSON instead of running Optuna again. */
const OPTUNA_FROM = benchArg('optuna-from', '');
/** Parallel Optuna processes (the machine's other core while Keel runs; results do not depend on it). */
const JOBS = benchArg('jobs', '1');

/**
 * Keel TPE settings compared while choosing the defaults (only `default` is what users get).
 * `default` is multivariate with 20% good trials (keelGamma); `optuna-defaults` is Optuna's
 * univariate 10%, Keel's default before the suite chose otherwise.
 */
const VARIANTS: Readonly<Record<string, TpeSamplerOptions>> = {
  default: {},
  'optuna-defaults': { ...OPTUNA_TPE_DEFAULTS },
  'mv-gamma10': { gamma: gammaFraction(0.1) },
  'mv-gamma15': { gamma: gammaFraction(0.15) },
  'mv-gamma25': { gamma: gammaFraction(0.25) },
  'mv-gamma30': { gamma: gammaFraction(0.3) },
  'univariate-gamma20': { multivariate: false },
  'gamma-sqrt': { gamma: (n) => Math.min(Math.ceil(0.25 * Math.sqrt(n)), 25) },
  'mv-startup5': { nStartupTrials: 5 },
  'mv-startup20': { nStartupTrials: 20 },
  'mv-prior05': { priorWeight: 0.5 },
  'mv-prior2': { priorWeight: 2 },
  'mv-cand12': { nEiCandidates: 12 },
  'mv-cand64': { nEiCandidates: 64 },
};
const tpeOptions = VARIANTS[VARIANT];
if (tpeOptions === undefined) throw new Error(`Unknown --variant ${VARIANT}; use one of ${Object.keys(VARIANTS).join(', ')}.`);

const KEEL: Readonly<Record<string, (seed: number) => Sampler>> = {
  tpe: (seed) => new TpeSampler({ ...tpeOptions, seed }),
  'tpe-mv': (seed) => new TpeSampler({ ...tpeOptions, seed, multivariate: true }),
  cmaes: (seed) => new CmaEsSampler({ seed }),
  random: (seed) => new RandomSampler({ seed }),
};

function objective(name: string): Objective {
  if (name === 'ML-mixed') {
    return (trial) => mixedValue(trial.suggestCategorical('optimizer', MIXED_OPTIMIZERS), trial.suggestInt('layers', 1, 8), trial.suggestFloat('lr', 1e-5, 1, { log: true }), trial.suggestInt('batch', 8, 1024, { log: true }));
  }
  const fn = TEST_FUNCTIONS.find((f) => f.name === name);
  if (fn === undefined) throw new Error(`Unknown function ${name}; use one of ${ALL_FUNCTIONS.join(', ')}.`);
  return (trial) => fn.f(fn.bounds.map(([lo, hi], i) => trial.suggestFloat(`x${i}`, lo, hi)));
}

/** Best value after each checkpoint of one run. */
async function keelRun(fn: string, sampler: string, seed: number): Promise<number[]> {
  const study = await createStudy({ sampler: KEEL[sampler]!(SEED_BASE + seed), pruner: new NopPruner() });
  await study.optimize(objective(fn), { nTrials: TRIALS });
  const values = (await study.getTrials()).map((t) => (t.state === 'COMPLETE' ? (t.values?.[0] ?? Infinity) : Infinity));
  return CHECKPOINTS.map((c) => Math.min(...values.slice(0, c)));
}

/** Runs the Optuna script, collecting its JSON lines (runs beside Keel's loop). */
function optuna(mode: string[]): Promise<Record<string, unknown>[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/python3', [join(ROOT, 'bench/tune_quality_optuna.py'), ...mode], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>));
      else reject(new Error(`Optuna script exited with ${String(code)}`));
    });
  });
}

type Results = Record<string, Record<string, number[][]>>; // function → sampler → seeds × checkpoints
const key = (fn: string, s: string): string => `${fn}\u0000${s}`;

const optunaLines = OPTUNA_FROM !== '' ? Promise.resolve([]) : WITH_OPTUNA ? optuna(['quality', '--seeds', String(SEEDS), '--trials', String(TRIALS), '--checkpoints', CHECKPOINTS.join(','), '--functions', FUNCTIONS.join(','), '--samplers', SAMPLER_NAMES.join(','), '--jobs', JOBS, '--seed-base', String(SEED_BASE)]) : Promise.resolve([]);
const keel: Results = {};
const t0 = Date.now();
for (const fn of FUNCTIONS) {
  for (const s of SAMPLER_NAMES) {
    const runs: number[][] = [];
    for (let seed = 0; seed < SEEDS; seed++) runs.push(await keelRun(fn, s, seed));
    (keel[fn] ??= {})[s] = runs;
    process.stderr.write(`keel ${fn} ${s}: done (${((Date.now() - t0) / 1000).toFixed(0)} s)\n`);
  }
}
const earlier = OPTUNA_FROM === '' ? undefined : (JSON.parse(readFileSync(OPTUNA_FROM, 'utf8')) as { optuna: Results; timing?: Record<string, number> });
const peer: Results = earlier?.optuna ?? {};
for (const line of await optunaLines) {
  const fn = line['function'] as string;
  ((peer[fn] ??= {})[line['sampler'] as string] ??= []).push(line['best'] as number[]);
}
process.stderr.write(`all runs done (${((Date.now() - t0) / 1000).toFixed(0)} s)\n`);

const sorted = (xs: readonly number[]): Float64Array => Float64Array.from(xs).sort();
const fmt = (v: number): string => (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(2) : v.toPrecision(4));
const summary = (xs: readonly number[]): string => {
  const s = sorted(xs);
  return `${fmt(quantileSorted(s, 0.5))} [${fmt(quantileSorted(s, 0.25))}, ${fmt(quantileSorted(s, 0.75))}]`;
};
type Call = 'Keel' | 'Optuna' | 'tie';
const calls: Record<string, { p: number; call: Call }[]> = {};
let text = `\nBest value (lower is better), median [IQR] over ${SEEDS} seeds; Mann–Whitney two-sided, p < 0.05 names the better side. Keel variant: ${VARIANT}.\n`;
for (const s of SAMPLER_NAMES) {
  text += `\n### ${s}\n\n| function | trials | Keel | Optuna 3.1 + #5110 | p | better |\n|---|---|---|---|---|---|\n`;
  for (const fn of FUNCTIONS) {
    const k = keel[fn]![s]!;
    const o = peer[fn]?.[s] ?? [];
    calls[key(fn, s)] = CHECKPOINTS.map((c, ci) => {
      const kc = k.map((r) => r[ci]!);
      const oc = o.map((r) => r[ci]!);
      const { pValue } = mannWhitneyU(kc, oc);
      const km = quantileSorted(sorted(kc), 0.5);
      const om = quantileSorted(sorted(oc), 0.5);
      const call: Call = oc.length === 0 || pValue >= 0.05 ? 'tie' : km < om ? 'Keel' : 'Optuna';
      text += `| ${fn} | ${c} | ${summary(kc)} | ${oc.length === 0 ? '–' : summary(oc)} | ${oc.length === 0 ? '–' : pValue.toFixed(3)} | ${call} |\n`;
      return { p: pValue, call };
    });
  }
  const last = FUNCTIONS.map((fn) => calls[key(fn, s)]!.at(-1)!.call);
  text += `\nAt ${CHECKPOINTS.at(-1)} trials: Keel better on ${last.filter((c) => c === 'Keel').length}, tie on ${last.filter((c) => c === 'tie').length}, Optuna better on ${last.filter((c) => c === 'Optuna').length} of ${FUNCTIONS.length}.\n`;
}

const timing: Record<string, number> = {};
if (WITH_TIMING) {
  const h6 = TEST_FUNCTIONS.find((f) => f.name === 'Hartmann-6')!.f;
  const f4 = (x: readonly number[]): number => h6([...x, 0.5, 0.5]);
  for (const n of [1000, 5000]) {
    timing[`keel tpe @${n}`] = (await suggestMs(n, false, 4, f4)).cpuMs;
    timing[`keel tpe-mv @${n}`] = (await suggestMs(n, true, 4, f4)).cpuMs;
  }
  if (WITH_OPTUNA && OPTUNA_FROM === '') for (const l of await optuna(['timing', '--sizes', '1000,5000'])) timing[`optuna ${l['timing'] as string} @${l['trials'] as number}`] = l['cpuMs'] as number;
  // Optuna's times from the earlier run stay with its results (they do not depend on Keel).
  for (const [k, v] of Object.entries(earlier?.timing ?? {})) if (k.startsWith('optuna ')) timing[k] = v;
  text += `\nCPU ms per ask + 4 suggestions + tell (in memory, Hartmann-6 with 2 inputs fixed):\n\n| sampler | trials | Keel | Optuna |\n|---|---|---|---|\n`;
  for (const s of ['tpe', 'tpe-mv']) for (const n of [1000, 5000]) text += `| ${s} | ${n} | ${timing[`keel ${s} @${n}`]!.toFixed(2)} | ${timing[`optuna ${s} @${n}`]?.toFixed(1) ?? '–'} |\n`;
}
const flags = readFileSync('/proc/cpuinfo', 'utf8').match(/^flags\s*:(.*)$/m)?.[1]?.split(' ').filter((f) => /^(avx2|avx512f|avx512_vnni|fma)$/.test(f)).join(' ') ?? 'unknown';
const cpu = readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:(.*)$/m)?.[1]?.trim() ?? 'unknown';
text += `\nCPU: ${cpu} (${flags}); wall ${((Date.now() - t0) / 1000).toFixed(0)} s.\n`;
process.stdout.write(text);
const dir = join(ROOT, 'bench/results');
mkdirSync(dir, { recursive: true });
const file = join(dir, `tune-quality${VARIANT === 'default' ? '' : `-${VARIANT}`}${SEED_BASE === 1000 ? '' : `-seeds${SEED_BASE}`}.json`);
writeFileSync(`${file}.tmp`, JSON.stringify({ date: new Date().toISOString(), cpu, flags, seeds: SEEDS, seedBase: SEED_BASE, trials: TRIALS, checkpoints: CHECKPOINTS, variant: VARIANT, keel, optuna: peer, calls, timing }, null, 1));
renameSync(`${file}.tmp`, file);
