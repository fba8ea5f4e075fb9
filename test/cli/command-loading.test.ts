import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
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
    for (const argv of [[], ['--help'], ['help', 'predict'], ['nope'], ['--version', '--help']]) expect((await registrations(argv)).length).toBe(Object.keys(COMMANDS).length);
    expect(await registrations(['--version'])).toEqual([]);
  });

  it('keel --version prints the version without loading any command', () => {
    const r = keel(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe((JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string }).version);
  });

  it('keel --help still lists every command, in order', () => {
    const r = keel(['--help']);
    expect(r.status).toBe(0);
    const listed = [...r.stdout.matchAll(/^ {2}([a-z]+) \[options\]/gm)].map((m) => m[1]);
    expect(listed).toEqual(Object.keys(COMMANDS));
  });

  it('keel predict on an .npy loads a few bundle chunks, each from its code cache: no training, graph-import, tabular or text code, no child_process (its start-up is what it costs above onnxruntime)', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'keel-loading-'));
    const log = join(tmp, 'loaded.txt');
    const chunks = join(tmp, 'chunks.txt');
    const atExit = join(tmp, 'at-exit.json');
    // A module loader hook that records every ES module the process loads; vm.Script wrapped to
    // record each chunk the bundle's loader compiles and whether V8 took its code cache; and at
    // exit the Node built-ins loaded and the CommonJS modules required (the chunks require their
    // packages, onnxruntime-node among them; the ES module hook does not see those).
    writeFileSync(join(tmp, 'hooks.mjs'), `import { appendFileSync } from 'node:fs';\nexport async function load(url, ctx, next) { appendFileSync(${JSON.stringify(log)}, url + '\\n'); return next(url, ctx); }\n`);
    writeFileSync(join(tmp, 'register.mjs'), [
      "import { createRequire, register, syncBuiltinESMExports } from 'node:module';",
      "import { appendFileSync, writeFileSync } from 'node:fs';",
      "import vm from 'node:vm';",
      `register(${JSON.stringify(pathToFileURL(join(tmp, 'hooks.mjs')).href)});`,
      `vm.Script = class extends vm.Script { constructor(code, o) { super(code, o); appendFileSync(${JSON.stringify(chunks)}, o.filename + '\\t' + String(this.cachedDataRejected) + '\\n'); } };`,
      'syncBuiltinESMExports();',
      `process.on('exit', () => writeFileSync(${JSON.stringify(atExit)}, JSON.stringify({ builtins: process.moduleLoadList, required: Object.keys(createRequire(import.meta.url).cache) })));`,
    ].join('\n'));
    // PyTorch's CNN (Conv, Relu, MaxPool, Gemm: all Keel ops), so no import is needed to name a blocking op.
    const cli = join(import.meta.dirname, '../../dist/cli');
    const r = spawnSync(process.execPath, ['--import', join(tmp, 'register.mjs'), join(cli, 'keel.js'), 'predict', '--model', join(ref, 'cnn.onnx'), '--data', join(ref, 'cnn_x.npy'), '--out', join(tmp, 'y.npy')], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(maxAbsDiff(readNpy(join(tmp, 'y.npy')), readNpy(join(ref, 'cnn_logits.npy')))).toBeLessThan(1e-4);
    // The only ES module of ours is the entry; Keel's code comes from a few chunk files, not ~50
    // modules compiled by tsc, and V8 took every chunk's code cache (the test runs the Node that built them).
    const mine = (f: string): string => relative(cli, f).split(sep).join('/');
    const esm = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    expect(esm.filter((u) => u.startsWith(`${pathToFileURL(join(cli, '..')).href}/`)).map((u) => mine(fileURLToPath(u)))).toEqual(['keel.js']);
    const compiled = readFileSync(chunks, 'utf8').split('\n').filter(Boolean).map((l) => l.split('\t') as [string, string]);
    const ours = compiled.map(([f]) => mine(f));
    expect(ours.filter((f) => !/^chunks\/[\w-]+\.js$/.test(f))).toEqual([]);
    expect(ours.length).toBeLessThan(12);
    expect(compiled.filter(([, rejected]) => rejected !== 'false')).toEqual([]);
    // What those chunks hold, as the bundler recorded it (scripts/bundle-cli.mjs).
    const modules = JSON.parse(readFileSync(join(cli, 'chunks/modules.json'), 'utf8')) as Record<string, string[]>;
    const inside = ours.flatMap((f) => modules[f] ?? [`${f} is not in chunks/modules.json`]);
    expect(inside.some((m) => m.startsWith('dist/session/'))).toBe(true);
    const heavy = inside.filter((m) => /^dist\/(train|nn|ops|autodiff|optim|onnx|runtime|model|data|text)\/|\bnot in\b/.test(m) || (m.startsWith('node_modules/') && !m.startsWith('node_modules/commander/')));
    expect(heavy).toEqual([]);
    const exit = JSON.parse(readFileSync(atExit, 'utf8')) as { builtins: string[]; required: string[] };
    expect(exit.required.some((f) => f.includes('onnxruntime-node'))).toBe(true);
    expect([...esm, ...exit.required].filter((u) => /node_modules[\\/](onnx-proto|protobufjs|zod|csv-parse)[\\/]/.test(u))).toEqual([]);
    // node:crypto and node:zlib cost more to load than predicting 200 rows spends in Keel (io loads
    // them on use); commander requires node:child_process only to run executable subcommands, and
    // the bundle hands it one that loads on first use.
    expect(exit.builtins).toContain('NativeModule fs');
    expect(exit.builtins.filter((m) => /^NativeModule (crypto|zlib|child_process)$/.test(m))).toEqual([]);
  });
});

