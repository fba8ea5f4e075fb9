import { Rng, type HostTensor } from '../../core/index.js';
import type { Graph, Value } from '../../ir/index.js';
import { softmaxCrossEntropy } from '../../nn/index.js';
import { Adam } from '../../optim/index.js';
import { TrainStep, type ObjectiveContext, type SessionOptions } from '../../runtime/index.js';
import { trainEpoch, type LrSchedule } from '../../train/index.js';

/** How to train in `trainGraph`. */
export interface TrainOptions {
  readonly epochs: number;
  /** Base (peak) learning rate, default 1e-3. */
  readonly lr?: number;
  /** Learning-rate schedule over all steps of all epochs (default: constant `lr`). */
  readonly schedule?: LrSchedule;
  readonly batchSize?: number;
  readonly seed?: number;
  /** Initializers to keep fixed (e.g. pruning masks). */
  readonly frozen?: ReadonlySet<Value>;
  /** Replaces the plain softmax cross-entropy (see TrainStep's objective hook). */
  readonly objective?: (ctx: ObjectiveContext) => Value;
  /** Type of one target row when it is not an int64 class index, e.g. `{ dtype: 'float32', shape: ['N', 11] }`. */
  readonly target?: { readonly dtype: 'float32'; readonly shape: readonly (number | string)[] };
  readonly session?: SessionOptions;
  /** Called after every epoch with the mean training loss. */
  readonly onEpoch?: (epoch: number, loss: number) => void;
}

/**
 * Trains a classifier graph in place with Adam (writes the trained weights into its initializers).
 * @example `await trainGraph(graph, x, y, { epochs: 3, lr: 1e-3, schedule: cosineWarmup() });`
 */
export async function trainGraph(graph: Graph, x: HostTensor, y: HostTensor, o: TrainOptions): Promise<number[]> {
  const frozen = o.frozen ?? new Set<Value>();
  const step = await TrainStep.compile({
    model: graph,
    loss: softmaxCrossEntropy,
    target: o.target ?? { dtype: 'int64', shape: ['N'] },
    optimizer: new Adam(),
    trainable: (v) => !frozen.has(v),
    ...(o.objective ? { objective: o.objective } : {}),
    ...(o.session ? { session: o.session } : {}),
  });
  const rng = new Rng(o.seed ?? 0);
  const losses: number[] = [];
  const base = o.lr ?? 1e-3;
  const bs = o.batchSize ?? 64;
  const perEpoch = Math.ceil((x.shape[0] ?? 0) / bs);
  const schedule = o.schedule;
  const lr = schedule ? (s: number): number => schedule.lr(base, s, perEpoch, perEpoch * o.epochs) : (): number => base;
  try {
    for (let e = 0; e < o.epochs; e++) {
      const loss = await trainEpoch(step, x, y, { batchSize: bs, shuffle: true, lr, rng });
      losses.push(loss);
      o.onEpoch?.(e, loss);
    }
    step.writeBack();
  } finally {
    await step.release();
  }
  return losses;
}
