import { Rng, type HostTensor } from '../core/index.js';
import type { TrainStep } from '../runtime/index.js';
import { gatherRows, stack } from './batches.js';
import { assertFiniteLoss } from './finite.js';

/** Options for {@link trainEpoch}. */
export interface EpochOptions {
  readonly batchSize: number;
  readonly shuffle: boolean;
  /** Learning rate of global step `s` (0-based). */
  readonly lr: (step: number) => number;
  /** Optimizer steps per session call (stacked into one ONNX Loop). Default 16. */
  readonly stepsPerCall?: number;
  readonly rng: Rng;
  /** Drop the last, smaller batch (default false: it is trained as its own step). */
  readonly dropLast?: boolean;
  /** Number of this epoch (1-based) for the error when the loss stops being finite. */
  readonly epoch?: number;
}

/**
 * One pass over (x, y) in mini-batches through a compiled {@link TrainStep}: K full batches per
 * session call, the remainder batch on its own. Returns the mean training loss (per sample).
 *
 * @example `const loss = await trainEpoch(step, x, y, { batchSize: 128, shuffle: true, lr: () => 1e-3, rng });`
 */
export async function trainEpoch(step: TrainStep, x: HostTensor, y: HostTensor, o: EpochOptions): Promise<number> {
  const n = x.shape[0] ?? 0;
  const order = o.shuffle ? o.rng.permutation(n) : Int32Array.from({ length: n }, (_, i) => i);
  const bs = Math.min(o.batchSize, n);
  const full = Math.floor(n / bs);
  const k = o.stepsPerCall ?? 16;
  let total = 0;
  let seen = 0;
  for (let first = 0; first < full; first += k) {
    const count = Math.min(k, full - first);
    const xs = stack(gatherRows(x, order, first * bs, count * bs), count);
    const ys = stack(gatherRows(y, order, first * bs, count * bs), count);
    const lrs = Array.from({ length: count }, (_, i) => o.lr(step.steps + i));
    const { losses } = await step.run(xs, ys, lrs);
    losses.forEach((l, i) => {
      assertFiniteLoss(l, { epoch: o.epoch ?? 1, batch: first + i + 1 });
      total += l * bs;
    });
    seen += count * bs;
  }
  const rest = n - full * bs;
  if (rest > 0 && !o.dropLast) {
    const xs = stack(gatherRows(x, order, full * bs, rest), 1);
    const ys = stack(gatherRows(y, order, full * bs, rest), 1);
    const { losses } = await step.run(xs, ys, [o.lr(step.steps)]);
    assertFiniteLoss(losses[0]!, { epoch: o.epoch ?? 1, batch: full + 1 });
    total += losses[0]! * rest;
    seen += rest;
  }
  return total / Math.max(1, seen);
}
