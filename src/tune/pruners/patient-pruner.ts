import { UsageError } from '../../core/index.js';
import type { FrozenTrial, StudySnapshot } from '../trial/index.js';
import type { Pruner } from './pruner.js';

/** Options of {@link PatientPruner}. */
export interface PatientPrunerOptions {
  /** Steps without improvement tolerated. */
  readonly patience: number;
  /** Improvement smaller than this does not count (default 0). */
  readonly minDelta?: number;
}

/**
 * Waits `patience` steps without improvement before it lets the wrapped pruner decide (or,
 * without one, prunes). Protects slow starters from aggressive pruners.
 *
 * @example
 * ```ts
 * const pruner = new PatientPruner(new MedianPruner(), { patience: 3 });
 * ```
 */
export class PatientPruner implements Pruner {
  readonly name = 'patient';
  private readonly wrapped: Pruner | null;
  private readonly patience: number;
  private readonly minDelta: number;

  constructor(wrapped: Pruner | null, options: PatientPrunerOptions) {
    if (!(Number.isInteger(options.patience) && options.patience >= 0)) {
      throw new UsageError('INVALID_OPTION', `PatientPruner: patience must be an integer ≥ 0, got ${options.patience}.`, { patience: options.patience });
    }
    const minDelta = options.minDelta ?? 0;
    if (!(minDelta >= 0)) throw new UsageError('INVALID_OPTION', `PatientPruner: minDelta must be ≥ 0, got ${minDelta}.`, { minDelta });
    this.wrapped = wrapped;
    this.patience = options.patience;
    this.minDelta = minDelta;
  }

  prune(study: StudySnapshot, trial: FrozenTrial): boolean {
    const values = trial.intermediateValues.map(([, v]) => v);
    if (values.length <= this.patience + 1) return false;
    const before = values.slice(0, values.length - this.patience - 1).filter((v) => !Number.isNaN(v));
    const after = values.slice(values.length - this.patience - 1).filter((v) => !Number.isNaN(v));
    if (before.length === 0) return false;
    const stalled = after.length === 0 || (study.directions[0] === 'maximize'
      ? Math.max(...before) - this.minDelta > Math.max(...after)
      : Math.min(...before) + this.minDelta < Math.min(...after));
    if (!stalled) return false;
    return this.wrapped === null ? true : this.wrapped.prune(study, trial);
  }
}
