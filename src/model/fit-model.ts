import type { HostTensor } from '../core/index.js';
import { Graph } from '../ir/index.js';
import { fit as fitWeights, type FitModel, type FitOptions, type FitResult } from '../train/index.js';
import { Model, type ModelOptions } from './model.js';

/** What {@link fit} returns: the training run and the trained {@link Model}. */
export interface Fitted extends FitResult {
  /** The trained network (or graph) as Keel's one model object: `predict`, `evaluate`, `save`, `toOnnx`. */
  readonly model: Model;
}

/**
 * Trains a Keel network or a graph (see the training loop's options) and returns the run with the
 * trained {@link Model}, so the result predicts, evaluates and saves without a second wrapper. A
 * network's model is built for inputs shaped like `x` (any batch size).
 *
 * @example
 * ```ts
 * const net = new Sequential([dense(16, { activation: 'relu' }), dense(3)], { seed: 0 });
 * const { model, history } = await fit(net, x, y, { epochs: 50, callbacks: [new EarlyStopping({ patience: 5 })] });
 * const { accuracy } = await model.evaluate(xTest, yTest);
 * await model.save('iris.onnx');
 * ```
 */
export async function fit(network: FitModel, x: HostTensor, y: HostTensor, o: FitOptions & { readonly model?: ModelOptions }): Promise<Fitted> {
  const run = await fitWeights(network, x, y, o);
  const model = network instanceof Graph ? Model.fromGraph(network, o.model) : Model.fromNetwork(network, { ...o.model, inputShape: ['N', ...x.shape.slice(1)], inputDtype: x.dtype });
  return { ...run, model };
}
