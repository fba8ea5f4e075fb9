import { DataError, UsageError, Rng } from '../core/index.js';
import { cellText, createTable, getColumn, takeRows, type Column, type Table } from './table.js';

/** Options shared by the resamplers. */
export interface ResampleOptions {
  /** Label column. */
  readonly target: string;
  readonly seed?: number;
}

/** Options of {@link smote}. */
export interface SmoteOptions extends ResampleOptions {
  /** Neighbours to interpolate towards; default 5. */
  readonly k?: number;
}

function groupsOf(table: Table, target: string): Map<string, number[]> {
  const col = getColumn(table, target);
  const groups = new Map<string, number[]>();
  for (let r = 0; r < table.rowCount; r++) {
    if (col.type === 'number' ? Number.isNaN(col.values[r]!) : col.values[r] === null) continue;
    const key = cellText(col, r);
    let g = groups.get(key);
    if (g === undefined) groups.set(key, (g = []));
    g.push(r);
  }
  return groups;
}

/**
 * "Balanced" class weights n / (k · n_c), as in scikit-learn, for weighting a loss.
 *
 * @example
 * ```ts
 * classWeights(['a', 'a', 'a', 'b']); // Map { 'a' => 0.667, 'b' => 2 }
 * ```
 */
export function classWeights(labels: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  const out = new Map<string, number>();
  for (const [c, n] of counts) out.set(c, labels.length / (counts.size * n));
  return out;
}

/**
 * Random oversampling: repeats random rows of every smaller class until all classes have the
 * majority's count. Original rows come first, in order.
 *
 * @example
 * ```ts
 * const balanced = randomOversample(table, { target: 'y', seed: 1 });
 * ```
 */
export function randomOversample(table: Table, options: ResampleOptions): Table {
  const rng = new Rng(options.seed ?? 1);
  const groups = [...groupsOf(table, options.target).values()];
  const max = Math.max(...groups.map((g) => g.length));
  const rows = Array.from({ length: table.rowCount }, (_, i) => i);
  for (const g of groups) for (let i = g.length; i < max; i++) rows.push(g[rng.int(g.length)]!);
  return takeRows(table, rows);
}

/**
 * Random undersampling: keeps a random subset of every larger class, down to the minority's count
 * (kept rows stay in their original order).
 *
 * @example
 * ```ts
 * const balanced = randomUndersample(table, { target: 'y' });
 * ```
 */
export function randomUndersample(table: Table, options: ResampleOptions): Table {
  const rng = new Rng(options.seed ?? 1);
  const groups = [...groupsOf(table, options.target).values()];
  const min = Math.min(...groups.map((g) => g.length));
  const keep: number[] = [];
  for (const g of groups) {
    const p = rng.permutation(g.length);
    for (let i = 0; i < min; i++) keep.push(g[p[i]!]!);
  }
  return takeRows(table, keep.sort((a, b) => a - b));
}

/**
 * SMOTE (Chawla et al., 2002) for numeric tabular data: synthesises minority rows on segments
 * between a minority row and one of its `k` nearest minority neighbours (Euclidean, features
 * standardised), until every class has the majority's count. Features must be numeric and
 * complete (`SMOTE_NON_NUMERIC`, `SMOTE_MISSING`). Originals come first.
 *
 * @example
 * ```ts
 * const balanced = smote(table, { target: 'y', k: 5, seed: 7 });
 * ```
 */
export function smote(table: Table, options: SmoteOptions): Table {
  const k = options.k ?? 5;
  const rng = new Rng(options.seed ?? 1);
  const target = getColumn(table, options.target);
  const feats = table.columns.filter((c) => c.name !== options.target);
  const numeric: Float64Array[] = [];
  for (const c of feats) {
    if (c.type !== 'number') {
      throw new UsageError('SMOTE_NON_NUMERIC', `SMOTE needs numeric features; "${c.name}" is text. Encode it first or use randomOversample.`, {
        column: c.name,
      });
    }
    if (c.values.some((v) => Number.isNaN(v))) {
      throw new DataError('SMOTE_MISSING', `Column "${c.name}" has missing values; impute them (clean()) before SMOTE.`, { column: c.name });
    }
    numeric.push(c.values);
  }
  const scale = numeric.map((v) => {
    let m = 0;
    for (const x of v) m += x;
    m /= Math.max(1, v.length);
    let s = 0;
    for (const x of v) s += (x - m) ** 2;
    return Math.sqrt(s / Math.max(1, v.length)) || 1;
  });
  const dist = (a: number, b: number): number => {
    let d = 0;
    numeric.forEach((v, j) => (d += ((v[a]! - v[b]!) / scale[j]!) ** 2));
    return d;
  };
  const groups = groupsOf(table, options.target);
  const max = Math.max(...[...groups.values()].map((g) => g.length));
  const synth: { feats: number[]; label: string }[] = [];
  for (const [label, g] of groups) {
    const need = max - g.length;
    if (need === 0) continue;
    if (g.length < 2) {
      throw new DataError('SMOTE_TOO_FEW', `Class "${label}" has ${g.length} row; SMOTE needs at least 2. Use randomOversample.`, { class: label });
    }
    const neighbours = new Map<number, number[]>();
    const near = (r: number): number[] => {
      let n = neighbours.get(r);
      if (n === undefined) {
        n = g.filter((o) => o !== r).sort((a, b) => dist(r, a) - dist(r, b)).slice(0, k);
        neighbours.set(r, n);
      }
      return n;
    };
    for (let i = 0; i < need; i++) {
      const r = g[i % g.length]!;
      const nn = near(r);
      const o = nn[rng.int(nn.length)]!;
      const gap = rng.uniform();
      synth.push({ feats: numeric.map((v) => v[r]! + gap * (v[o]! - v[r]!)), label });
    }
  }
  const n = table.rowCount + synth.length;
  const cols: Column[] = table.columns.map((c): Column => {
    if (c.name === options.target) {
      if (target.type === 'number') {
        const out = new Float64Array(n);
        out.set(target.values);
        synth.forEach((s, i) => (out[table.rowCount + i] = Number(s.label)));
        return { name: c.name, type: 'number', values: out };
      }
      return { name: c.name, type: 'string', values: [...target.values, ...synth.map((s) => s.label)] };
    }
    const j = feats.indexOf(c);
    const out = new Float64Array(n);
    out.set(numeric[j]!);
    synth.forEach((s, i) => (out[table.rowCount + i] = s.feats[j]!));
    return { name: c.name, type: 'number', values: out };
  });
  return createTable(cols);
}
