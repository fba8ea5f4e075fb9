/**
 * Soak test of distributed tuning: 8 `keel tune` processes share one study (SQLite, then
 * PostgreSQL) for 2,000 trials of a cheap objective; two of them are SIGKILLed mid-run and
 * restarted with the trials their run lost. Checks that no trial is lost (2,000 COMPLETE), doubled
 * (each trial number evaluated by one process only) or stuck (nothing left WAITING or RUNNING),
 * and prints a table (JSON in bench/results/tune-soak.json).
 *
 *   npm run bench:build && node dist-bench/bench/tune-soak.js [--trials 2000] [--workers 8]
 *
 * PostgreSQL: uses KEEL_TEST_POSTGRES_URL, else starts the local server of .ci/start-postgres.sh.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadStudy, type FrozenTrial } from '../src/tune/index.js';
import { benchArg, ROOT } from './harness.js';

const TRIALS = Number(benchArg('trials', '2000'));
const WORKERS = Number(benchArg('workers', '8'));
const CAP_MS = 15 * 60_000;
const MAIN = join(ROOT, 'dist/cli/keel.js');

interface Outcome {
  readonly storage: string;
  readonly seconds: number;
  readonly complete: number;
  readonly failed: Readonly<Record<string, number>>;
  readonly stuck: number;
  readonly doubled: number;
  readonly evaluatedTwice: number;
  readonly restartedWith: readonly number[];
  readonly ok: boolean;
}

function postgresUrl(): string | undefined {
  if (process.env['KEEL_TEST_POSTGRES_URL'] !== undefined) return process.env['KEEL_TEST_POSTGRES_URL'];
  const r = spawnSync('bash', ['-c', 'source .ci/start-postgres.sh >/dev/null 2>&1; echo "$KEEL_TEST_POSTGRES_URL"'], { cwd: ROOT, encoding: 'utf8' });
  const url = r.stdout.trim();
  return url === '' ? undefined : url;
}

async function soak(storage: string, label: string, dir: string): Promise<Outcome> {
  const study = `soak-${process.pid}-${Date.now()}`;
  const log = join(dir, `${label}.log`);
  writeFileSync(log, '');
  const objective = join(dir, 'objective.mjs');
  writeFileSync(objective, `import { appendFileSync } from 'node:fs';
export default async (trial) => {
  const x = trial.suggestFloat('x', -3, 3);
  const n = trial.suggestInt('n', 1, 8);
  await new Promise((r) => setTimeout(r, 2));
  appendFileSync(${JSON.stringify(log)}, \`\${trial.number} \${process.pid}\\n\`);
  return (x - 1) ** 2 + n;
};
`);
  const per = Math.floor(TRIALS / WORKERS);
  let done = 0;
  const running = new Set<Promise<void>>();
  const start = (trials: number, seed: number): { child: ChildProcess; exited: Promise<void> } => {
    const child = spawn(process.execPath, [MAIN, 'tune', '--objective', objective, '--study', study, '--storage', storage, '--sampler', 'random', '--seed', String(seed), '--trials', String(trials)], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr.on('data', (d: Buffer) => {
      done += (d.toString().match(/COMPLETE/g) ?? []).length;
      if (/^keel: /m.test(d.toString())) process.stderr.write(`[${label} worker] ${d.toString()}`);
    });
    const exited = new Promise<void>((resolve) => child.on('close', () => { resolve(); }));
    running.add(exited);
    void exited.then(() => running.delete(exited));
    return { child, exited };
  };
  const t0 = Date.now();
  const workers = Array.from({ length: WORKERS }, (_, i) => start(per + (i < TRIALS - per * WORKERS ? 1 : 0), i));
  const restartedWith: number[] = [];
  // Kill worker 0 after 30% of the trials and worker 1 after 60%; restart each with what its run lost.
  for (const [index, at] of [[0, 0.3], [1, 0.6]] as const) {
    while (done < at * TRIALS && Date.now() - t0 < CAP_MS) await sleep(50);
    const victim = workers[index]!;
    victim.child.kill('SIGKILL');
    await victim.exited;
    const lost = await lostTrials(storage, study, victim.child.pid!, per);
    restartedWith.push(lost);
    if (lost > 0) start(lost, 100 + index);
  }
  while (running.size > 0 && Date.now() - t0 < CAP_MS) await Promise.race([...running, sleep(1000)]);
  for (const w of workers) w.child.kill('SIGKILL');
  const seconds = (Date.now() - t0) / 1000;

  const s = await loadStudy({ studyName: study, storage });
  const trials = await s.getTrials();
  await s.storage.deleteStudy(s.studyId);
  await s.close();
  const complete = trials.filter((t) => t.state === 'COMPLETE');
  const failed: Record<string, number> = {};
  for (const t of trials.filter((x) => x.state === 'FAIL')) {
    const code = text(t.systemAttrs['failCode']);
    failed[code] = (failed[code] ?? 0) + 1;
  }
  if (process.env['SOAK_DEBUG'] !== undefined) {
    const reasons = new Map<string, number>();
    for (const t of trials.filter((x) => x.state === 'FAIL')) {
      const r = text(t.systemAttrs['failReason']).replace(/\d{3,} ms/g, 'N ms');
      reasons.set(r, (reasons.get(r) ?? 0) + 1);
    }
    process.stderr.write(`${[...reasons].map(([r, n]) => `${n}× ${r}`).join('\n')}\nkilled: ${workers.slice(0, 2).map((w) => w.child.pid).join(', ')}\n`);
  }
  const stuck = trials.filter((t) => t.state === 'WAITING' || t.state === 'RUNNING').length;
  const evaluations = readFileSync(log, 'utf8').trim().split('\n').map((l) => Number(l.split(' ')[0]));
  const seen = new Map<number, number>();
  for (const n of evaluations) seen.set(n, (seen.get(n) ?? 0) + 1);
  const evaluatedTwice = [...seen.values()].filter((c) => c > 1).length;
  const doubled = complete.filter((t) => seen.get(t.number) !== 1).length;
  const ok = complete.length === TRIALS && stuck === 0 && doubled === 0 && evaluatedTwice === 0 && Object.keys(failed).every((c) => c === 'RESERVATION_RELEASED' || c === 'WORKER_DIED');
  return { storage: label, seconds, complete: complete.length, failed, stuck, doubled, evaluatedTwice, restartedWith, ok };
}

/** After a run was killed: waits until its reservation has settled, returns how many of its trials did not complete. */
async function lostTrials(storage: string, study: string, pid: number, reserved: number): Promise<number> {
  const s = await loadStudy({ studyName: study, storage });
  try {
    for (;;) {
      const trials = await s.getTrials();
      // The run's own budget: the reservation whose record names its pid (it also ran others' trials).
      const record = Object.entries(await s.userAttrs()).find(([k, v]) => k.startsWith('keel.reservation.') && (v as { pid?: number } | null)?.pid === pid);
      const reservation = record?.[0].slice('keel.reservation.'.length);
      const mine = trials.filter((t: FrozenTrial) => t.systemAttrs['reservation'] === reservation);
      if (reservation !== undefined && mine.every((t) => t.state !== 'WAITING' && t.state !== 'RUNNING')) {
        return reserved - mine.filter((t) => t.state === 'COMPLETE').length;
      }
      await sleep(200);
    }
  } finally {
    await s.close();
  }
}

function text(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v ?? null);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

const dir = mkdtempSync(join(tmpdir(), 'keel-soak-'));
mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
const outcomes: Outcome[] = [];
if (process.env['SOAK_ONLY'] !== 'postgres') outcomes.push(await soak(`sqlite:${join(dir, 'soak.db')}`, 'SQLite', dir));
const pg = postgresUrl();
if (pg === undefined) process.stderr.write('PostgreSQL: no server (set KEEL_TEST_POSTGRES_URL or install postgresql); skipped\n');
else outcomes.push(await soak(pg, 'PostgreSQL', dir));
rmSync(dir, { recursive: true, force: true });

const flags = readFileSync('/proc/cpuinfo', 'utf8').match(/^flags\s*:(.*)$/m)?.[1]?.split(' ').filter((f) => /^(avx2|avx512f|avx512_vnni|fma)$/.test(f)).join(' ') ?? 'unknown';
process.stdout.write(`\n${TRIALS} trials, ${WORKERS} keel tune processes, 2 SIGKILLed and restarted; ${cpus().length} cores (${flags})\n`);
process.stdout.write('| storage | wall s | trials/s | COMPLETE | FAIL (code: n) | stuck | doubled | evaluated twice | restarted with | verdict |\n|---|---|---|---|---|---|---|---|---|---|\n');
for (const o of outcomes) {
  process.stdout.write(`| ${o.storage} | ${o.seconds.toFixed(1)} | ${(o.complete / o.seconds).toFixed(1)} | ${o.complete} | ${Object.entries(o.failed).map(([k, v]) => `${k}: ${v}`).join(', ') || '0'} | ${o.stuck} | ${o.doubled} | ${o.evaluatedTwice} | ${o.restartedWith.join(', ')} | ${o.ok ? 'ok' : 'FAILED'} |\n`);
}
writeFileSync(join(ROOT, 'bench/results/tune-soak.json'), JSON.stringify({ date: new Date().toISOString(), trials: TRIALS, workers: WORKERS, cores: cpus().length, flags, outcomes }, null, 2));
if (outcomes.some((o) => !o.ok)) process.exitCode = 1;
