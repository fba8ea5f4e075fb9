/**
 * Models in fairness measurement and mitigation: predictions of an ONNX model on an encoded table
 * or of a `Model` (the scores threshold optimization takes), and the export of a randomized
 * mixture (exponentiated gradient) as one ONNX graph.
 * @module
 */
import { DataError, featureTensor, type HostTensor, Rng } from '../core/index.js';
import type { Model, ModelInput } from '../model/index.js';
import { Graph } from '../ir/index.js';
import { Builder, inlineGraph } from '../ops/index.js';
import { loadOnnx } from '../onnx/index.js';
import { Session } from '../runtime/index.js';
import { predictBatched } from '../train/index.js';
import { type FeatureMatrix } from '../fairness/index.js';

/** Static input width of an ONNX model's first input, if known. */
export async function modelInputWidth(path: string): Promise<{ width: number | undefined; graph: Graph }> {
  const { graph } = await loadOnnx(path);
  const d = graph.inputs[0]?.shape[1];
  return { width: typeof d === 'number' ? d : undefined, graph };
}

/**
 * Probability of the positive class per row: softmax column 1 of [N, 2] logits (or the given
 * column of rows that already sum to 1), or a single output read as a probability when in [0, 1]
 * and as a logit otherwise.
 * @example `const p = await modelProbabilities(graph, X, 'm.onnx');`
 */
export async function modelProbabilities(graph: Graph, X: FeatureMatrix, path: string): Promise<Float64Array> {
  const x: HostTensor = { dtype: 'float32', shape: [X.rows, X.cols], data: Float32Array.from(X.data) };
  const session = await Session.create(graph);
  let out: HostTensor;
  try {
    out = await predictBatched(session, x, 8192);
  } finally {
    await session.release();
  }
  return positiveProbabilities(out, path);
}

/**
 * Probability of label 1 for every row, from a binary classifier `Model` (as
 * `modelProbabilities` reads its outputs): the scores `ThresholdOptimizer` fits and predicts
 * on. Takes a fairness `FeatureMatrix` or any model input (float64 is converted, with one note).
 *
 * @example
 * ```ts
 * const model = await Model.load('adult.onnx');
 * const to = new ThresholdOptimizer({ constraint: 'demographic_parity' });
 * to.fit(await modelScores(model, X), y, { features: { sex }, sensitiveFeatures: 'sex' });
 * const yHat = to.predict(await modelScores(model, Xtest), { features: { sex: sexTest }, seed: 0 });
 * ```
 */
export async function modelScores(model: Model, x: FeatureMatrix | ModelInput): Promise<Float64Array> {
  const isMatrix = typeof x === 'object' && 'rows' in x && 'cols' in x && 'data' in x;
  return positiveProbabilities(await model.predict(isMatrix ? featureTensor(x) : x), model.path ?? model.output.name);
}

function positiveProbabilities(out: HostTensor, path: string): Float64Array {
  const n = out.shape[0] ?? 0;
  const c = out.data.length / Math.max(1, n);
  const v = (i: number, j: number): number => Number(out.data[i * c + j]);
  if (c === 1) {
    const inUnit = Array.from({ length: n }, (_, i) => v(i, 0)).every((p) => p >= 0 && p <= 1);
    return Float64Array.from({ length: n }, (_, i) => (inUnit ? v(i, 0) : 1 / (1 + Math.exp(-v(i, 0)))));
  }
  if (c !== 2) throw new DataError('MODEL_OUTPUT', `${path}: output has ${c} columns per row; keel fairness needs a binary classifier (1 or 2 outputs)`, { path, columns: c });
  const isProba = Array.from({ length: n }, (_, i) => i).every((i) => v(i, 0) >= 0 && v(i, 1) >= 0 && Math.abs(v(i, 0) + v(i, 1) - 1) < 1e-4);
  return Float64Array.from({ length: n }, (_, i) => (isProba ? v(i, 1) : 1 / (1 + Math.exp(v(i, 0) - v(i, 1)))));
}

/**
 * 0/1 predictions: threshold 0.5, or a seeded draw for a randomized classifier.
 * @example `const yHat = labelsFrom(p, true, 0);`
 */
export function labelsFrom(p: Float64Array, randomized: boolean, seed: number): Uint8Array {
  const rng = new Rng(seed);
  return Uint8Array.from(p, (q) => (randomized ? (rng.uniform() < q ? 1 : 0) : q >= 0.5 ? 1 : 0));
}

/**
 * One graph for a mixture Σ_h q_h · softmax(model_h(x))[:, 1]: input `input`, output
 * `probability` [N] (the chance the randomized classifier predicts 1).
 * @example `const g = mixtureGraph(predictors.map((p) => p.toGraph()), weights);`
 */
export function mixtureGraph(members: readonly Graph[], weights: ArrayLike<number>): Graph {
  const g = new Graph('keel_fair_mixture');
  const b = new Builder(g);
  const x = g.addInput('input', { dtype: 'float32', shape: members[0]!.inputs[0]!.shape });
  let sum = undefined as ReturnType<Builder['add']> | undefined;
  members.forEach((m, h) => {
    for (const init of m.initializers) init.name = `m${h}.${init.name}`;
    const logits = inlineGraph(b, m, new Map([[m.inputs[0]!, x]])).get(m.outputs[0]!)!;
    const p1 = b.reshape(b.op1('Gather', [b.op1('Softmax', [logits], { axis: 1 }), b.ints([1])], { axis: 1 }), [-1]);
    const term = b.scale(p1, weights[h]!);
    sum = sum === undefined ? term : b.add(sum, term);
  });
  g.setOutputs(b.op1('Identity', [sum!], {}, { outputNames: ['probability'] }));
  return g;
}
