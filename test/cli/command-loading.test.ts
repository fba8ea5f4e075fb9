import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COMMANDS, registrations } from '../../src/cli/commands/index.js';
import { readNpy } from '../../src/io/index.js';
import { maxAbsDiff } from '../helpers/compare.js';
import { keel } from './run-cli.js';

const ref = join(import.meta.dirname, '../fixtures/torch-reference');

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

  it('keel predict on an .npy loads no training, graph-import, tabular or text code (its start-up is what it costs above onnxruntime)', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'keel-loading-'));
    const log = join(tmp, 'loaded.txt');
    // A module loader hook that records every module the process loads.
    writeFileSync(join(tmp, 'hooks.mjs'), `import { appendFileSync } from 'node:fs';\nexport async function load(url, ctx, next) { appendFileSync(${JSON.stringify(log)}, url + '\\n'); return next(url, ctx); }\n`);
    writeFileSync(join(tmp, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(tmp, 'hooks.mjs')).href)});\n`);
    // PyTorch's CNN (Conv, Relu, MaxPool, Gemm: all Keel ops), so no import is needed to name a blocking op.
    const bin = join(import.meta.dirname, '../../dist/cli/main.js');
    const r = spawnSync(process.execPath, ['--import', join(tmp, 'register.mjs'), bin, 'predict', '--model', join(ref, 'cnn.onnx'), '--data', join(ref, 'cnn_x.npy'), '--out', join(tmp, 'y.npy')], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(maxAbsDiff(readNpy(join(tmp, 'y.npy')), readNpy(join(ref, 'cnn_logits.npy')))).toBeLessThan(1e-4);
    const loaded = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    expect(loaded.some((u) => u.includes('/dist/session/'))).toBe(true);
    const heavy = loaded.filter((u) => /\/dist\/(train|nn|ops|autodiff|optim|onnx|runtime|model|data|text)\/|node_modules\/(onnx-proto|protobufjs|zod|csv-parse)\//.test(u));
    expect(heavy).toEqual([]);
    // node:crypto and node:zlib cost more to load than predicting 200 rows spends in Keel; io loads them on use.
    expect(loaded.filter((u) => /^node:(crypto|zlib)$/.test(u))).toEqual([]);
  });
});

