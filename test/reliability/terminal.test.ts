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
});
