import { Option, type Command } from 'commander';
import { positiveInt } from '../options.js';
import { intList, PROVIDERS } from './efficiency-io.js';
import type { Runner } from './index.js';
import { profileCommand } from './profile.js';

/** `keel profile`. */
export function registerProfile(program: Command, run: Runner): void {
  program
    .command('profile')
    .description('parameters, FLOPs, activation memory, latency percentiles and throughput of an ONNX model')
    .requiredOption('--model <path>', 'ONNX model')
    .addOption(new Option('--batch <list>', 'batch sizes to time').argParser(intList('--batch')).default([1, 32, 256], '1,32,256'))
    .addOption(new Option('--threads <list>', 'intra-op thread counts to time').argParser(intList('--threads')).default([1, 2], '1,2'))
    .addOption(new Option('--inter-op-threads <n>', 'inter-op threads').argParser(positiveInt('--inter-op-threads')).default(1))
    .addOption(new Option('--provider <name>', 'execution provider').choices(PROVIDERS).default('cpu'))
    .option('--fallback', 'run on cpu (with a warning) when the provider is not installed', false)
    .option('--json <file>', 'write the profile as JSON')
    .action(run(profileCommand, (o) => ({ inputs: [o.model], outputs: [o.json] })));
}
