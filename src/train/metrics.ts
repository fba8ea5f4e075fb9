import type { HostTensor } from '../core/index.js';
import { classProbabilities } from '../session/index.js';

/** Classification metrics of `keel evaluate`. */
export interface ClassificationReport {
  readonly rows: number;
  readonly accuracy: number;
  readonly logLoss: number;
  /** Expected calibration error over `bins` equal-width confidence bins. */
  readonly ece: number;
  readonly perClass: readonly { readonly class: string; readonly precision: number; readonly recall: number; readonly f1: number; readonly support: number }[];
  /** confusion[true][predicted]. */
  readonly confusion: readonly (readonly number[])[];
  /** The ECE's bins: mean confidence, accuracy and rows of each equal-width confidence bin (empty bins included). */
  readonly reliability: readonly { readonly lower: number; readonly upper: number; readonly confidence: number; readonly accuracy: number; readonly count: number }[];
}

/**
 * Accuracy, per-class precision/recall/F1, confusion matrix, log loss and ECE from logits.
 * @example `const r = classificationReport(logits, labels, ['cat', 'dog']);`
 */
export function classificationReport(logits: HostTensor, labels: HostTensor, classNames?: readonly string[], bins = 15): ClassificationReport {
  const n = labels.shape[0] ?? 0;
  const width = logits.data.length / Math.max(1, n);
  const c = width === 1 ? 2 : width;
  const confusion = Array.from({ length: c }, () => new Array<number>(c).fill(0));
  let ll = 0;
  let ok = 0;
  const binConf = new Float64Array(bins);
  const binAcc = new Float64Array(bins);
  const binN = new Float64Array(bins);
  for (let i = 0; i < n; i++) {
    const p = classProbabilities((logits.data as Float32Array).subarray(i * width, (i + 1) * width));
    const y = Number(labels.data[i]);
    let pred = 0;
    for (let j = 1; j < c; j++) if (p[j]! > p[pred]!) pred = j;
    confusion[y]![pred]!++;
    if (pred === y) ok++;
    ll -= Math.log(Math.max(p[y] ?? 0, 1e-15));
    const b = Math.min(bins - 1, Math.floor(p[pred]! * bins));
    binConf[b]! += p[pred]!;
    binAcc[b]! += pred === y ? 1 : 0;
    binN[b]!++;
  }
  let ece = 0;
  for (let b = 0; b < bins; b++) if (binN[b]! > 0) ece += (binN[b]! / Math.max(1, n)) * Math.abs(binAcc[b]! / binN[b]! - binConf[b]! / binN[b]!);
  const perClass = confusion.map((row, k) => {
    const tp = row[k]!;
    const support = row.reduce((a, v) => a + v, 0);
    const predicted = confusion.reduce((a, r) => a + r[k]!, 0);
    const precision = predicted ? tp / predicted : 0;
    const recall = support ? tp / support : 0;
    return { class: classNames?.[k] ?? String(k), precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0, support };
  });
  const reliability = Array.from(binN, (count, b) => ({ lower: b / bins, upper: (b + 1) / bins, confidence: count > 0 ? binConf[b]! / count : Number.NaN, accuracy: count > 0 ? binAcc[b]! / count : Number.NaN, count }));
  return { rows: n, accuracy: ok / Math.max(1, n), logLoss: ll / Math.max(1, n), ece, perClass, confusion, reliability };
}
