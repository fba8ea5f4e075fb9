/** node:zlib on first use. Internal to `io`. */
import { createRequire } from 'node:module';
import type * as Zlib from 'node:zlib';

let loaded: typeof Zlib | undefined;

/**
 * node:zlib, loaded when something is first inflated or deflated (gzipped IDX, .npz): commands
 * that never do (keel predict on an .npy) skip its start-up cost.
 * @example `const raw = zlib().gunzipSync(bytes);`
 */
export function zlib(): typeof Zlib {
  return (loaded ??= createRequire(import.meta.url)('node:zlib') as typeof Zlib);
}
