import { DataError, type HostTensor } from '../core/index.js';

/** Labels of some rows and where those rows are in the source file (0-based data rows). */
export interface LabelledRows {
  readonly y: HostTensor;
  readonly rows: Int32Array;
}

/**
 * Refuses training labels that cannot give a sound classifier: one class only
 * (`LABELS_SINGLE_CLASS`), or class indices with no rows below a used one (`LABELS_GAP`: one label
 * 99 among digits 0–9 would otherwise build a 100-class model with 89 phantom classes).
 * @example `assertClassSet([{ y: train.y, rows: rows.train }], train.classes, 'y.npy');`
 */
export function assertClassSet(parts: readonly LabelledRows[], classes: readonly string[], file: string): void {
  const counts = new Array<number>(classes.length).fill(0);
  const firstRow = new Array<number>(classes.length).fill(-1);
  for (const p of parts) {
    for (let i = 0; i < (p.y.shape[0] ?? 0); i++) {
      const c = Number(p.y.data[i]);
      counts[c] = (counts[c] ?? 0) + 1;
      const row = p.rows[i] ?? i;
      if (firstRow[c] === -1 || row < firstRow[c]!) firstRow[c] = row;
    }
  }
  const used = counts.flatMap((n, c) => (n > 0 ? [c] : []));
  if (used.length < 2) {
    const only = used[0] === undefined ? 'no class' : `only the class "${classes[used[0]] ?? used[0]}"`;
    throw new DataError('LABELS_SINGLE_CLASS', `${file}: the labels hold ${only}; a classifier needs at least two classes. Check the target column or label file, or use a regression loss for numeric targets.`, { file, classes: used.map((c) => classes[c]) });
  }
  const empty = counts.flatMap((n, c) => (n === 0 ? [c] : []));
  if (empty.length === 0) return;
  const top = used[used.length - 1]!;
  throw new DataError(
    'LABELS_GAP',
    `${file}: label ${classes[top] ?? top} (first at row ${firstRow[top]}, ${counts[top]} row(s)) is outside the classes the other labels use: ${empty.length} class(es) between have no rows (${classes[empty[0]!] ?? empty[0]}${empty.length > 1 ? `…${classes[empty[empty.length - 1]!] ?? ''}` : ''}). Labels must be class indices 0…K-1 with every class present; fix the label or re-number the classes.`,
    { file, label: classes[top], row: firstRow[top], emptyClasses: empty.length },
  );
}
