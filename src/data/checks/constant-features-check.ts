import { featureColumns, result, type Check, type CheckContext, type CheckResult, type Severity } from '../check.js';
import { pixelCount, pixelIndex, pixelPlace } from '../pixel-shape.js';

/** Options of the `ConstantFeaturesCheck`. */
export interface ConstantFeaturesOptions {
  readonly severity: Severity;
  /** A feature fails when its most common value covers at least this share of present cells; default 1. */
  readonly minDominantFraction: number;
}

/**
 * `constant_features`: features with a single value (or, with `minDominantFraction` < 1,
 * quasi-constant ones). An all-missing column counts as constant.
 *
 * @example
 * ```ts
 * new ConstantFeaturesCheck({ minDominantFraction: 0.99 }).run(ctx);
 * ```
 */
export class ConstantFeaturesCheck implements Check {
  readonly id = 'constant_features';
  readonly severity: Severity;
  readonly options: ConstantFeaturesOptions;

  constructor(options: Partial<ConstantFeaturesOptions> = {}) {
    this.options = Object.freeze({ severity: 'warning', minDominantFraction: 1, ...options });
    this.severity = this.options.severity;
  }

  run(ctx: CheckContext): CheckResult {
    const items = [];
    for (const c of featureColumns(ctx.train)) {
      if (c.present === 0) {
        items.push({ column: c.name, value: null, dominantFraction: 1, distinct: 0 });
        continue;
      }
      if (c.counts === undefined) continue;
      let top: string | number = '';
      let topCount = 0;
      for (const [v, k] of c.counts) if (k > topCount) [top, topCount] = [v, k];
      const share = topCount / c.present;
      if (share >= this.options.minDominantFraction) {
        items.push({ column: c.name, value: String(top), dominantFraction: share, distinct: c.counts.size });
      }
    }
    const summary =
      items.length === 0
        ? 'No constant features.'
        : ctx.pixels !== undefined
          ? `${items.length} of ${pixelCount(ctx.pixels)} are constant (such as always-blank borders), e.g. ${pixelPlace(pixelIndex(items[0]!.column), ctx.pixels)} = ${String(items[0]!.value)}.`
          : `${items.length} constant feature(s): ${items.map((i) => `${i.column} = ${String(i.value)}`).join(', ')}.`;
    return result(this.id, this.severity, items.length === 0, summary, {
      columns: items.map((i) => i.column),
      stats: { constantColumns: items.length },
      items,
    });
  }
}
