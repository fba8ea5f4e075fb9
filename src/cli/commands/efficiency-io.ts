import type { HostTensor } from '../../core/index.js';
import { UsageError } from '../../core/index.js';
import { checkCalibration } from '../../efficiency/index.js';
import type { Value } from '../../ir/index.js';
import { readNpy } from '../../io/index.js';
import { checkLabels } from '../../train/index.js';

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
