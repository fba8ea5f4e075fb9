import { GraphError, UsageError, type DType } from '../../core/index.js';
import { Graph, type Dim } from '../../ir/index.js';
import { modelFromSpec } from '../../nn/index.js';
import { loadOnnx } from '../../onnx/index.js';
import { checkModelInput, GradualUnfreezing, type Callback, type FitModel, type FitOptions } from '../../train/index.js';
import type { TrainingData as Dataset } from '../../data/index.js';
import { depthLrFactors, layerGroups, readHead, selectWeights, transferModel } from '../../transfer/index.js';
import type { TrainFitOptions } from './train-fit.js';
import { buildTextModel } from './train-text.js';

/** The model of a `keel train` run and what transfer learning adds to its fit. */
export interface TrainModel {
  readonly model: FitModel;
  /** `--freeze`, `--lr-decay`. */
  readonly fit: Pick<FitOptions, 'frozen' | 'lrFactors'>;
  /** `--unfreeze-every`: the gradual-unfreezing callback. */
  readonly callbacks: readonly Callback[];
}

/** The ONNX model of `--init`, checked to have an input and an output. */
export async function loadInit(path: string): Promise<Graph> {
  const { graph } = await loadOnnx(path);
  if (!graph.inputs[0] || !graph.outputs[0]) throw new GraphError('MODEL_IO', `${path}: the model needs an input and an output`, { file: path });
  return graph;
}

/**
 * Builds the model of a `keel train` run, fresh for each fit (main run, folds, learning curve):
 * the `--model` spec, or the `--init` model — cut at `--cut-at` with the `--head` layers on top —
 * with `--freeze` patterns resolved to weight names, `--lr-decay` factors per layer group and
 * `--unfreeze-every` as a callback.
 */
export async function buildTrainModel(o: TrainFitOptions, outputs: number, inputShape: readonly Dim[], init?: Graph): Promise<TrainModel> {
  if (o.cutAt !== undefined && o.head === undefined) throw new UsageError('CLI_OPTION', '--cut-at needs --head (the new layers on top of the cut), e.g. --head "dense(10)"', { flag: '--cut-at' });
  if ((o.cutAt !== undefined || o.head !== undefined) && o.init === undefined) throw new UsageError('CLI_OPTION', '--cut-at and --head replace the head of an imported model; give --init MODEL.onnx', { flag: '--cut-at' });
  if (o.unfreezeEvery !== undefined && o.freeze === undefined) throw new UsageError('CLI_OPTION', '--unfreeze-every thaws the weights of --freeze one layer group at a time; give --freeze too', { flag: '--unfreeze-every' });
  let model: FitModel;
  let select: (patterns: string) => Set<string>;
  if (o.init === undefined) {
    const net = o.text !== undefined ? buildTextModel(o, outputs) : modelFromSpec(o.model, { outputs, seed: o.seed });
    model = net;
    select = (p) => selectWeights(net.graph({ inputShape, inputDtype: inputDtypeOf(o) }), p);
  } else {
    const graph = init ?? (await loadInit(o.init));
    if (o.head !== undefined) {
      const t = transferModel(graph, { ...(o.cutAt !== undefined ? { cutAt: o.cutAt } : {}), head: await readHead(o.head), seed: o.seed });
      model = t.model;
      select = (p) => t.select(p);
    } else {
      model = graph;
      select = (p) => selectWeights(graph, p);
    }
  }
  const frozen = o.freeze !== undefined ? select(o.freeze) : new Set<string>();
  const groups = o.lrDecay !== undefined || o.unfreezeEvery !== undefined ? layerGroups(inferenceGraph(model, inputShape, inputDtypeOf(o))) : [];
  return {
    model,
    fit: { ...(frozen.size > 0 ? { frozen } : {}), ...(o.lrDecay !== undefined ? { lrFactors: depthLrFactors(groups, o.lrDecay) } : {}) },
    callbacks: o.unfreezeEvery !== undefined ? [new GradualUnfreezing({ frozen, groups, every: o.unfreezeEvery })] : [],
  };
}

/** The inference graph to save as model.onnx (int64 token ids for a text model). */
export function inferenceGraph(model: FitModel, inputShape: readonly Dim[], inputDtype: DType = 'float32'): Graph {
  return model instanceof Graph ? model : model.graph({ inputShape, inputDtype });
}

/** The model input's element type: token ids for `--text`, else float32 features. */
export function inputDtypeOf(o: Pick<TrainFitOptions, 'text'>): DType {
  return o.text !== undefined ? 'int64' : 'float32';
}

/** The number of classes of an imported model (2 for one logit), for checking labels while loading. */
export function modelClasses(o: TrainFitOptions, init: Graph | undefined): number | undefined {
  if (!init || o.head !== undefined) return undefined;
  const width = init.outputs[0]!.shape[1];
  return typeof width !== 'number' ? undefined : width === 1 ? 2 : width;
}

/** Checks that the features (or token ids) fit an imported model's input (typed error naming the file). */
export function checkInitData(init: Graph | undefined, o: TrainFitOptions, parts: readonly (Dataset | undefined)[]): void {
  if (!init) return;
  for (const d of parts) if (d) checkModelInput(d.x, init.inputs[0]!, o.data);
}
