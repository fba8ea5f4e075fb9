import { UsageError } from '../../core/index.js';
import type { FrozenTrial, StudySnapshot } from '../trial/index.js';
import { lastIntermediate } from '../trial/index.js';
import type { Pruner } from './pruner.js';

/**
 * Prunes when the latest intermediate value leaves [lower, upper] or is NaN.
 * @example `new ThresholdPruner({ upper: 10 })`
 */
export class ThresholdPruner implements Pruner {
  readonly name = 'threshold';
  private readonly lower: number;
  private readonly upper: number;
  private readonly warmup: number;

  constructor(options: { readonly lower?: number; readonly upper?: number; readonly nWarmupSteps?: number }) {
    this.lower = options.lower ?? -Infinity;
    this.upper = options.upper ?? Infinity;
    if (this.lower > this.upper) {
      throw new UsageError('INVALID_RANGE', `ThresholdPruner: lower (${this.lower}) must be ≤ upper (${this.upper}).`, { lower: this.lower, upper: this.upper });
    }
    this.warmup = options.nWarmupSteps ?? 0;
  }

  prune(_study: StudySnapshot, trial: FrozenTrial): boolean {
    const last = lastIntermediate(trial);
    if (last === undefined || last[0] < this.warmup) return false;
    return Number.isNaN(last[1]) || last[1] < this.lower || last[1] > this.upper;
  }
}
