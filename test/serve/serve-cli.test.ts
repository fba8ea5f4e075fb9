import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '../../dist/cli/keel.js');

/** Starts `keel serve` with `args`, waits for its first stdout line, returns it and stops the server. */
async function firstLine(args: readonly string[]): Promise<string> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--root', mkdtempSync(join(tmpdir(), 'keel-serve-')), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    return await new Promise<string>((ok, fail) => {
      let out = '';
      let err = '';
      child.stdout.on('data', (b: Buffer) => {
        out += b.toString('utf8');
        if (out.includes('\n')) ok(out.split('\n')[0]!);
      });
      child.stderr.on('data', (b: Buffer) => (err += b.toString('utf8')));
      child.on('exit', (code) => { fail(new Error(`keel serve exited ${code ?? 'by signal'}: ${err}`)); });
    });
  } finally {
    child.kill('SIGTERM');
  }
}

/** Resolves to true when a TCP connection to address:port opens. */
function reachable(address: string, port: number): Promise<boolean> {
  return new Promise((ok) => {
    const s = connect(port, address);
    s.on('connect', () => { s.destroy(); ok(true); });
    s.on('error', () => { ok(false); });
  });
}

describe('keel serve (CLI)', () => {
  it('listens on 127.0.0.1 only unless another interface is asked for', async () => {
    const line = await firstLine([]);
    const m = /^keel dashboard on http:\/\/127\.0\.0\.1:(\d+)\/ \(read-only\)$/.exec(line);
    expect(m, line).not.toBeNull();
    const open = await firstLine(['--host', '0.0.0.0']);
    expect(open).toMatch(/^keel dashboard on http:\/\/0\.0\.0\.0:\d+\/ \(read-only; listening on 0\.0\.0\.0, reachable from other machines\)$/);
  });

  it('is not reachable on a public interface by default', async () => {
    const external = Object.values(networkInterfaces()).flat().find((i) => i?.family === 'IPv4' && !i.internal)?.address;
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--root', mkdtempSync(join(tmpdir(), 'keel-serve-'))], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const port = await new Promise<number>((ok) => {
        child.stdout.on('data', (b: Buffer) => { ok(Number(/:(\d+)\//.exec(b.toString('utf8'))?.[1])); });
      });
      expect(await reachable('127.0.0.1', port)).toBe(true);
      if (external !== undefined) expect(await reachable(external, port)).toBe(false);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
