import { UsageError, type DType, type HostTensor } from '../core/index.js';
import type { Dim, Graph, Value } from '../ir/index.js';
import { crossEntropyLoss } from '../nn/index.js';
import { OPTIMIZERS, type Optimizer } from '../optim/index.js';
import { TrainStep } from '../runtime/index.js';
import type { WeightSnapshot } from './callback.js';
import type { FitOptions } from './fit-options.js';
import { batchNormStatistics, fitGraphs, type FitGraphs, type FitModel } from './fit-model.js';
import { taskWidth } from './targets.js';
import type { TrainState } from './train-state.js';

/**
 * The compiled training step behind {@link fit}, for one set of frozen weights. `freeze` with a
 * different set recompiles (gradual unfreezing) and carries the weights, the optimizer state of
 * weights trained before and after, and the step count over; newly trained weights start with
 * zero optimizer state.
 */
export class FitStep {
  private frozen: ReadonlySet<string>;
  noise: readonly { readonly input: Value; readonly rate: number }[] = [];

  private constructor(
    private readonly graphs: FitGraphs,
    private readonly o: FitOptions,
    private readonly optimizer: Optimizer,
    readonly baseFrozen: ReadonlySet<string>,
    private step: TrainStep,
    readonly outWidth: number,
  ) {
    this.frozen = baseFrozen;
  }

  static async create(model: FitModel, inputShape: readonly Dim[], dtype: DType, o: FitOptions): Promise<FitStep> {
    const graphs = fitGraphs(model, inputShape, dtype);
    const frozen = new Set(o.frozen ?? []);
    const optimizer = optimizerOf(o);
    const { step, noise, graph } = await compile(graphs, frozen, o, optimizer);
    const fs = new FitStep(graphs, o, optimizer, frozen, step, Number(graph.outputs[0]!.shape[1] ?? 1));
    fs.noise = noise;
    return fs;
  }

  get steps(): number {
    return this.step.steps;
  }

  /** The compiled training graph as ONNX bytes. */
  get onnx(): Uint8Array {
    return this.step.onnx;
  }

  /** Number of trained weights (frozen ones excluded). */
  get size(): number {
    return this.step.params.length;
  }

  /** Where each trained weight sits in the flat parameter vector, by initializer name. */
  layout(): ReadonlyMap<string, { readonly offset: number; readonly size: number }> {
    return this.step.layout();
  }

  /** Recompiles when `frozen` differs from the weights frozen now. */
  async freeze(frozen: ReadonlySet<string>): Promise<void> {
    if (frozen.size === this.frozen.size && [...frozen].every((n) => this.frozen.has(n))) return;
    const old = this.step;
    this.graphs.setWeights(old.weights());
    const next = await compile(this.graphs, frozen, this.o, this.optimizer);
    const before = old.layout();
    for (const [name, at] of next.step.layout()) {
      const was = before.get(name);
      if (was) next.step.state.forEach((s, i) => { s.set(old.state[i]!.subarray(was.offset, was.offset + was.size), at.offset); });
    }
    next.step.steps = old.steps;
    await old.release();
    this.step = next.step;
    this.noise = next.noise;
    this.frozen = frozen;
  }

  run(xs: HostTensor, ys: HostTensor, lrs: readonly number[], feeds: Readonly<Record<string, HostTensor>>): Promise<number[]> {
    return this.step.run(xs, ys, lrs, feeds).then((r) => r.losses);
  }

  snapshot(): WeightSnapshot {
    return { params: this.step.params.slice(), buffers: this.step.buffers.slice() };
  }

  restore(s: WeightSnapshot): void {
    this.step.params = s.params.slice();
    this.step.buffers = s.buffers.slice();
  }

  reset(s: WeightSnapshot): void {
    this.restore(s);
    this.step.state = this.step.state.map((v) => new Float32Array(v.length));
    this.step.steps = 0;
  }

  /** What a checkpoint stores of the step. */
  state(): Pick<TrainState, 'steps' | 'params' | 'optimizer' | 'buffers'> {
    return { steps: this.step.steps, params: this.step.params, optimizer: this.step.state, buffers: this.step.buffers };
  }

  load(saved: TrainState, path: string): void {
    const s = this.step;
    if (saved.params.length !== s.params.length) throw new UsageError('CHECKPOINT_MISMATCH', `${path}: the checkpoint has ${saved.params.length} weights, the model ${s.params.length}; resume with the same model and options`, { file: path, expected: s.params.length, actual: saved.params.length });
    s.params = saved.params;
    s.state = [...saved.optimizer];
    s.buffers = saved.buffers;
    s.steps = saved.steps;
  }

  /** Gives the model the step's weights. */
  writeBack(): void {
    this.graphs.setWeights(this.step.weights());
  }

  /** The inference graph with the current weights. */
  inference(): Graph {
    this.writeBack();
    return this.graphs.inference();
  }

  release(): Promise<void> {
    return this.step.release();
  }
}

async function compile(graphs: FitGraphs, frozen: ReadonlySet<string>, o: FitOptions, optimizer: Optimizer): Promise<{ step: TrainStep; noise: FitStep['noise']; graph: Graph }> {
  const tg = graphs.training(frozen);
  const statistics = batchNormStatistics(tg.graph);
  const loss = o.loss ?? crossEntropyLoss();
  const outWidth = Number(tg.graph.outputs[0]!.shape[1] ?? 1);
  const target = o.target ?? { dtype: 'float32' as const, shape: ['N', taskWidth(loss, outWidth)] };
  const factors = o.lrFactors;
  const step = await TrainStep.compile({
    model: tg.graph,
    loss: (b, p, t) => loss.build(b, p, t),
    target,
    optimizer,
    carried: tg.carried,
    penalties: tg.penalties,
    trainable: (v) => !frozen.has(v.name) && !statistics.has(v.name),
    ...(factors ? { lrScale: (v: Value) => factors.get(v.name) ?? 1 } : {}),
    ...(o.objective ? { objective: o.objective } : {}),
    ...(o.session ? { session: o.session } : {}),
  });
  return { step, noise: tg.noise, graph: tg.graph };
}

/** The optimizer of `fit`: the object given, or the named one with `weightDecay` when given. */
function optimizerOf(o: FitOptions): Optimizer {
  if (typeof o.optimizer !== 'object') return OPTIMIZERS[o.optimizer ?? 'adam'](o.weightDecay !== undefined ? { weightDecay: o.weightDecay } : {});
  if (o.weightDecay !== undefined) throw new UsageError('OPTIMIZER_OPTION', `fit: \`weightDecay\` ${o.weightDecay} sets the decay of a named optimizer, but an Optimizer object was given; give the decay to its constructor (e.g. new AdamW({ weightDecay: ${o.weightDecay} })) or name the optimizer`, { name: 'weightDecay', value: o.weightDecay });
  return o.optimizer;
}
