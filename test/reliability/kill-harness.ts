import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import { Rng } from '../../src/core/index.js';
import { parseNpy } from '../../src/io/index.js';
import { parseOnnx } from '../../src/onnx/index.js';

/**
 * The kill tests (test/reliability/kill-*.test.ts): a command that writes files is SIGKILLed at
 * seeded random moments over its measured duration; afterwards every output must be the previous
 * file or the complete new one, never a partial one. Runs the compiled dist/cli/keel.js.
 */

const MAIN = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'keel.js');
/** Kills per command (the issue asks for 20). */
export const KILLS = 20;
/** What an output holds before the command runs: the "previous file". */
const PREVIOUS = 'previous contents, not written by this command\n';

/** One command under test, run in a fresh folder; `outputs` are relative to that folder. */
export interface KillCase {
  readonly name: string;
  /** Arguments after `keel`; outputs are relative paths (the command runs in its own folder). */
  readonly args: readonly string[];
  /** Files (or folders, ending in `/`) the command writes. */
  readonly outputs: readonly string[];
  /** Files copied into the folder before each run (inputs the command may change, like a study database). */
  readonly setup?: (folder: string) => void;
  /** Runs at once (default 4); a command that keeps both cores busy takes 2, so its kills still fall across its measured duration. */
  readonly parallel?: number;
}

interface Run {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly ms: number;
  readonly stderr: string;
}

function run(folder: string, args: readonly string[], killAfterMs?: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, [MAIN, ...args], { cwd: folder, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('error', reject);
    child.on('close', (status, signal) => {
      if (timer !== undefined) clearTimeout(timer);
      resolve({ status, signal, ms: Date.now() - t0, stderr });
    });
  });
}

/** Every file under the outputs of a case, relative to the run folder. */
function outputFiles(folder: string, outputs: readonly string[]): string[] {
  const files: string[] = [];
  const walk = (p: string): void => {
    if (!existsSync(p)) return;
    if (statSync(p).isDirectory()) for (const e of readdirSync(p)) walk(join(p, e));
    else files.push(relative(folder, p));
  };
  for (const o of outputs) walk(join(folder, o));
  return files.filter((f) => !isTemporary(f)).sort();
}

/** The hidden temporary sibling of an atomic write (`.name.pid.hex.tmp`): never an output itself. */
function isTemporary(file: string): boolean {
  return /^\..*\.\d+\.[0-9a-f]+\.tmp$/.test(basename(file));
}

/** True when `bytes` is a complete file of its kind (used for outputs that differ from run to run). */
function complete(file: string, bytes: Buffer): boolean {
  try {
    if (file.endsWith('.json')) JSON.parse(bytes.toString('utf8'));
    else if (file.endsWith('.npy')) parseNpy(new Uint8Array(bytes), file);
    else if (file.endsWith('.onnx')) parseOnnx(new Uint8Array(bytes), file);
    else if (file.endsWith('.html')) return bytes.toString('utf8').trimEnd().endsWith('</html>');
    else if (file.endsWith('.svg')) return bytes.toString('utf8').trimEnd().endsWith('</svg>');
    else if (file.endsWith('.db')) return finishedStudy(bytes);
    else return false;
    return true;
  } catch {
    return false;
  }
}

/** True when `bytes` are a SQLite study database that passes its integrity check with every trial finished. */
function finishedStudy(bytes: Buffer): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'keel-kill-db-'));
  try {
    writeFileSync(join(dir, 'study.db'), bytes);
    const db = new Database(join(dir, 'study.db'), { readonly: true, fileMustExist: true });
    try {
      const unfinished = db.prepare("SELECT COUNT(*) AS n FROM keel_trials WHERE state IN ('RUNNING', 'WAITING')").get() as { n: number };
      return db.pragma('integrity_check', { simple: true }) === 'ok' && unfinished.n === 0;
    } finally {
      db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs the case twice to completion (its outputs, and which of them are byte-for-byte
 * reproducible), then {@link KILLS} times with every output holding a previous version and a
 * SIGKILL after a seeded delay drawn over the measured duration; asserts that each output is
 * then the previous file or the complete new one. Returns how the kills ended up.
 */
export async function killRepeatedly(root: string, c: KillCase, seed: number): Promise<{ previous: number; replaced: number; durationMs: number }> {
  const refs = [join(root, `${c.name}-ref-a`), join(root, `${c.name}-ref-b`)];
  const timings: number[] = [];
  for (const ref of refs) {
    mkdirSync(ref, { recursive: true });
    c.setup?.(ref);
    const r = await run(ref, c.args);
    expect(r.signal, r.stderr).toBeNull();
    expect([0, 1], `${c.name}: ${r.stderr}`).toContain(r.status);
    timings.push(r.ms);
  }
  const files = outputFiles(refs[0]!, c.outputs);
  expect(files.length, `${c.name} wrote none of ${c.outputs.join(', ')}`).toBeGreaterThan(0);
  const reference = new Map(files.map((f) => [f, readFileSync(join(refs[0]!, f))]));
  const exact = new Set(files.filter((f) => existsSync(join(refs[1]!, f)) && readFileSync(join(refs[1]!, f)).equals(reference.get(f)!)));
  const durationMs = Math.min(...timings);

  const rng = new Rng(seed);
  let previous = 0;
  let replaced = 0;
  const one = async (i: number, delay: number): Promise<void> => {
    const folder = join(root, `${c.name}-kill-${i}`);
    mkdirSync(folder, { recursive: true });
    c.setup?.(folder);
    for (const f of files) {
      mkdirSync(join(folder, f, '..'), { recursive: true });
      writeFileSync(join(folder, f), PREVIOUS);
    }
    await run(folder, c.args, delay);
    for (const f of files) {
      const got = readFileSync(join(folder, f));
      if (got.toString('utf8') === PREVIOUS) {
        previous++;
        continue;
      }
      // A file the command rewrites atomically as it goes (history.json after each epoch) may hold an
      // earlier, complete state; what must never appear is a partial one. Files whose completeness
      // cannot be judged from their bytes must equal the reference.
      const ok = complete(f, got) || (exact.has(f) && got.equals(reference.get(f)!));
      expect(ok, `${c.name}: after a SIGKILL at ${delay} ms, ${f} is neither the previous file nor a complete new one (${got.length} bytes)`).toBe(true);
      replaced++;
    }
    rmSync(folder, { recursive: true, force: true });
  };
  // Four kills at a time (unless the case says otherwise): the file takes a quarter of the time.
  // Delays run from 15% to 110% of the measured duration (the first moments are Node starting,
  // before anything is written).
  const delays = Array.from({ length: KILLS }, () => Math.round(durationMs * (0.15 + 0.95 * rng.uniform())));
  const parallel = c.parallel ?? 4;
  for (let i = 0; i < KILLS; i += parallel) await Promise.all(delays.slice(i, i + parallel).map((d, k) => one(i + k, d)));
  for (const ref of refs) rmSync(ref, { recursive: true, force: true });
  return { previous, replaced, durationMs };
}

/** Copies `from` into the run folder as `name` (inputs a command must find next to itself). */
export function copyInto(from: string, name: string): (folder: string) => void {
  return (folder) => {
    cpSync(from, join(folder, name));
  };
}
