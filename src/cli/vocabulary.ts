import type { ProviderName } from '../session/index.js';
import type { Flag } from './flags.js';
import { nonNegativeInt, positiveInt } from './options.js';

const PROVIDERS: readonly ProviderName[] = ['cpu', 'cuda', 'webgpu', 'tensorrt', 'dml', 'coreml'];

/**
 * Keel's one command-line vocabulary: every command spells these options the same way and gives
 * them the same meaning (a command may say more in its own help text, never something else).
 * `--out` is a file for commands with one result and a folder for commands with several; each
 * command's help says which. `--json -` writes the JSON to stdout.
 *
 * @example
 * ```ts
 * const FLAGS: FlagTable<EvaluateOptions> = { data: VOCABULARY.data, labels: VOCABULARY.labels, ... };
 * ```
 */
export const VOCABULARY = {
  data: { flag: '--data <path>', help: 'features: .npy, IDX, .csv (columns by name), a folder of class folders, or a bundled dataset name' },
  labels: { flag: '--labels <path>', help: 'integer class labels (.npy or IDX) for .npy/IDX features' },
  target: { flag: '--target <column>', help: 'label column of a CSV' },
  outFile: { flag: '--out <file>', help: 'output file' },
  outFolder: { flag: '--out <dir>', help: 'output folder (created when missing)' },
  json: { flag: '--json <file|->', help: 'write the JSON report to FILE, or to stdout with -' },
  seed: { flag: '--seed <n>', help: 'random seed', parse: nonNegativeInt('--seed') },
  threads: { flag: '--threads <n>', help: 'onnxruntime intra-op threads (default 2)', parse: positiveInt('--threads') },
  provider: { flag: '--provider <name>', help: 'onnxruntime execution provider', choices: PROVIDERS, default: 'cpu' },
  quiet: { flag: '--quiet', help: 'no progress display' },
} as const satisfies Record<string, Flag<string> | Flag<number> | Flag<boolean>>;

/** The flags every command that runs a model adds: `--threads`, `--provider`. */
export interface RunFlags {
  readonly threads?: number | undefined;
  readonly provider?: ProviderName | undefined;
}

/**
 * The flags of every command that reads raw text for a text model (`keel train --text` saved
 * the tokenizer beside the model and the column name in it).
 */
export const TEXT_FLAGS = {
  text: { flag: '--text <column>', help: 'column of raw messages for a text model (.csv, .tsv, .jsonl; default: the column it was trained on)' },
  tokenizer: { flag: '--tokenizer <file>', help: "the text model's tokenizer.json (default: tokenizer.json beside the model)" },
} as const satisfies Record<string, Flag<string>>;
