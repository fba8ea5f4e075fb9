import { DataError, type HostTensor } from '../core/index.js';

/** Labels of some rows and where those rows are in the source file (0-based data rows; default 0, 1, 2, …). */
export interface LabelledRows {
  readonly y: HostTensor;
  readonly rows?: Int32Array | undefined;
}

/** Options of {@link assertClassSet}. */
export interface ClassSetOptions {
  /** Where the labels came from (a file, or `labels`), named in every message. */
  readonly file: string;
  /** Class names by index, for messages (e.g. `["<=50K", ">50K"]`); default the indices. */
  readonly names?: readonly string[] | undefined;
  /**
   * The model's number of classes when the model declares them (a `--init` model, a network's
   * output width in `fit`): every label must be an index below it, and classes may have no rows
   * (fine-tuning on part of the classes). Without it the class set is inferred from the labels,
   * so every index 0…K-1 up to the largest label must have rows.
   */
  readonly declared?: number | undefined;
}

/**
 * Keel's one check of a classifier's training labels, used by `keel train` (new model and
 * `--init`) and by the library's `fit`: every label a class index inside the declared class set
 * (`LABELS_RANGE`), at least two classes present (`LABELS_SINGLE_CLASS`: a one-class target trains
 * to loss 0 and predicts phantom classes), and, when the class set is inferred from the labels, no
 * class without rows below a used one (`LABELS_GAP`: one label 99 among digits 0–9 would build a
 * 100-class model with 89 phantom classes).
 * @example `assertClassSet([{ y: train.y, rows: rows.train }], { file: 'y.npy', names: train.classes });`
 */
export function assertClassSet(parts: readonly LabelledRows[], o: ClassSetOptions): void {
  const { file, declared } = o;
  const limit = declared ?? o.names?.length;
  const name = (c: number): string => o.names?.[c] ?? String(c);
  const counts: number[] = declared === undefined ? [] : new Array<number>(declared).fill(0);
  const firstRow: number[] = [];
  for (const p of parts) {
    for (let i = 0; i < (p.y.shape[0] ?? 0); i++) {
      const c = Number(p.y.data[i]);
      const row = p.rows?.[i] ?? i;
      if (!Number.isInteger(c) || c < 0 || (limit !== undefined && c >= limit)) {
        const set = limit === undefined ? 'a class index (a non-negative integer)' : `inside the ${declared === undefined ? '' : "model's "}${limit} classes [0, ${limit - 1}]`;
        throw new DataError('LABELS_RANGE', `${file}: label ${c} at row ${row} is not ${set}; fix the label, or give a model with as many outputs as classes`, { file, row, value: c, ...(limit === undefined ? {} : { classes: limit }) });
      }
      counts[c] = (counts[c] ?? 0) + 1;
      if (firstRow[c] === undefined || row < firstRow[c]) firstRow[c] = row;
    }
  }
  const used = Array.from(counts, (n, c) => ((n ?? 0) > 0 ? c : -1)).filter((c) => c >= 0);
  if (used.length < 2) {
    const only = used[0] === undefined ? 'no class' : `only the class "${name(used[0])}"`;
    throw new DataError('LABELS_SINGLE_CLASS', `${file}: the labels hold ${only}; a classifier needs at least two classes. Check the target column or label file, or use a regression loss for numeric targets.`, { file, classes: used.map(name) });
  }
  if (declared !== undefined) return;
  const empty = Array.from(counts, (n, c) => ((n ?? 0) === 0 ? c : -1)).filter((c) => c >= 0);
  if (empty.length === 0) return;
  const top = used[used.length - 1]!;
  throw new DataError(
    'LABELS_GAP',
    `${file}: label ${name(top)} (first at row ${firstRow[top]}, ${counts[top]} row(s)) is outside the classes the other labels use: ${empty.length} class(es) between have no rows (${name(empty[0]!)}${empty.length > 1 ? `…${name(empty[empty.length - 1]!)}` : ''}). Labels must be class indices 0…K-1 with every class present; fix the label or re-number the classes.`,
    { file, label: name(top), row: firstRow[top], emptyClasses: empty.length },
  );
}
