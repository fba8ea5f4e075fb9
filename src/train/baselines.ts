import type { HostTensor } from '../core/index.js';
import { dense, flatten, Sequential } from '../nn/index.js';
import type { Baselines } from './diagnose.js';
import { fit } from './fit.js';

/**
 * The diagnosis baselines on training data: majority-class accuracy and the training accuracy of
 * softmax regression (a linear model, Adam, `epochs` epochs on up to `maxRows` rows).
 * @example `const base = await fitBaselines(x, y, { classes: 10 });`
 */
export async function fitBaselines(x: HostTensor, y: HostTensor, o: { classes: number; seed?: number; epochs?: number; maxRows?: number }): Promise<Required<Baselines>> {
  const n = y.shape[0] ?? 0;
  const counts = new Array<number>(o.classes).fill(0);
  for (let i = 0; i < n; i++) counts[Number(y.data[i])]!++;
  const majority = Math.max(...counts) / Math.max(1, n);
  const rows = Math.min(n, o.maxRows ?? 10000);
  const xs = { ...x, shape: [rows, ...x.shape.slice(1)], data: x.data.subarray(0, rows * (x.data.length / Math.max(1, n))) } as HostTensor;
  const ys = { ...y, shape: [rows], data: y.data.subarray(0, rows) } as HostTensor;
  const linear = new Sequential([flatten(), dense(o.classes)], { seed: o.seed ?? 0 });
  const r = await fit(linear, xs, ys, { epochs: o.epochs ?? 15, batchSize: 64, lr: 3e-3, seed: o.seed ?? 0, trainEvalRows: rows });
  return { majority, linear: r.history[r.history.length - 1]?.['accuracy'] ?? 0 };
}
