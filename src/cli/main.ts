#!/usr/bin/env node
// The `keel` binary. `npm run build` bundles this file into dist/cli/keel.js, whose program
// (./program.js) runs from the bundle's chunks through V8's code cache (scripts/bundle-cli.mjs,
// ./chunk-loader.ts); dist/cli/main.js, tsc's unbundled copy, runs the same program directly.
import { readFileSync } from 'node:fs';
import { runCli } from './program.js';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
await runCli(process.argv, version);
