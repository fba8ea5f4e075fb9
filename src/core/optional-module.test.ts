import { describe, expect, it } from 'vitest';
import { importOptional } from './optional-module.js';

describe('importOptional', () => {
  it('loads an installed package', async () => {
    const zlib = await importOptional('node:zlib', 'compression', () => import('node:zlib'));
    expect(typeof zlib.gzipSync).toBe('function');
  });

  it('names the missing package and the command that installs it', async () => {
    const name = 'keel-optional-package-that-is-not-installed';
    const err: unknown = await importOptional(name, 'The test storage', () => import(name) as Promise<unknown>).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'OPTIONAL_DEPENDENCY_MISSING', details: { package: name } });
    expect((err as Error).message).toContain(`npm install ${name}`);
    expect((err as Error).message).toContain('The test storage');
  });

  it('passes on other failures of the loader unchanged', async () => {
    const boom = new TypeError('broken module body');
    await expect(importOptional('x', 'y', () => Promise.reject(boom))).rejects.toBe(boom);
  });
});
