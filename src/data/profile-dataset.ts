import { UsageError, Rng } from '../core/index.js';
import { ColumnAccumulator, type ColumnProfile } from './column-accumulator.js';
import { isNumericText, type DataSource } from './data-source.js';
import { newRowHashes, rowKey, type RowHashes } from './row-hasher.js';

/** Options of {@link profileDataset}. */
export interface ProfileOptions {
  /** Label column; excluded from feature fingerprints. */
  readonly target?: string | undefined;
  /** Explicit class order (class `j` ↔ probability column `j`); default sorted (numerically if all numbers). */
  readonly classes?: readonly string[] | undefined;
  /** Row indices kept per evidence list; default 1000. */
  readonly evidenceRows?: number;
  /** Value counts kept per column before giving up; default 10000. */
  readonly maxDistinct?: number;
  /** Reservoir size per numeric column; default 100000. */
  readonly sampleSize?: number;
  /** Mantissa bits kept in near-duplicate fingerprints (12 ≈ 4 significant digits); default 12. */
  readonly nearBits?: number;
  readonly seed?: number;
  /** Profile of the training split: rows of this dataset found in it are counted as leakage. */
  readonly reference?: DatasetProfile | undefined;
  /** Keep near-duplicate fingerprints so this profile can serve as a `reference`. */
  readonly nearIndex?: boolean;
  /** Collect outlier candidates for this fence width (see `outliers` check) in the same pass. */
  readonly outlierK?: number | undefined;
  /** Keep every missing-cell row, duplicate pair and leakage pair (for cleaning); default false. */
  readonly keepAllRows?: boolean;
}

/** Labels of the target column, coded 0..k-1 in `classes` order (-1 = missing). */
export interface LabelProfile {
  readonly classes: readonly string[];
  readonly codes: Int32Array;
  readonly counts: readonly number[];
  readonly missing: number;
}

/** A group of rows with identical features. */
export interface ConflictGroup {
  readonly rows: readonly number[];
  readonly labels: readonly string[];
}

/** Rows of this dataset that repeat rows of the reference (training) dataset. */
export interface LeakageProfile {
  readonly exact: number;
  readonly near: number;
  /** `[thisRow, referenceRow]`, capped. */
  readonly exactPairs: readonly (readonly [number, number])[];
  readonly nearPairs: readonly (readonly [number, number])[];
}

/**
 * What one streaming pass over a dataset learns: per-column profiles, labels, duplicate and
 * conflicting-label groups, and (with a reference) train/test leakage.
 */
export interface DatasetProfile {
  readonly name: string;
  readonly rowCount: number;
  readonly columns: readonly ColumnProfile[];
  readonly target: string | undefined;
  readonly labels: LabelProfile | undefined;
  /** Rows equal to an earlier row (features and label): `count` and `[row, firstRow]` pairs (capped). */
  readonly duplicates: { readonly count: number; readonly pairs: readonly (readonly [number, number])[] };
  /** Groups of identical features carrying more than one label. */
  readonly conflicts: { readonly groups: number; readonly rows: number; readonly examples: readonly ConflictGroup[] };
  readonly leakage: LeakageProfile | undefined;
  /** Feature fingerprint → first row. */
  readonly featureIndex: ReadonlyMap<number, number>;
  readonly nearIndex: ReadonlyMap<number, number> | undefined;
}

interface Group {
  size: number;
  labels: Map<number, number>;
  rows: number[];
}

function orderClasses(seen: readonly string[], given: readonly string[] | undefined): string[] {
  if (given !== undefined) return [...given];
  if (seen.every(isNumericText)) return [...seen].sort((a, b) => Number(a) - Number(b));
  return [...seen].sort();
}

/**
 * Profiles a data source in one streaming pass with bounded memory (besides one fingerprint per
 * row and the label codes).
 *
 * @example
 * ```ts
 * const train = await profileDataset(await openSource('train.csv'), { target: 'y', nearIndex: true });
 * const test = await profileDataset(await openSource('test.csv'), { target: 'y', reference: train });
 * test.leakage?.exact; // test rows copied from train
 * ```
 */
export async function profileDataset(source: DataSource, options: ProfileOptions = {}): Promise<DatasetProfile> {
  const limits = {
    evidenceRows: options.evidenceRows ?? 1000,
    maxDistinct: options.maxDistinct ?? 10000,
    sampleSize: options.sampleSize ?? 100000,
    nearBits: options.nearBits ?? 12,
    outlierK: options.outlierK,
    missingRows: options.keepAllRows === true ? Infinity : (options.evidenceRows ?? 1000),
  };
  const cap = limits.missingRows;
  const targetIdx = options.target === undefined ? -1 : source.columns.indexOf(options.target);
  if (options.target !== undefined && targetIdx < 0) {
    throw new UsageError(
      'COLUMN_NOT_FOUND',
      `${source.name}: target column "${options.target}" not found; columns are: ${source.columns.join(', ')}.`,
      { file: source.name, column: options.target, available: source.columns, role: 'target' },
    );
  }
  const rng = new Rng(options.seed ?? 1);
  const accs = source.columns.map((c, j) => new ColumnAccumulator(c, source.types[j]!, limits, rng));
  const ref = options.reference;
  const wantNear = options.nearIndex === true || ref?.nearIndex !== undefined;
  const featureIndex = new Map<number, number>();
  const nearIndex = options.nearIndex === true ? new Map<number, number>() : undefined;
  const groups = new Map<number, Group>();
  const dict = new Map<string, number>();
  const classNames: string[] = [];
  let codes = new Int32Array(1024);
  let rowCount = 0;
  const dupPairs: [number, number][] = [];
  let dupCount = 0;
  const leak = { exact: 0, near: 0, exactPairs: [] as [number, number][], nearPairs: [] as [number, number][] };
  const targetNumeric = targetIdx >= 0 && source.types[targetIdx] === 'number';

  for await (const chunk of source.chunks()) {
    const n = chunk.length;
    const exact: RowHashes = newRowHashes(n);
    const near: RowHashes | undefined = wantNear ? newRowHashes(n) : undefined;
    accs.forEach((acc, j) => {
      const isT = j === targetIdx;
      acc.update(chunk.cells[j]!, chunk.offset, source.missing, isT ? undefined : exact, isT ? undefined : near);
    });
    if (rowCount + n > codes.length) {
      const grown = new Int32Array(Math.max(codes.length * 2, rowCount + n));
      grown.set(codes);
      codes = grown;
    }
    const labelCells = targetIdx >= 0 ? chunk.cells[targetIdx]! : undefined;
    for (let i = 0; i < n; i++) {
      const row = chunk.offset + i;
      let code = 0;
      if (labelCells !== undefined) {
        const t = labelCells[i]!;
        if (source.missing.has(t)) code = -1;
        else {
          const key = targetNumeric && isNumericText(t) ? String(Number(t)) : t;
          let c = dict.get(key);
          if (c === undefined) {
            c = classNames.length;
            dict.set(key, c);
            classNames.push(key);
          }
          code = c;
        }
        codes[row] = code;
      }
      const key = rowKey(exact, i);
      const first = featureIndex.get(key);
      if (first === undefined) featureIndex.set(key, row);
      else {
        let g = groups.get(key);
        if (g === undefined) {
          g = { size: 1, labels: new Map([[labelCells === undefined ? 0 : codes[first]!, first]]), rows: [first] };
          groups.set(key, g);
        }
        g.size++;
        if (g.rows.length < 20) g.rows.push(row);
        const same = g.labels.get(code);
        if (same !== undefined) {
          dupCount++;
          if (dupPairs.length < cap) dupPairs.push([row, same]);
        } else g.labels.set(code, row);
      }
      if (near !== undefined) {
        const nk = rowKey(near, i);
        if (nearIndex !== undefined && !nearIndex.has(nk)) nearIndex.set(nk, row);
        if (ref !== undefined) {
          const hit = ref.featureIndex.get(key);
          if (hit !== undefined) {
            leak.exact++;
            if (leak.exactPairs.length < cap) leak.exactPairs.push([row, hit]);
          } else {
            const nh = ref.nearIndex?.get(nk);
            if (nh !== undefined) {
              leak.near++;
              if (leak.nearPairs.length < cap) leak.nearPairs.push([row, nh]);
            }
          }
        }
      } else if (ref !== undefined) {
        const hit = ref.featureIndex.get(key);
        if (hit !== undefined) {
          leak.exact++;
          if (leak.exactPairs.length < cap) leak.exactPairs.push([row, hit]);
        }
      }
    }
    rowCount += n;
  }
  return Object.freeze({
    name: source.name,
    rowCount,
    columns: accs.map((a) => a.finish()),
    target: options.target,
    labels: targetIdx >= 0 ? finishLabels(classNames, codes.subarray(0, rowCount), options.classes, source.name) : undefined,
    duplicates: { count: dupCount, pairs: dupPairs },
    conflicts: finishConflicts(groups, labelCells(classNames), limits.evidenceRows, targetIdx >= 0),
    leakage: ref === undefined ? undefined : leak,
    featureIndex,
    nearIndex,
  });
}

function labelCells(classNames: readonly string[]): (code: number) => string {
  return (code) => (code < 0 ? '' : (classNames[code] ?? ''));
}

function finishConflicts(
  groups: ReadonlyMap<number, Group>,
  nameOf: (code: number) => string,
  cap: number,
  hasTarget: boolean,
): DatasetProfile['conflicts'] {
  let count = 0;
  let rows = 0;
  const examples: ConflictGroup[] = [];
  if (!hasTarget) return { groups: 0, rows: 0, examples };
  for (const g of groups.values()) {
    if (g.labels.size < 2) continue;
    count++;
    rows += g.size;
    if (examples.length < cap) examples.push({ rows: g.rows, labels: [...g.labels.keys()].map(nameOf) });
  }
  return { groups: count, rows, examples };
}

function finishLabels(
  seen: readonly string[],
  codes: Int32Array,
  given: readonly string[] | undefined,
  file: string,
): LabelProfile {
  const classes = orderClasses(seen, given);
  const index = new Map(classes.map((c, i) => [c, i]));
  const remap = seen.map((s) => {
    const k = index.get(s);
    if (k === undefined) {
      throw new UsageError('LABEL_NOT_IN_CLASSES', `${file}: label "${s}" is not among the given classes (${classes.join(', ')}).`, {
        file,
        label: s,
        classes,
      });
    }
    return k;
  });
  const counts = new Array<number>(classes.length).fill(0);
  let missing = 0;
  const out = new Int32Array(codes.length);
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (c < 0) {
      out[i] = -1;
      missing++;
    } else {
      const k = remap[c]!;
      out[i] = k;
      counts[k]!++;
    }
  }
  return { classes, codes: out, counts, missing };
}
