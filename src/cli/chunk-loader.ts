import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Script } from 'node:vm';

/**
 * Runs the bundled CLI's chunks (dist/cli/chunks/, written by scripts/bundle-cli.mjs) through V8's
 * code cache. Node 20 has no compile cache for modules (`module.enableCompileCache` is Node ≥ 22.1),
 * and compiling the chunks a command loads cost a `keel predict` of 200 rows more CPU than Keel's
 * whole share of the job. So the build writes each chunk as a CommonJS-style body (its static
 * imports are `require()`, its dynamic imports `__keelImport()`) plus, beside it, the V8 code
 * cache of its compiled wrapper (`<chunk>.cache`), and this loader compiles a chunk with its cache.
 * A cache V8 rejects (another Node or V8 version, other V8 flags) or a missing one is ignored: the
 * chunk is compiled from its source, as any module would be. Chunk file names carry a hash of
 * their content (V8 checks only a cache's length against the source), so a cache belongs to one
 * chunk's text; the build writes both, never the loader.
 */

/** One chunk's body is compiled inside this function head (the build compiles its cache with the same one). */
export const CHUNK_HEAD = '(function (exports, require, module, __filename, __dirname, __keelImport, __keelImportMetaUrl) {';
/** The end of a chunk's wrapper. */
export const CHUNK_TAIL = '\n})';
/** The suffix of a chunk's code-cache file beside it. */
export const CACHE_SUFFIX = '.cache';

/** The `import()` of the entry module that loads the chunks: packages and files that are not chunks go through it. */
export type Importer = (specifier: string) => Promise<unknown>;

type Exports = Record<string, unknown>;
type ChunkBody = (exports: Exports, require: (specifier: string) => unknown, module: { exports: Exports }, filename: string, dirname: string, dynamicImport: Importer, importMetaUrl: string) => void;

/**
 * Compiles one chunk's text in its wrapper, with its V8 code cache when given.
 * @example `const script = compileChunk('/pkg/dist/cli/chunks/program-ABC.js', source);`
 */
export function compileChunk(file: string, source: string, cachedData?: Buffer): Script {
  return new Script(CHUNK_HEAD + source + CHUNK_TAIL, { filename: file, ...(cachedData === undefined ? {} : { cachedData }) });
}

function readCache(file: string): Buffer | undefined {
  try {
    return readFileSync(file + CACHE_SUFFIX);
  } catch {
    return undefined;
  }
}

/** Loaded chunks by absolute path (each runs once, as a module does; cycles see the partial exports). */
const loaded = new Map<string, { readonly module: { exports: Exports }; script?: Script }>();

/**
 * The exports of a bundled chunk, loading it (and the chunks it imports) on first use.
 * `importer` is the entry module's own `import()`, for packages and files that are not chunks.
 * @example `const { runCli } = loadChunk(new URL('./chunks/program-ABC.js', import.meta.url), (s) => import(s));`
 */
export function loadChunk(url: URL, importer: Importer): Exports {
  return load(fileURLToPath(url), importer);
}

function load(file: string, importer: Importer): Exports {
  const hit = loaded.get(file);
  if (hit !== undefined) return hit.module.exports;
  const module = { exports: {} as Exports };
  const entry: { readonly module: { exports: Exports }; script?: Script } = { module };
  loaded.set(file, entry);
  const dir = dirname(file);
  const isChunk = (s: string): boolean => s.startsWith('./') || s.startsWith('../');
  const nodeRequire = createRequire(file);
  const require = (s: string): unknown => (isChunk(s) ? load(resolve(dir, s), importer) : nodeRequire(s));
  const dynamicImport: Importer = (s) => (isChunk(s) ? Promise.resolve().then(() => load(resolve(dir, s), importer)) : importer(s));
  entry.script = compileChunk(file, readFileSync(file, 'utf8'), readCache(file));
  const body = entry.script.runInThisContext() as ChunkBody;
  body.call(module.exports, module.exports, require, module, file, dir, dynamicImport, pathToFileURL(file).href);
  return module.exports;
}

/**
 * The compiled script of every chunk loaded so far, by file: the build runs a command through
 * {@link loadChunk} and writes each one's code cache then, so that the functions that command ran
 * are compiled in its cache too.
 * @example `for (const [file, script] of loadedChunks()) writeFileSync(file + CACHE_SUFFIX, script.createCachedData());`
 */
export function loadedChunks(): ReadonlyMap<string, Script> {
  return new Map([...loaded].flatMap(([file, e]) => (e.script === undefined ? [] : [[file, e.script] as const])));
}
