import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CACHE_SUFFIX, compileChunk, loadChunk, loadedChunks } from './chunk-loader.js';

/** Two chunks as the build writes them: `main` requires `dep` statically and imports it and a package dynamically. */
function chunks(cache: 'made' | 'foreign' | 'none'): { main: string; dep: string } {
  const dir = mkdtempSync(join(tmpdir(), 'keel-chunks-'));
  const dep = join(dir, 'dep-AAAA.js');
  const main = join(dir, 'main-BBBB.js');
  writeFileSync(dep, 'globalThis.keelChunkRuns = (globalThis.keelChunkRuns ?? 0) + 1;\nmodule.exports = { twice: (x) => 2 * x };');
  writeFileSync(main, [
    'const dep = require("./dep-AAAA.js");',
    'exports.run = async () => {',
    '  const again = await __keelImport("./dep-AAAA.js");',
    '  const path = await __keelImport("node:path");',
    '  return { value: dep.twice(21), same: again === dep, base: path.basename(__filename), url: __keelImportMetaUrl, dir: __dirname };',
    '};',
  ].join('\n'));
  for (const file of [dep, main]) {
    if (cache === 'made') writeFileSync(file + CACHE_SUFFIX, compileChunk(file, readFileSync(file, 'utf8')).createCachedData());
    if (cache === 'foreign') writeFileSync(file + CACHE_SUFFIX, compileChunk(file, `/* another chunk */ ${'x;'.repeat(50)}`).createCachedData());
  }
  return { main, dep };
}

async function runMain(main: string): Promise<Record<string, unknown>> {
  const { run } = loadChunk(pathToFileURL(main), (s) => import(s)) as { run: () => Promise<Record<string, unknown>> };
  return run();
}

describe('chunk loader', () => {
  it('runs a chunk and the chunks it requires once each, with their code caches', async () => {
    const { main, dep } = chunks('made');
    const before = (globalThis as { keelChunkRuns?: number }).keelChunkRuns ?? 0;
    const r = await runMain(main);
    expect(r).toEqual({ value: 42, same: true, base: 'main-BBBB.js', url: pathToFileURL(main).href, dir: join(main, '..') });
    expect((globalThis as { keelChunkRuns?: number }).keelChunkRuns).toBe(before + 1);
    expect(loadedChunks().get(main)?.cachedDataRejected).toBe(false);
    expect(loadedChunks().get(dep)?.cachedDataRejected).toBe(false);
  });

  it('compiles from the source when a cache is missing or V8 rejects it (another chunk, another V8)', async () => {
    const foreign = chunks('foreign');
    expect((await runMain(foreign.main))['value']).toBe(42);
    expect(loadedChunks().get(foreign.main)?.cachedDataRejected).toBe(true);
    const none = chunks('none');
    expect((await runMain(none.main))['value']).toBe(42);
    expect(loadedChunks().get(none.main)?.cachedDataRejected).toBeUndefined();
  });
});
