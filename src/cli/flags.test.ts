import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { isKeelError } from '../core/index.js';
import { addFlags, readFlags, type FlagTable } from './flags.js';
import { nonNegativeInt } from './options.js';
import { VOCABULARY } from './vocabulary.js';

interface Opts {
  readonly model: string;
  readonly data: string;
  readonly seed?: number;
  readonly shuffle?: boolean;
  readonly hidden?: string;
}

const TABLE: FlagTable<Opts> = {
  model: { flag: '--model <path>', help: 'ONNX model', required: true },
  data: { ...VOCABULARY.data, required: true, deprecated: ['--input'] },
  seed: { flag: '--seed <n>', help: 'seed', parse: nonNegativeInt('--seed'), default: 7 },
  shuffle: { flag: '--no-shuffle', help: 'keep the file order' },
  hidden: null,
};

function parse(argv: readonly string[]): { opts: Opts; notes: string[] } {
  const cmd = addFlags(new Command('t').exitOverride(), TABLE);
  cmd.parse([...argv], { from: 'user' });
  const notes: string[] = [];
  return { opts: readFlags(TABLE, cmd, 't', (l) => notes.push(l)), notes };
}

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('flag tables', () => {
  it('fill the options object by table key, with declared defaults and negated switches', () => {
    expect(parse(['--model', 'm.onnx', '--data', 'x.npy']).opts).toEqual({ model: 'm.onnx', data: 'x.npy', seed: 7, shuffle: true });
    expect(parse(['--model', 'm.onnx', '--data', 'x.npy', '--seed', '3', '--no-shuffle']).opts).toEqual({ model: 'm.onnx', data: 'x.npy', seed: 3, shuffle: false });
  });

  it('accept a deprecated spelling with one note naming the new flag', () => {
    const { opts, notes } = parse(['--model', 'm.onnx', '--input', 'x.npy']);
    expect(opts.data).toBe('x.npy');
    expect(notes).toEqual(['keel: note: --input is deprecated; use --data (same meaning)']);
  });

  it('refuse both spellings at once and a missing required flag, as typed usage errors', () => {
    expect(isKeelError(thrown(() => parse(['--model', 'm.onnx', '--input', 'a.npy', '--data', 'b.npy'])), 'CONFLICTING_OPTIONS')).toBe(true);
    const missing = thrown(() => parse(['--model', 'm.onnx']));
    expect(isKeelError(missing, 'MISSING_OPTION')).toBe(true);
    expect((missing as Error).message).toContain("'--data <path>'");
  });

  it('generate --help from the table: help, required marks and defaults; deprecated spellings hidden', () => {
    const help = addFlags(new Command('t'), TABLE).helpInformation();
    expect(help).toContain('--model <path>');
    expect(help).toMatch(/ONNX model \(required\)/);
    expect(help).toContain('(default: 7)');
    expect(help).toContain('--no-shuffle');
    expect(help).not.toContain('--input');
    expect(help).not.toContain('hidden');
  });

  it('take a flag the parent command shares (and commander gave to it) as given to the subcommand', () => {
    const parent = addFlags(new Command('p').exitOverride(), TABLE).action(() => undefined);
    const sub = addFlags(parent.command('sub').exitOverride(), TABLE).action(() => undefined);
    parent.parse(['sub', '--model', 'm.onnx', '--data', 'd.csv', '--seed', '3'], { from: 'user' });
    expect(parent.opts()).toMatchObject({ model: 'm.onnx', data: 'd.csv', seed: 3 });
    expect(readFlags(TABLE, sub, 'p sub')).toEqual({ model: 'm.onnx', data: 'd.csv', seed: 3, shuffle: true });
  });
});
