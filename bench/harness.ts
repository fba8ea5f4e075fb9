import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One measured row of a benchmark table. */
export interface Row {
  readonly workload: string;
  readonly engine: string;
  readonly msPerStep?: number;
  readonly samplesPerS?: number;
  readonly note?: string;
}

/** Repository root (benchmarks compile to dist-bench/bench/). */
export const ROOT = join(import.meta.dirname, '../..');

/** The value after `--NAME` on the bench's command line, or `fallback` when the flag is absent (or last). */
export function benchArg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`, 2);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

/** Median of several timings (these machines are noisy). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

/**
 * Runs a peer command that prints JSON lines; returns the parsed lines, and an error note when it
 * failed or ran out of time (the lines it printed before that are kept).
 */
export function peer(cmd: string, args: readonly string[], env: Record<string, string> = {}, timeoutMs = 600_000): { lines: Record<string, unknown>[]; error?: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, ...env }, timeout: timeoutMs, cwd: ROOT });
  const lines = (r.stdout ?? '').split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
  if (r.status !== 0) return { lines, error: r.error?.message.includes('ETIMEDOUT') ? `stopped after ${timeoutMs / 60_000} min` : ((r.stderr || r.error?.message || 'failed').split('\n').filter(Boolean).slice(-1)[0] ?? 'failed') };
  return { lines };
}

/** Prints a table and writes it as JSON under bench/results/. */
export function report(name: string, rows: readonly Row[], extra: Record<string, unknown> = {}): void {
  const fmt = (v: number | undefined, d = 1): string => (v === undefined ? '–' : v.toFixed(d));
  const header = '| workload | engine | ms/step | samples/s | note |\n|---|---|---|---|---|';
  const body = rows.map((r) => `| ${r.workload} | ${r.engine} | ${fmt(r.msPerStep, 2)} | ${fmt(r.samplesPerS, 0)} | ${r.note ?? ''} |`).join('\n');
  process.stdout.write(`\n${header}\n${body}\n`);
  for (const [k, v] of Object.entries(extra)) process.stdout.write(`${k}: ${typeof v === 'number' ? v.toFixed(2) : JSON.stringify(v)}\n`);
  const dir = join(ROOT, 'bench/results');
  mkdirSync(dir, { recursive: true });
  const cpu = execFileSync('sh', ['-c', "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], { encoding: 'utf8' }).trim();
  writeFileSync(join(dir, `${name}.json`), JSON.stringify({ date: new Date().toISOString(), cpu, cores: 2, rows, ...extra }, null, 2));
}
