import type { HostTensor } from '../../core/index.js';
import { UsageError } from '../../core/index.js';
import { checkCalibration } from '../../efficiency/index.js';
import type { Value } from '../../ir/index.js';
import { readNpy } from '../../io/index.js';
import { checkLabels } from '../../train/index.js';
import type { FlagTable } from '../flags.js';
import { nonNegativeInt, positiveFloat, positiveInt } from '../options.js';
import { VOCABULARY } from '../vocabulary.js';

/** The options of a command that trains an ONNX model on .npy rows with Adam and compares it on held-out rows (`keel distill`, `keel prune`'s fine-tuning). */
export interface NpyTrainingOptions {
  readonly epochs: number;
  readonly lr: number;
  readonly batchSize: number;
  /** Held-out rows .npy. */
  readonly evalData?: string;
  /** Held-out labels .npy. */
  readonly evalLabels?: string;
  readonly json?: string;
}

/**
 * The flags of {@link NpyTrainingOptions}: `what` names the training in the help (`fine-tuning `
 * or nothing), `epochs` is the command's default.
 * @example `const FLAGS = { model: ..., ...npyTrainingFlags('fine-tuning ', 1) };`
 */
export function npyTrainingFlags(what: string, epochs: number): FlagTable<NpyTrainingOptions> {
  return {
    epochs: { flag: '--epochs <n>', help: `${what}epochs`, parse: nonNegativeInt('--epochs'), default: epochs },
    lr: { flag: '--lr <rate>', help: `${what}learning rate (Adam)`, parse: positiveFloat('--lr'), default: 1e-3 },
    batchSize: { flag: '--batch-size <n>', help: `${what}batch size`, parse: positiveInt('--batch-size'), default: 64 },
    evalData: { flag: '--eval-data <path>', help: 'held-out rows .npy', deprecated: ['--eval-x'] },
    evalLabels: { flag: '--eval-labels <path>', help: 'held-out labels .npy', deprecated: ['--eval-y'] },
    json: VOCABULARY.json,
  };
}

/** Parses a comma list of positive integers (`1,32,256`). */
export function intList(flag: string): (v: string) => number[] {
  return (v) => {
    const xs = v.split(',').map((s) => Number(s.trim()));
    if (xs.length === 0 || xs.some((n) => !Number.isInteger(n) || n <= 0)) throw new UsageError('CLI_OPTION', `${flag} must be a comma-separated list of positive integers, got "${v}"`, { flag, value: v });
    return xs;
  };
}

/** Reads rows (and optional labels) for a model input; shape errors say which file and what fits. */
export function readRows(input: Value, xFile: string, yFile?: string): { x: HostTensor<'float32'>; y?: HostTensor } {
  const x = checkCalibration(readNpy(xFile), input, xFile);
  if (!yFile) return { x };
  return { x, y: checkLabels(readNpy(yFile), x.shape[0] ?? 0, undefined, yFile) };
}

/** Formats a fraction as a percentage. */
export const pct = (v: number | undefined): string => (v === undefined ? '–' : `${(100 * v).toFixed(2)}%`);
