import type { HostTensor } from '../core/index.js';

/** Index of the largest entry of each row of [N, C] scores. */
export function argmaxRows(scores: HostTensor): Int32Array {
  const n = scores.shape[0] ?? 0;
  const c = scores.data.length / Math.max(1, n);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < c; j++) if (Number(scores.data[i * c + j]) > Number(scores.data[i * c + best])) best = j;
    out[i] = best;
  }
  return out;
}

/** Fraction of rows whose argmax equals the label. */
export function accuracy(scores: HostTensor, labels: HostTensor): number {
  const pred = argmaxRows(scores);
  let ok = 0;
  for (let i = 0; i < pred.length; i++) if (pred[i] === Number(labels.data[i])) ok++;
  return ok / Math.max(1, pred.length);
}
