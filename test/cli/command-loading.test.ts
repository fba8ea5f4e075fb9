import { describe, expect, it } from 'vitest';
import { COMMANDS, registrations } from '../../src/cli/commands/index.js';
import { keel } from './run-cli.js';

describe('commands load on demand', () => {
  it('a named command loads its own registration only; help and unknown names load all', async () => {
    expect(await registrations(['predict', '--model', 'm.onnx'])).toEqual([await COMMANDS['predict']!()]);
    expect(await registrations(['--debug', 'quantize'])).toEqual([await COMMANDS['quantize']!()]);
    for (const argv of [[], ['--help'], ['help', 'predict'], ['nope']]) expect((await registrations(argv)).length).toBe(Object.keys(COMMANDS).length);
  });

  it('keel --help still lists every command, in order', () => {
    const r = keel(['--help']);
    expect(r.status).toBe(0);
    const listed = [...r.stdout.matchAll(/^ {2}([a-z]+) \[options\]/gm)].map((m) => m[1]);
    expect(listed).toEqual(Object.keys(COMMANDS));
  });
});
