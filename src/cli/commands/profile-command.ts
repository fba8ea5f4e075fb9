import type { Command } from 'commander';
import { defineCommand } from '../define-command.js';
import type { FlagTable } from '../flags.js';
import { positiveInt } from '../options.js';
import { jsonFile } from '../output.js';
import { VOCABULARY } from '../vocabulary.js';
import { intList } from './efficiency-io.js';
import type { Runner } from './index.js';
import { profileCommand, type ProfileCommandOptions } from './profile.js';

/** `keel profile`'s flags. */
export const PROFILE_FLAGS: FlagTable<ProfileCommandOptions> = {
  model: { flag: '--model <path>', help: 'ONNX model', required: true },
  batch: { flag: '--batch <list>', help: 'batch sizes to time', parse: intList('--batch'), default: [1, 32, 256], defaultHelp: '1,32,256' },
  threads: { flag: '--threads <list>', help: 'onnxruntime intra-op thread counts to time', parse: intList('--threads'), default: [1, 2], defaultHelp: '1,2' },
  interOpThreads: { flag: '--inter-op-threads <n>', help: 'inter-op threads', parse: positiveInt('--inter-op-threads'), default: 1 },
  provider: VOCABULARY.provider,
  fallback: { flag: '--fallback', help: 'run on cpu (with a warning) when the provider is not installed', default: false },
  json: { ...VOCABULARY.json, help: 'the profile as JSON: a file, or - for stdout' },
};

/** `keel profile`. */
export function registerProfile(program: Command, run: Runner): void {
  defineCommand(program, run, {
    name: 'profile',
    description: 'parameters, FLOPs, activation memory, latency percentiles and throughput of an ONNX model',
    flags: PROFILE_FLAGS,
    runsModel: true,
    action: profileCommand,
    files: (o) => ({ inputs: [o.model], outputs: [jsonFile(o.json)] }),
  });
}
