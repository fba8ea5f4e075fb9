import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, readSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMnist } from '../../src/datasets/index.js';
import { writeNpy } from '../../src/io/index.js';
import { keel } from '../cli/run-cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'keel-resume-'));
const { train } = loadMnist({ shape: 'flat', trainLimit: 1500 });
writeNpy(join(tmp, 'x.npy'), train.x);
writeNpy(join(tmp, 'y.npy'), train.y);
const bin = join(import.meta.dirname, '../../dist/cli/keel.js');
const args = (out: string): string[] => ['train', '--data', join(tmp, 'x.npy'), '--labels', join(tmp, 'y.npy'), '--model', 'mlp', '--epochs', '6', '--batch-size', '32', '--val-split', '0.2', '--early-stopping', '10', '--seed', '3', '--out', out];

/** Completed epochs recorded in a checkpoint's JSON header (0 when absent or mid-rename). */
function checkpointEpoch(dir: string): number {
  const p = join(dir, 'checkpoint.bin');
  if (!existsSync(p)) return 0;
  try {
    const fd = openSync(p, 'r');
    const head = Buffer.alloc(4096);
    const n = readSync(fd, head, 0, 4096, 0);
    closeSync(fd);
    const m = /"epoch":(\d+)/.exec(head.subarray(4, n).toString('latin1'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

describe('keel train --out DIR survives SIGKILL; --resume DIR ends exactly like an uninterrupted run', () => {
  it('kills a real training process mid-run and resumes to identical weights and history', async () => {
    const full = join(tmp, 'full');
    const r = keel(args(full));
    expect(r.status, r.stderr).toBe(0);

    const cut = join(tmp, 'cut');
    const child = spawn(process.execPath, [bin, ...args(cut)], { stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((res) => child.on('exit', (_code, sig) => {
      res(sig);
    }));
    let killedAfter = 0;
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline && child.exitCode === null) {
      killedAfter = checkpointEpoch(cut);
      if (killedAfter >= 2) {
        child.kill('SIGKILL');
        break;
      }
      await new Promise((res) => setTimeout(res, 20));
    }
    expect(await exited).toBe('SIGKILL');
    expect(killedAfter).toBeGreaterThanOrEqual(2);
    expect(checkpointEpoch(cut)).toBeLessThan(6);
    expect(existsSync(join(cut, 'model.onnx'))).toBe(false);

    const resumed = keel(['train', '--resume', cut]);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/resumed after epoch [2-5]/);
    const json = (dir: string, f: string): unknown => JSON.parse(readFileSync(join(dir, f), 'utf8'));
    expect(json(cut, 'history.json')).toEqual(json(full, 'history.json'));
    expect((json(cut, 'history.json') as unknown[]).length).toBe(6);
    expect(Buffer.compare(readFileSync(join(cut, 'model.onnx')), readFileSync(join(full, 'model.onnx')))).toBe(0);
    expect(json(cut, 'diagnosis.json')).toEqual(json(full, 'diagnosis.json'));
  }, 180_000);
});
