import { DataError, Rng, type HostTensor } from '../core/index.js';

/** Row indices of a train/validation split. */
export interface SplitIndices {
  readonly train: Int32Array;
  readonly val: Int32Array;
}

/**
 * A seeded split holding out `fraction` of the rows. With `labels` it is stratified: each class
 * gives round(fraction·count) rows (at least one); a class with a single row cannot be split and
 * is a `STRATIFY_SINGLETON` error naming the class and its row. With `groups` (a group id per
 * row, e.g. `textCopyGroups` of the texts) the rows of a group stay on one side: whole groups
 * are held out, in seeded order, while that brings each class's held-out rows closer to its share
 * (a group counts for the class of its first row in that order).
 * @example `const { train, val } = splitRows(6000, 0.1, 0, labels);`
 */
export function splitRows(n: number, fraction: number, seed: number, labels?: HostTensor, file = '(labels)', groups?: Int32Array): SplitIndices {
  if (!(fraction > 0 && fraction < 1)) throw new DataError('SPLIT_FRACTION', `validation fraction must be in (0, 1), got ${fraction}`, { fraction });
  const rng = Rng.derive(seed, 'split');
  const perm = rng.permutation(n);
  if (groups !== undefined) return splitGroups(perm, fraction, groups, labels, file);
  const val: number[] = [];
  const train: number[] = [];
  if (!labels) {
    const k = Math.max(1, Math.round(n * fraction));
    perm.forEach((r, i) => (i < k ? val : train).push(r));
  } else {
    const byClass = new Map<number, number[]>();
    for (const r of perm) {
      const c = Number(labels.data[r]);
      let list = byClass.get(c);
      if (!list) byClass.set(c, (list = []));
      list.push(r);
    }
    for (const [c, rows] of [...byClass].sort((a, b) => a[0] - b[0])) {
      if (rows.length < 2) throw new DataError('STRATIFY_SINGLETON', `${file}: class ${c} has a single sample (row ${rows[0]}), so a stratified split cannot put it in both training and validation data; add samples, merge the class or drop row ${rows[0]}`, { file, row: rows[0], class: c });
      const k = Math.min(rows.length - 1, Math.max(1, Math.round(rows.length * fraction)));
      rows.forEach((r, i) => (i < k ? val : train).push(r));
    }
  }
  return { train: Int32Array.from(train.sort((a, b) => a - b)), val: Int32Array.from(val.sort((a, b) => a - b)) };
}

const sorted = (rows: number[]): Int32Array => Int32Array.from(rows.sort((a, b) => a - b));

/** {@link splitRows} with whole groups held out (rows in seeded order `perm`). */
function splitGroups(perm: Int32Array | readonly number[], fraction: number, groups: Int32Array, labels: HostTensor | undefined, file: string): SplitIndices {
  if (groups.length !== perm.length) throw new DataError('SPLIT_GROUPS', `a grouped split needs one group per row (${perm.length}), got ${groups.length}`, { expected: perm.length, actual: groups.length });
  const members = new Map<number, number[]>();
  const byClass = new Map<number, number[][]>();
  for (const r of perm) {
    const g = groups[r]!;
    let rows = members.get(g);
    if (rows === undefined) {
      members.set(g, (rows = []));
      const c = labels === undefined ? 0 : Number(labels.data[r]);
      const list = byClass.get(c);
      if (list === undefined) byClass.set(c, [rows]);
      else list.push(rows);
    }
    rows.push(r);
  }
  const val: number[] = [];
  const train: number[] = [];
  for (const [c, list] of [...byClass].sort((a, b) => a[0] - b[0])) {
    const count = list.reduce((s, rows) => s + rows.length, 0);
    if (list.length < 2) throw new DataError('STRATIFY_SINGLETON', `${file}: ${labels === undefined ? 'the rows are' : `class ${c} is`} a single group of copies (${count} row(s) from row ${list[0]![0]}), so a split that keeps copies together cannot put ${labels === undefined ? 'them' : 'it'} in both training and validation data; add samples, merge the class or split without grouping`, { file, row: list[0]![0], class: c });
    const k = Math.min(count - 1, Math.max(1, Math.round(count * fraction)));
    const held = new Set<number[]>();
    let size = 0;
    // Hold a group out while that overshoots the share by less than the shortfall before it, and
    // never the class's last training rows; at least one group (the smallest) is held out.
    for (const rows of list) {
      if (size + rows.length - k > k - size || size + rows.length >= count) continue;
      held.add(rows);
      size += rows.length;
    }
    if (held.size === 0) held.add(list.reduce((a, b) => (b.length < a.length ? b : a)));
    for (const rows of list) (held.has(rows) ? val : train).push(...rows);
  }
  return { train: sorted(train), val: sorted(val) };
}

/**
 * The fold (0..k−1) of each of `n` rows, after one seeded shuffle: rows are dealt round-robin to
 * the folds, per class when `labels` are given (stratified: every fold sees every class; any
 * label value, e.g. −1 for "unlabelled", is a class of its own). The one fold assignment of
 * {@link kFolds} and of the data checks' cross-validation.
 * @example `const fold = foldAssignment(4, 2, 1, Int32Array.from([0, 0, 1, 1])); // e.g. Int32Array [0, 1, 1, 0]`
 */
export function foldAssignment(n: number, k: number, seed: number, labels?: ArrayLike<number | bigint>): Int32Array {
  if (!(Number.isInteger(k) && k >= 2 && k <= n)) throw new DataError('KFOLD_K', `k-fold needs 2 ≤ k ≤ rows (${n}), got ${k}`, { k, n });
  const perm = Rng.derive(seed, 'k-folds').permutation(n);
  const fold = new Int32Array(n);
  if (labels) {
    const counters = new Map<number, number>();
    for (const r of perm) {
      const c = Number(labels[r]);
      const i = counters.get(c) ?? 0;
      fold[r] = i % k;
      counters.set(c, i + 1);
    }
  } else perm.forEach((r, i) => (fold[r] = i % k));
  return fold;
}

/**
 * `k` seeded folds for cross-validation (stratified when labels are given; the assignment is `foldAssignment`).
 * @example `for (const { train, val } of kFolds(n, 5, 0, y)) ...`
 */
export function kFolds(n: number, k: number, seed: number, labels?: HostTensor): SplitIndices[] {
  const fold = foldAssignment(n, k, seed, labels?.data);
  return Array.from({ length: k }, (_, f) => {
    const val: number[] = [];
    const train: number[] = [];
    for (let r = 0; r < n; r++) (fold[r] === f ? val : train).push(r);
    return { train: Int32Array.from(train), val: Int32Array.from(val) };
  });
}
