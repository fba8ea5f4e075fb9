import { result, type Check, type CheckContext, type CheckResult, type Severity, textInputs } from '../check.js';

/** Options of the `TextEncodingCheck`. */
export interface TextEncodingOptions {
  readonly severity: Severity;
  /** Fails when rows with encoding problems exceed this share; default 0. */
  readonly maxFraction: number;
}

/**
 * `text_encoding`: texts that decoded but carry signs of a broken encoding or escaping — U+FFFD
 * replacement characters, UTF-8 read as Latin-1 ("Ã©", "â€™"), control characters, HTML
 * escapes left in ("&lt;"), invisible characters — each with its source line and column.
 * (Bytes that are not UTF-8 at all stop the reader with a typed error naming line and column.)
 *
 * @example
 * ```ts
 * new TextEncodingCheck().run(ctx).evidence.items; // [{ row, line: 5, column: 13, kind: 'html_entity', sample: '&lt;' }]
 * ```
 */
export class TextEncodingCheck implements Check {
  readonly id = 'text_encoding';
  readonly severity: Severity;
  readonly options: TextEncodingOptions;

  constructor(options: Partial<TextEncodingOptions> = {}) {
    this.options = Object.freeze({ severity: 'warning', maxFraction: 0, ...options });
    this.severity = this.options.severity;
  }

  run(ctx: CheckContext): CheckResult {
    const inputs = textInputs(this, ctx);
    if (inputs.notRun) return inputs.notRun;
    const scans = [inputs.train, inputs.test] as const;
    const items = [];
    const byKind: Record<string, number> = {};
    let total = 0;
    let rows = 0;
    for (const [s, scan] of scans.entries()) {
      if (scan === undefined) continue;
      rows += scan.rows;
      total += scan.encoding.length;
      for (const p of scan.encoding) {
        byKind[p.kind] = (byKind[p.kind] ?? 0) + 1;
        if (items.length < 100) items.push({ split: s === 0 ? 'train' : 'test', row: p.row, line: p.line, column: p.column, kind: p.kind, sample: p.sample, text: scan.previews[p.row]! });
      }
    }
    const kinds = Object.entries(byKind).map(([k, v]) => `${v} ${k.replace(/_/g, ' ')}`).join(', ');
    return result(
      this.id,
      this.severity,
      total / Math.max(1, rows) <= this.options.maxFraction,
      total === 0 ? 'No encoding problems in the texts.' : `${total} text(s) show encoding problems (${kinds}); first at line ${items[0]?.line ?? 0}, column ${items[0]?.column ?? 0}.`,
      {
        rows: scans[0].encoding.slice(0, 1000).map((p) => p.row),
        columns: [scans[0].column],
        stats: { problems: total, fraction: total / Math.max(1, rows), ...byKind },
        items,
      },
    );
  }
}
