import { result, type Check, type CheckContext, type CheckResult, type Severity } from '../check.js';

/** Options of the `MixedTypesCheck`. */
export interface MixedTypesOptions {
  readonly severity: Severity;
  /** A column fails when the minority kind (numbers vs text) exceeds this share; default 0. */
  readonly maxMinorityFraction: number;
}

/**
 * `mixed_types`: columns holding both numbers and text (e.g. `12`, `12 kg`, `twelve`).
 * Evidence rows are those of the minority kind.
 *
 * @example
 * ```ts
 * new MixedTypesCheck().run(ctx).evidence.columns;
 * ```
 */
export class MixedTypesCheck implements Check {
  readonly id = 'mixed_types';
  readonly severity: Severity;
  readonly options: MixedTypesOptions;

  constructor(options: Partial<MixedTypesOptions> = {}) {
    this.options = Object.freeze({ severity: 'warning', maxMinorityFraction: 0, ...options });
    this.severity = this.options.severity;
  }

  run(ctx: CheckContext): CheckResult {
    const items = [];
    const rows = new Set<number>();
    for (const c of ctx.train.columns) {
      const minority = Math.min(c.numericLike, c.textLike);
      if (c.present === 0 || minority / c.present <= this.options.maxMinorityFraction) continue;
      const textMinor = c.textLike <= c.numericLike;
      const minorRows = textMinor ? c.textLikeRows : c.numericLikeRows;
      minorRows.slice(0, 1000).forEach((r) => rows.add(r));
      items.push({
        column: c.name,
        numeric: c.numericLike,
        text: c.textLike,
        minority: textMinor ? 'text' : 'number',
        rows: minorRows.slice(0, 100),
      });
    }
    const summary =
      items.length === 0
        ? 'No column mixes numbers and text.'
        : `${items.length} column(s) mix numbers and text: ` +
          items.map((i) => `${i.column} (${i.numeric} numbers, ${i.text} texts)`).join(', ') + '.';
    return result(this.id, this.severity, items.length === 0, summary, {
      rows: [...rows].sort((a, b) => a - b),
      columns: items.map((i) => i.column),
      stats: { mixedColumns: items.length },
      items,
    });
  }
}
