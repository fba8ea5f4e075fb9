import { gradients } from '../../src/autodiff/index.js';
import { tensor, type HostTensor } from '../../src/core/index.js';
import type { Graph, Value } from '../../src/ir/index.js';
import { Builder } from '../../src/ops/index.js';
import { Session } from '../../src/runtime/index.js';

/**
 * d(Σ_i logits[i, target_i]) / d input of an imported one-input, one-output classifier, run on
 * onnxruntime: the gradient PyTorch references store as `grad` / `cnn_grad_target_logit`. `wrt`
 * takes it with respect to another value of the graph instead (e.g. the embedding lookup's output
 * for a model over token ids). Rewrites `graph`'s outputs to the gradient.
 */
export async function targetLogitGradient(graph: Graph, x: HostTensor, target: HostTensor, classes: number, wrt?: Value): Promise<HostTensor> {
  const input = graph.inputs[0]!;
  const logits = graph.outputs[0]!;
  const seed = graph.addInput('seed', { dtype: 'float32', shape: logits.shape });
  const b = new Builder(graph);
  const [dx] = gradients(b, [logits], [wrt ?? input], { seeds: new Map([[logits, seed]]) });
  // Identity: the gradient may itself be a value the graph already names (a Scan output, say).
  graph.setOutputs(b.op1('Identity', [dx!]));
  const rows = target.shape[0]!;
  const onehot = tensor('float32', [rows, classes]);
  for (let i = 0; i < rows; i++) onehot.data[i * classes + Number(target.data[i])] = 1;
  const s = await Session.create(graph);
  try {
    return Object.values(await s.run({ [input.name]: x, seed: onehot }))[0]!;
  } finally {
    await s.release();
  }
}
