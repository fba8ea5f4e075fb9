import { DataError, type HostTensor } from '../core/index.js';
import type { Loss } from '../nn/index.js';

/** Width of the packed target of `loss` for a model with `outputs` outputs (see {@link Loss}). */
export function taskWidth(loss: Loss, outputs: number): number {
  return loss.task === 'classification' ? 4 : outputs + 1;
}

/**
 * Packs labels, class weights and sample weights into the float32 target [N, W] of {@link Loss}.
 * Class labels are checked against the model's classes (typed error naming file and row).
 */
export function packTargets(loss: Loss, y: HostTensor, outputs: number, classWeights?: readonly number[], sampleWeights?: Float32Array, file = '(labels)'): HostTensor<'float32'> {
  const n = y.shape[0] ?? 0;
  const w = taskWidth(loss, outputs);
  const t = new Float32Array(n * w);
  if (sampleWeights && sampleWeights.length !== n) throw new DataError('WEIGHTS_LENGTH', `sample weights: expected ${n} (one per row), got ${sampleWeights.length}`, { expected: n, actual: sampleWeights.length });
  if (loss.task === 'classification') {
    const classes = loss.name === 'binary_cross_entropy' ? 2 : outputs;
    if (classWeights && classWeights.length !== classes) throw new DataError('CLASS_WEIGHTS', `class weights: expected ${classes} (one per class), got ${classWeights.length}`, { expected: classes, actual: classWeights.length });
    for (let i = 0; i < n; i++) {
      const v = Number(y.data[i]);
      if (!Number.isInteger(v) || v < 0 || v >= classes) throw new DataError('LABELS_RANGE', `${file}: label ${v} at row ${i} is outside the model's ${classes} classes [0, ${classes - 1}]`, { file, row: i, value: v, classes });
      t.set([v, v, 1, (sampleWeights?.[i] ?? 1) * (classWeights?.[v] ?? 1)], i * w);
    }
  } else {
    const d = outputs;
    if (y.data.length !== n * d) throw new DataError('TARGET_SHAPE', `${file}: regression targets need ${d} value(s) per row, got shape [${y.shape.join(',')}]`, { file });
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) t[i * w + j] = Number(y.data[i * d + j]);
      t[i * w + d] = sampleWeights?.[i] ?? 1;
    }
  }
  return { dtype: 'float32', shape: [n, w], data: t };
}

/**
 * "Balanced" class weights (scikit-learn's `class_weight='balanced'`): n / (classes · countᶜ), so
 * every class contributes the same total weight; classes absent from `y` get weight 1.
 * @example `balancedClassWeights(y, 2) // e.g. [0.66, 2.08] for a 76/24 split`
 */
export function balancedClassWeights(y: HostTensor, classes: number): number[] {
  const n = y.shape[0] ?? 0;
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < n; i++) {
    const v = Number(y.data[i]);
    if (v >= 0 && v < classes) counts[v]!++;
  }
  return counts.map((c) => (c > 0 ? n / (classes * c) : 1));
}

/**
 * Mean per-sample loss and, for classification, accuracy — for regression, mean squared and mean
 * absolute error over all outputs — of model scores against labels or targets.
 */
export function evaluateScores(loss: Loss, scores: HostTensor, y: HostTensor, outputs: number): { loss: number; accuracy?: number; mse?: number; mae?: number } {
  const n = y.shape[0] ?? 0;
  const c = scores.data.length / Math.max(1, n);
  const s = scores.data as Float32Array;
  let total = 0;
  let ok = 0;
  let se = 0;
  let ae = 0;
  for (let i = 0; i < n; i++) {
    const row = s.subarray(i * c, (i + 1) * c);
    if (loss.task === 'classification') {
      const v = Number(y.data[i]);
      total += loss.host(row, [v, v, 1]);
      let pred = 0;
      if (c === 1) pred = row[0]! > 0 ? 1 : 0;
      else for (let j = 1; j < c; j++) if (row[j]! > row[pred]!) pred = j;
      if (pred === v) ok++;
    } else {
      const target = Array.from({ length: outputs }, (_, j) => Number(y.data[i * outputs + j]));
      total += loss.host(row, target);
      target.forEach((v, j) => {
        const d = row[j]! - v;
        se += d * d;
        ae += Math.abs(d);
      });
    }
  }
  const mean = total / Math.max(1, n);
  const cells = Math.max(1, n * outputs);
  return loss.task === 'classification' ? { loss: mean, accuracy: ok / Math.max(1, n) } : { loss: mean, mse: se / cells, mae: ae / cells };
}
