// Bundles the compiled CLI (dist/cli/*.js, written by tsc) into dist/cli/keel.js, the `keel`
// binary, plus its on-demand chunks in dist/cli/chunks/. Why: Node 20 has no compile cache, and
// resolving, reading and compiling the ~50 ESM modules of a command's static graph cost more than
// a whole 200-row prediction spends in onnxruntime; one file per chunk is one resolve and one parse.
// Each command's registration stays a dynamic import(), so `keel predict` loads predict's chunks
// only (esbuild's code splitting). Our own code and commander are bundled; every other package
// (onnxruntime-node, onnx-proto, zod, csv-parse, ...) stays external and loads from node_modules
// when used. Run by `npm run build` after tsc (and by the test setup).
//
// Then, so that the chunks need not be compiled at every start either, each chunk is rewritten
// as a CommonJS-style body (static imports become require(), dynamic ones __keelImport(),
// import.meta.url __keelImportMetaUrl) and its V8 code cache is written beside it
// (<chunk>.cache); dist/cli/chunk-loader.js runs them. keel.js is main.js with its import of
// ./program.js replaced by loading the program chunk (chunks/tune-worker.js likewise for the
// `keel tune --workers` processes). A cache is made by the Node that builds and is used only by
// the same V8 with the same flags; any other Node compiles the chunks from their source.
// Usage: node scripts/bundle-cli.mjs [distDir]   (default: dist beside this script's parent)
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, transform } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = process.argv[2] ?? join(root, 'dist');
const cli = join(dist, 'cli');
for (const f of ['main.js', 'program.js', 'chunk-loader.js']) {
  if (!existsSync(join(cli, f))) {
    process.stderr.write(`bundle-cli: ${relative(process.cwd(), join(cli, f))} is missing; run tsc first (npm run build does both)\n`);
    process.exit(1);
  }
}
const { compileChunk, CACHE_SUFFIX } = await import(pathToFileURL(join(cli, 'chunk-loader.js')).href);
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
// Every dependency but commander stays a package import (native code, optional ones, large lazily-used ones).
const external = Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies }).filter((d) => d !== 'commander');
const posix = (p) => p.split('\\').join('/');

/**
 * commander requires node:child_process when it loads, only to run git-style executable
 * subcommands, which keel has none of; loading it costs ≈ 2 ms of every start. This hands
 * commander an object that loads it on first use instead.
 */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (a) => (/[\\/]node_modules[\\/]commander[\\/]/.test(a.importer) ? { path: 'child_process', namespace: 'keel-lazy' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'keel-lazy' }, () => ({
      contents: "let m; module.exports = new Proxy({}, { get: (_, k) => (m ??= require('node:child_process'))[k] });",
      loader: 'js',
    }));
  },
};

const out = join(cli, `.bundle-${process.pid}`);
rmSync(out, { recursive: true, force: true });
// 1. The program and the tune worker's module, split into chunks (ES modules at this step).
// Entry chunks get a content hash in their names too: a code cache is tied to its chunk's text.
const entries = { 'program.js': 'program', 'commands/tune.js': 'tune' };
const split = await build({
  entryPoints: Object.entries(entries).map(([file, name]) => ({ in: join(cli, file), out: `chunks/${name}` })),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir: out,
  entryNames: '[dir]/[name]-[hash]',
  chunkNames: 'chunks/[name]-[hash]',
  external,
  plugins: [lazyChildProcess],
  metafile: true,
  absWorkingDir: root,
  logLevel: 'warning',
  write: false,
});
const outputs = Object.entries(split.metafile.outputs).map(([file, o]) => ({ file: posix(relative(out, join(root, file))), meta: o }));
const entryChunk = (src) => {
  const o = outputs.find((x) => x.meta.entryPoint === posix(relative(root, join(cli, src))));
  if (o === undefined) throw new Error(`bundle-cli: no chunk for the entry ${src}`);
  return o;
};

// 2. Each chunk as a CommonJS-style body for chunk-loader.js, and its code cache.
const DYNAMIC_IMPORT = /(?<![\w$.])import\(/;
for (const f of split.outputFiles) {
  const name = posix(relative(out, f.path));
  let code = f.text;
  // Every `import(` in esbuild's output must be a dynamic import (none in a string or a regular
  // expression): esbuild itself, told that dynamic import is unsupported, rewrites all of them,
  // so any left in its output are text.
  const probe = await transform(code, { format: 'esm', platform: 'node', target: 'node20', supported: { 'dynamic-import': false } });
  if (DYNAMIC_IMPORT.test(probe.code)) throw new Error(`bundle-cli: ${name} has "import(" that is not a dynamic import; it cannot be rewritten safely`);
  code = code.replace(new RegExp(DYNAMIC_IMPORT, 'g'), '__keelImport(');
  const cjs = await transform(code, { format: 'cjs', platform: 'node', target: 'node20', define: { 'import.meta.url': '__keelImportMetaUrl' }, logLevel: 'silent' });
  if (cjs.warnings.length > 0 || /\bimport\.meta\b/.test(cjs.code)) throw new Error(`bundle-cli: ${name} did not convert cleanly: ${cjs.warnings.map((w) => w.text).join('; ') || 'import.meta left'}`);
  const file = join(out, name);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, cjs.code);
  writeFileSync(file + CACHE_SUFFIX, compileChunk(join(cli, name), cjs.code).createCachedData());
}

// 3. The caches of the chunks `keel predict` loads are made again after a prediction (an in-repo
// fixture, run in this process through the loader), so they hold the functions it ran as well as
// the top-level code: its start-up then compiles almost nothing (≈ 4 ms of CPU less than caches
// of the bare compile, in paired runs). If that run fails, those chunks keep their first caches.
{
  const { loadChunk, loadedChunks } = await import(pathToFileURL(join(cli, 'chunk-loader.js')).href);
  const { runCli } = loadChunk(pathToFileURL(join(out, entryChunk('program.js').file)), (s) => import(s));
  const fixtures = join(root, 'test/fixtures/torch-reference');
  const tmp = mkdtempSync(join(tmpdir(), 'keel-bundle-'));
  const exitCode = process.exitCode;
  // The build prints nothing on stdout (`npm pack --json` runs it and parses its stdout): the
  // prediction's "wrote ..." line is dropped; its errors still go to stderr.
  const stdoutWrite = process.stdout.write;
  process.stdout.write = () => true;
  try {
    await runCli(['node', 'keel', 'predict', '--model', join(fixtures, 'cnn.onnx'), '--data', join(fixtures, 'cnn_x.npy'), '--out', join(tmp, 'y.npy')], pkg.version);
  } finally {
    process.stdout.write = stdoutWrite;
  }
  rmSync(tmp, { recursive: true, force: true });
  if (process.exitCode === exitCode) for (const [file, script] of loadedChunks()) writeFileSync(file + CACHE_SUFFIX, script.createCachedData());
  else process.stderr.write('bundle-cli: the warm-up prediction failed (above); its chunks keep the caches of their bare compile\n');
  process.exitCode = exitCode;
}

// 4. The entries: main.js (keel.js) and commands/tune-worker.js (chunks/tune-worker.js, beside
// tune's chunk, where tune.js starts it from), each with its import of the split entry replaced
// by loading that entry's chunk.
const loader = join(cli, 'chunk-loader.js');
for (const [src, dest, target] of [['main.js', 'keel.js', 'program.js'], ['commands/tune-worker.js', 'chunks/tune-worker.js', 'commands/tune.js']]) {
  const chunk = entryChunk(target);
  const url = posix(relative(dirname(join(out, dest)), join(out, chunk.file)));
  await build({
    entryPoints: [join(cli, src)],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outfile: join(out, dest),
    external,
    absWorkingDir: root,
    logLevel: 'warning',
    plugins: [{
      name: 'load-chunk',
      setup(b) {
        b.onResolve({ filter: /\.js$/ }, (a) => (join(a.resolveDir, a.path) === join(cli, target) ? { path: target, namespace: 'keel-chunk' } : undefined));
        b.onLoad({ filter: /.*/, namespace: 'keel-chunk' }, () => ({
          contents: [
            `import { loadChunk } from ${JSON.stringify(loader)};`,
            `const chunk = loadChunk(new URL(${JSON.stringify(`./${url}`)}, import.meta.url), (s) => import(s));`,
            ...chunk.meta.exports.map((e) => `export const ${e} = chunk[${JSON.stringify(e)}];`),
          ].join('\n'),
          resolveDir: cli,
          loader: 'js',
        }));
      },
    }],
  });
}

// Which modules each chunk holds (keys relative to dist/cli/): test/cli/command-loading.test.ts
// reads it to check what `keel predict` loads.
const modules = Object.fromEntries(outputs.map(({ file, meta }) => [file, Object.keys(meta.inputs)]));
writeFileSync(join(out, 'chunks', 'modules.json'), `${JSON.stringify(modules, null, 1)}\n`);
// Swap the fresh bundle in (no stale chunks or caches of an older build stay behind).
rmSync(join(cli, 'chunks'), { recursive: true, force: true });
renameSync(join(out, 'chunks'), join(cli, 'chunks'));
renameSync(join(out, 'keel.js'), join(cli, 'keel.js'));
rmSync(out, { recursive: true, force: true });
chmodSync(join(cli, 'keel.js'), 0o755);
// dist/cli/main.js (tsc's unbundled CLI, 0644 as tsc writes it) was the bin before the bundle. npx keeps
// the bin links it made for a project in its cache (~/.npm/_npx, keyed by the project's path) and does
// not remake them, so a checkout where `npx keel` ran before still links keel to main.js: keep it
// executable too, or such a machine fails with "keel: Permission denied" (the CI did, exit 127).
chmodSync(join(cli, 'main.js'), 0o755);
