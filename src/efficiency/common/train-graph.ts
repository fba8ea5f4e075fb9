import type { HostTensor } from '../../core/index.js';
import type { Graph, Value } from '../../ir/index.js';
import { Adam } from '../../optim/index.js';
import type { ObjectiveContext, SessionOptions } from '../../runtime/index.js';
import { fit, type EpochLogs, type LrSchedule } from '../../train/index.js';

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
 * Trains a classifier graph in place with Adam through `fit` (writes the trained weights into its
 * initializers); softmax cross-entropy on class labels unless `objective` and `target` are given.
 * @example `await trainGraph(graph, x, y, { epochs: 3, lr: 1e-3, schedule: cosineWarmup() });`
 */
export async function trainGraph(graph: Graph, x: HostTensor, y: HostTensor, o: TrainOptions): Promise<number[]> {
  const onEpoch = o.onEpoch;
  const { history } = await fit(graph, x, y, {
    epochs: o.epochs,
    lr: o.lr ?? 1e-3,
    batchSize: o.batchSize ?? 64,
    seed: o.seed ?? 0,
    optimizer: new Adam(),
    trainEvalRows: 0,
    ...(o.schedule ? { schedule: o.schedule } : {}),
    ...(o.frozen ? { frozen: [...o.frozen].map((v) => v.name) } : {}),
    ...(o.objective ? { objective: o.objective } : {}),
    ...(o.target ? { target: o.target } : {}),
    ...(o.session ? { session: o.session } : {}),
    ...(onEpoch ? { callbacks: [{ name: 'on_epoch', onEpochEnd: (e: number, logs: EpochLogs) => { onEpoch(e - 1, logs.loss); } }] } : {}),
  });
  return history.map((h) => h.loss);
}
