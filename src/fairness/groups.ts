/**
 * Resolves sensitive (or control) features by name and assigns each row to a group; several
 * features give intersectional groups, one per combination of levels (empty ones included).
 * @module
 */
import { UsageError, DataError } from '../core/index.js';
import type { Column, FeatureTable, Label } from './types.js';

/** One group: a combination of feature levels. */
export interface Group {
  /** Level of each feature, by feature name. */
  readonly key: Readonly<Record<string, Label>>;
  /** Display name: the level for one feature, `name=level, ...` for several. */
  readonly label: string;
}

/** Row-to-group assignment for a set of features. */
export interface GroupIndex {
  readonly features: readonly string[];
  readonly groups: readonly Group[];
  /** Group index of each row. */
  readonly assignment: Int32Array;
}

/** Options of {@link groupRows}. */
export interface GroupRowsOptions {
  /** Levels expected per feature (for example those seen in training); missing ones become empty groups. */
  readonly categories?: Readonly<Record<string, readonly Label[]>> | undefined;
  /** Word used in error messages ("sensitive", "control"). */
  readonly role?: string;
}

function compareLabels(a: Label, b: Label): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === typeof b) return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
  return typeof a < typeof b ? -1 : 1;
}

/**
 * Normalises `names` to a non-empty array and checks each exists in `table` with `n` rows.
 * @example `featureNames({ sex: ['F'] }, 'sex', 1) // ['sex']`
 */
export function featureNames(table: FeatureTable, names: string | readonly string[], n: number, role = 'sensitive'): string[] {
  const list = typeof names === 'string' ? [names] : [...names];
  if (list.length === 0) {
    throw new UsageError('NO_SENSITIVE_FEATURES', `No ${role} feature names were given; pass at least one column name.`, { role });
  }
  for (const name of list) {
    const column = Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
    if (column === undefined) {
      const available = Object.keys(table);
      throw new UsageError(
        'COLUMN_NOT_FOUND',
        `The ${role} feature "${name}" is not a column of the feature table. Available columns: ${
          available.length > 0 ? available.join(', ') : '(none)'
        }.`,
        { column: name, available, role },
      );
    }
    if (column.length !== n) {
      throw new UsageError('LENGTH_MISMATCH', `The ${role} feature "${name}" has ${column.length} rows but yTrue has ${n}.`, {
        name,
        expected: n,
        actual: column.length,
      });
    }
  }
  return list;
}

/**
 * Which features define the groups, in either of two forms: column name(s) of a `features`
 * table, or (as in Fairlearn) the values themselves — one array (a feature named
 * `sensitive_feature_0`) or a record of named arrays (intersectional groups).
 */
export type FeatureSelector = string | readonly string[] | Column | FeatureTable;

/**
 * The table and column names a {@link FeatureSelector} stands for: names look into `table`;
 * without a table the selector is the data itself.
 * @example `selectFeatures(undefined, ['F', 'M'], 'sensitive') // { table: { sensitive_feature_0: ['F', 'M'] }, names: ['sensitive_feature_0'] }`
 */
export function selectFeatures(table: FeatureTable | undefined, selector: FeatureSelector, role = 'sensitive'): { table: FeatureTable; names: string | readonly string[] } {
  if (table !== undefined) {
    if (typeof selector === 'string' || (Array.isArray(selector) && selector.every((v) => typeof v === 'string'))) return { table, names: selector };
    throw new UsageError('FEATURES_AMBIGUOUS', `With a features table, the ${role} features are column names (a string or string[]); to pass the values themselves, leave features out.`, { role });
  }
  if (typeof selector === 'string') {
    throw new UsageError('NO_FEATURE_TABLE', `The ${role} feature "${selector}" is a column name, but no features table was given; pass features: { ${selector}: [...] } or the values themselves.`, { name: selector, role });
  }
  if (Array.isArray(selector) || ArrayBuffer.isView(selector)) {
    const name = `${role}_feature_0`;
    return { table: { [name]: selector as Column }, names: [name] };
  }
  const record = selector as FeatureTable;
  return { table: record, names: Object.keys(record) };
}

/**
 * Assigns rows to (intersectional) groups of the selected features (see {@link FeatureSelector}).
 *
 * @example
 * ```ts
 * const g = groupRows({ sex: ['F', 'M', 'F'] }, 'sex', 3);
 * g.groups.map((x) => x.label); // ['F', 'M']
 * g.assignment;                 // Int32Array [0, 1, 0]
 * ```
 */
export function groupRows(
  features_: FeatureTable | undefined,
  selector: FeatureSelector,
  n: number,
  options: GroupRowsOptions = {},
): GroupIndex {
  const { table, names } = selectFeatures(features_, selector, options.role);
  const features = featureNames(table, names, n, options.role);
  const levels: Label[][] = [];
  const codes: Int32Array[] = [];
  for (const name of features) {
    const column = table[name]!;
    const declared = options.categories?.[name] ?? [];
    const seen = new Set<Label>(declared);
    for (let i = 0; i < n; i++) {
      const v = column[i];
      if (v === undefined || v === null || (typeof v === 'number' && Number.isNaN(v))) {
        throw new DataError('MISSING_SENSITIVE_VALUE', `Row ${i} of the ${options.role ?? 'sensitive'} feature "${name}" is missing; fill or drop it.`, {
          name,
          row: i,
        });
      }
      seen.add(v);
    }
    const extra = [...seen].filter((v) => !declared.includes(v)).sort(compareLabels);
    const lv = [...declared, ...extra];
    const pos = new Map(lv.map((v, k) => [v, k]));
    const code = new Int32Array(n);
    for (let i = 0; i < n; i++) code[i] = pos.get(column[i]!)!;
    levels.push(lv);
    codes.push(code);
  }
  const groups: Group[] = [];
  const combos = levels.reduce<Label[][]>((acc, lv) => acc.flatMap((c) => lv.map((v) => [...c, v])), [[]]);
  for (const combo of combos) {
    const key: Record<string, Label> = {};
    features.forEach((f, k) => (key[f] = combo[k]!));
    const label = features.length === 1 ? String(combo[0]) : features.map((f, k) => `${f}=${String(combo[k])}`).join(', ');
    groups.push({ key, label });
  }
  const assignment = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let g = 0;
    for (let k = 0; k < features.length; k++) g = g * levels[k]!.length + codes[k]![i]!;
    assignment[i] = g;
  }
  return { features, groups, assignment };
}

/**
 * Gathers `column[i]` for the given row indices into a plain array.
 * @example `take(['a', 'b', 'c'], [2, 0]) // ['c', 'a']`
 */
export function take<T>(column: ArrayLike<T>, rows: ArrayLike<number>): T[] {
  const out = new Array<T>(rows.length);
  for (let k = 0; k < rows.length; k++) out[k] = column[rows[k]!]!;
  return out;
}

/**
 * Weighted share of each of `k` groups: `share[g] = Σ_{i: group i = g} w_i / total`.
 * @example `groupShares(Int32Array.of(0, 1, 1), Float64Array.of(1, 1, 2), 4, 2) // [0.25, 0.75]`
 */
export function groupShares(assignment: ArrayLike<number>, weight: Float64Array, total: number, k: number): Float64Array {
  const share = new Float64Array(k);
  for (let i = 0; i < weight.length; i++) share[assignment[i]!]! += weight[i]! / total;
  return share;
}
