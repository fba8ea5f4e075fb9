import type { Command } from 'commander';
import type { CommandFiles } from '../../io/index.js';

/**
 * Every CLI command registers itself here: one `register*(program, run)` per command file.
 * `run` wraps an action so errors print as one typed line and set the exit code; `files` names
 * what the command reads and writes, and an output that resolves to an input is refused before
 * any work starts (`OUTPUT_IS_INPUT`).
 */
export type Runner = <T>(fn: (opts: T) => Promise<unknown>, files?: (opts: T) => CommandFiles) => (opts: T) => Promise<void>;
/** Adds one command (its options, help and action) to the program. */
export type Register = (program: Command, run: Runner) => void;

/**
 * Every command's registration by name, in `--help` order, loaded on demand: `keel predict`
 * loads predict's modules only, not those of all seventeen commands (which took over a second of
 * start-up before each command).
 */
export const COMMANDS: Readonly<Record<string, () => Promise<Register>>> = {
  predict: async () => (await import('./predict-command.js')).registerPredict,
  train: async () => (await import('./train-command.js')).registerTrain,
  demo: async () => (await import('./demo-command.js')).registerDemo,
  attack: async () => (await import('./attack-command.js')).registerAttack,
  tune: async () => (await import('./tune-command.js')).registerTune,
  explain: async () => (await import('./explain-command.js')).registerExplain,
  fairness: async () => (await import('./fairness-command.js')).registerFairness,
  evaluate: async () => (await import('./evaluate-command.js')).registerEvaluate,
  profile: async () => (await import('./profile-command.js')).registerProfile,
  quantize: async () => (await import('./quantize-command.js')).registerQuantize,
  prune: async () => (await import('./prune-command.js')).registerPrune,
  distill: async () => (await import('./distill-command.js')).registerDistill,
  embed: async () => (await import('./embed-command.js')).registerEmbed,
  audit: async () => (await import('./audit-command.js')).registerAudit,
  serve: async () => (await import('./serve-command.js')).registerServe,
  check: async () => (await import('./check-command.js')).registerCheck,
  clean: async () => (await import('./clean-command.js')).registerClean,
};

/**
 * The registrations `argv` (without node and the script) needs: the named command's alone, none
 * for `keel --version`, or every command's for help, a missing or an unknown command name.
 * @example `for (const register of await registrations(['predict', '--model', 'm.onnx'])) register(program, run);`
 */
export async function registrations(argv: readonly string[]): Promise<Register[]> {
  const name = argv.find((a) => !a.startsWith('-'));
  if (name === undefined && argv.includes('--version') && !argv.includes('--help')) return [];
  const one = name === undefined ? undefined : COMMANDS[name];
  return Promise.all(one ? [one()] : Object.values(COMMANDS).map((load) => load()));
}
