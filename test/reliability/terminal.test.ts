import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeControl, Progress, warn } from '../../src/core/index.js';

/** A stream that records what was written. */
function recorder(isTTY: boolean): { isTTY: boolean; text: string; write(s: string): boolean } {
  return { isTTY, text: '', write(s: string) { this.text += s; return true; } };
}

describe('control characters from data never reach the terminal raw', () => {
  it('escapeControl shows ANSI escapes, carriage returns, NUL and bidi overrides as text', () => {
    expect(escapeControl('x\x1b[2J\x1b]0;pwned\x07y')).toBe('x\\x1b[2J\\x1b]0;pwned\\x07y');
    expect(escapeControl('a\rb\nc\td\0e\u009bf')).toBe('a\\rb\\nc\\td\\x00e\\x9bf');
    expect(escapeControl('evil\u202egnp.exe')).toBe('evil\\u202egnp.exe');
    expect(escapeControl('naïve – 東京 ✓')).toBe('naïve – 東京 ✓');
  });

  it('warn prints one escaped line', () => {
    const s = recorder(false);
    warn('column "\x1b[31mred" is constant', s);
    expect(s.text).toBe('keel: warning: column "\\x1b[31mred" is constant\n');
  });
});

describe('Progress', () => {
  it('prints plain lines with counts, rate and ETA when the stream is not a TTY', () => {
    const s = recorder(false);
    const p = new Progress({ label: 'cross-validation', total: 4, unit: 'fold', stream: s, intervalMs: 0 });
    for (let k = 1; k <= 4; k++) p.tick(1, `fold ${k} \x1b[1mdone`);
    p.done('4 folds');
    const lines = s.text.trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[1]).toMatch(/^cross-validation {2}2\/4 \(50%\) {2}.* (fold\/s|s\/fold) {2}ETA .* {2}fold 2 \\x1b\[1mdone$/);
    expect(lines[4]).toBe('4 folds');
    expect(s.text).not.toContain('\x1b');
  });

  it('prints nothing between intervals on a non-TTY and redraws a bar in place on a TTY', () => {
    const quiet = recorder(false);
    const q = new Progress({ label: 'epoch 1/2', total: 1000, stream: quiet, intervalMs: 60_000 });
    for (let i = 0; i < 1000; i++) q.tick();
    expect(quiet.text).toBe('');
    const tty = recorder(true);
    const p = new Progress({ label: 'epoch 1/2', total: 10, unit: 'batch', stream: tty });
    for (let i = 0; i < 10; i++) p.tick(1, 'loss 0.5');
    expect(tty.text).toMatch(/^\r\x1b\[2Kepoch 1\/2 {2}\[[=.]{24}\] {2}\d+\/10/);
    expect(tty.text).toContain('[========================]  10/10 (100%)');
    p.done();
    expect(tty.text.endsWith('\r\x1b[2K')).toBe(true);
  });

  it('prints permanent lines above the bar: the bar is cleared first and drawn again at the next update', () => {
    const tty = recorder(true);
    const p = new Progress({ label: 'tune', total: 3, unit: 'trial', stream: tty });
    p.set(1, 'trial 2 epoch 1');
    const bar = tty.text;
    expect(bar).toMatch(/^\r\x1b\[2Ktune {2}\[[=.]{24}\] {2}1\/3/);
    p.line('  trial 2/3  complete \x1b[31m');
    expect(tty.text.slice(bar.length)).toBe('\r\x1b[2K  trial 2/3  complete \\x1b[31m\n');
    p.set(2);
    expect(tty.text.slice(bar.length)).toMatch(/\n\r\x1b\[2Ktune {2}\[[=.]{24}\] {2}2\/3/);
    const plain = recorder(false);
    const q = new Progress({ label: 'demo', stream: plain, intervalMs: 60_000 });
    q.line('[1/4] data');
    q.tick();
    expect(plain.text).toBe('[1/4] data\n');
  });
});

describe('long CLI work shows progress lines when stderr is not a terminal', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keel-progress-'));
  const rows = readFileSync(join(import.meta.dirname, '../fixtures/data/breast_cancer.csv'), 'utf8').trim().split('\n').slice(1);
  writeFileSync(join(dir, 'cancer.csv'), [[...Array.from({ length: 30 }, (_, j) => `f${j}`), 'y'].join(','), ...rows].join('\n') + '\n');

  it('keel train prints batch progress inside an epoch (rate and ETA)', () => {
    const r = spawnKeel(['train', '--data', 'cancer.csv', '--target', 'y', '--model', 'linear', '--epochs', '1', '--batch-size', '16', '--out', 'run'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^epoch 1\/1 {2}\d+\/\d+ \(\d+%\) {2}.*(batch\/s|s\/batch) {2}ETA \S+ {2}loss \d/m);
  });

  it('keel check --folds prints one line per fold', () => {
    const r = spawnKeel(['check', '--data', 'cancer.csv', '--target', 'y', '--folds', '3', '--json', 'c.json'], dir);
    expect(r.status, r.stderr).toBe(0);
    for (let k = 1; k <= 3; k++) expect(r.stderr).toMatch(new RegExp(`^label issues: cross-validation {2}${k}/3 .*fold ${k} held-out accuracy 0\\.\\d+$`, 'm'));
  });
});

/** Runs the built CLI with progress lines on every update (KEEL_PROGRESS_MS=0). */
function spawnKeel(args: readonly string[], cwd: string): { status: number; stderr: string } {
  const r = spawnSync(process.execPath, [join(import.meta.dirname, '../../dist/cli/keel.js'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, KEEL_PROGRESS_MS: '0' } });
  return { status: r.status ?? -1, stderr: r.stderr };
}

describe('keel explain shows progress over the rows it evaluates', () => {
  it('integrated gradients with many steps prints the row count and rate', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-explain-progress-'));
    const ref = (f: string): string => join(import.meta.dirname, '../fixtures/torch-reference', f);
    const r = spawnKeel(['explain', '--model', ref('cnn.onnx'), '--data', ref('cnn_x.npy'), '--labels', ref('cnn_y.npy'), '--method', 'integrated-gradients', '--steps', '64', '--out', 'a.npy'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^explain \(integrated-gradients\) {2}\d+ rows {2}[\d.]+ (row\/s|s\/row) {2}\S+ elapsed$/m);
  });
});
