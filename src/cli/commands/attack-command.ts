import type { Command } from 'commander';
import { UsageError } from '../../core/index.js';
import { ATTACK_NAMES, NORMS, TEXT_ATTACK_NAMES } from '../../robust/index.js';
import { defineCommand } from '../define-command.js';
import type { FlagTable } from '../flags.js';
import { positiveFloat, positiveInt } from '../options.js';
import { jsonFile } from '../output.js';
import { TEXT_FLAGS, VOCABULARY } from '../vocabulary.js';
import { attackCommand, type AttackCommandOptions } from './attack.js';
import { DEFAULT_WORD_BUDGET } from './attack-text.js';
import type { Runner } from './index.js';

/** Parses ε: a finite number ≥ 0 (ε < 0 is a usage error with its own code). */
function epsilon(v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < 0) throw new UsageError('ATTACK_EPS', `--eps must be a finite number ≥ 0, got "${v}"`, { value: v });
  return n;
}

/** Parses LOW,HIGH. */
function box(v: string): readonly [number, number] {
  const parts = v.split(',').map(Number);
  const [lo, hi] = parts;
  if (parts.length !== 2 || lo === undefined || hi === undefined || !Number.isFinite(lo) || !Number.isFinite(hi) || lo >= hi) {
    throw new UsageError('ATTACK_CLIP', `--clip must be LOW,HIGH with LOW < HIGH, got "${v}"`, { value: v });
  }
  return [lo, hi];
}

/** Parses a comma-separated list of corruption severities 1–5. */
function severityList(v: string): readonly number[] {
  const parts = v.split(',').map((p) => Number(p.trim()));
  if (v.trim() === '' || parts.some((p) => !Number.isInteger(p) || p < 1 || p > 5)) throw new UsageError('CLI_OPTION', `--severities must be comma-separated integers from 1 to 5, got "${v}"`, { flag: '--severities', value: v });
  return [...new Set(parts)].sort((a, b) => a - b);
}

/** `keel attack`'s flags. */
export const ATTACK_FLAGS: FlagTable<AttackCommandOptions> = {
  model: { flag: '--model <path>', help: 'ONNX classifier (input [N,...], output logits [N,C])', required: true },
  data: { ...VOCABULARY.data, help: 'inputs .npy (first axis = rows), or a raw .csv/.tsv/.jsonl encoded with the preprocess.json beside the model (raw messages for a text model)', required: true, deprecated: ['--input'] },
  labels: { ...VOCABULARY.labels, help: 'integer labels .npy [N] (a raw table uses its target column)' },
  attack: { flag: '--attack <name>', help: 'attack (greedy-word and char-corruptions attack text models)', choices: [...ATTACK_NAMES, ...TEXT_ATTACK_NAMES], required: true },
  eps: { flag: '--eps <e>', help: 'perturbation budget ε (required for array and table inputs)', parse: epsilon },
  norm: { flag: '--norm <norm>', help: 'perturbation norm', choices: NORMS, default: 'linf' },
  steps: { flag: '--steps <n>', help: 'iterations (queries for square)', parse: positiveInt('--steps') },
  stepSize: { flag: '--step-size <a>', help: 'step size α', parse: positiveFloat('--step-size') },
  restarts: { flag: '--restarts <n>', help: 'random restarts', parse: positiveInt('--restarts') },
  randomStart: { flag: '--no-random-start', help: 'start from the clean input' },
  seed: { ...VOCABULARY.seed, default: 0 },
  clip: { flag: '--clip <low,high>', help: 'valid input box (default 0,1 for arrays; for a raw table, the span of its encoded values)', parse: box },
  out: { ...VOCABULARY.outFile, help: 'file: adversarial inputs .npy; for a text model a .json of the adversarial texts (greedy-word) or the corruption curve', required: true },
  json: { ...VOCABULARY.json, help: 'summary JSON: a file, or - for stdout' },
  text: TEXT_FLAGS.text,
  tokenizer: TEXT_FLAGS.tokenizer,
  target: { ...VOCABULARY.target, help: 'text models: the label column (class names as in training)' },
  rows: { flag: '--rows <n>', help: 'text models: attack only the first N messages', parse: positiveInt('--rows') },
  budget: { flag: '--budget <k>', help: `greedy-word: most word edits per message; robust accuracy is reported at every k up to it (default ${DEFAULT_WORD_BUDGET})`, parse: positiveInt('--budget') },
  severities: { flag: '--severities <list>', help: 'char-corruptions: comma-separated severities 1–5 (default 1,2,3,4,5)', parse: severityList },
};

/** `keel attack`. */
export function registerAttack(program: Command, run: Runner): void {
  defineCommand(program, run, {
    name: 'attack',
    description: 'adversarial attack on an ONNX classifier: adversarial inputs (.npy) and robust accuracy (JSON)',
    flags: ATTACK_FLAGS,
    runsModel: true,
    action: attackCommand,
    files: (o) => ({ inputs: [o.model, o.data, o.labels, o.tokenizer], outputs: [o.out, jsonFile(o.json)] }),
  });
}
