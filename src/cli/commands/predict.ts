import { readNpy, writeNpy } from '../../io/index.js';
import { loadOnnx } from '../../onnx/index.js';
import { Session, type ProviderName } from '../../runtime/index.js';
import { checkFeatures, predictBatched } from '../../train/index.js';

/** Options of `keel predict`. */
export interface PredictOptions {
  readonly model: string;
  readonly input: string;
  readonly out: string;
  readonly batchSize?: number;
  readonly threads?: number;
  readonly provider?: ProviderName;
}

/**
 * `keel predict`: raw model output for every row of an .npy input, written as .npy.
 * @example `await predictCommand({ model: 'cnn.onnx', input: 'x.npy', out: 'p.npy' })`
 */
export async function predictCommand(o: PredictOptions): Promise<void> {
  const { graph } = await loadOnnx(o.model);
  const input = graph.inputs[0]!;
  const x = checkFeatures(readNpy(o.input), input, o.input);
  const session = await Session.create(graph, { ...(o.threads === undefined ? {} : { threads: o.threads }), ...(o.provider ? { provider: o.provider } : {}) });
  const out = await predictBatched(session, x, o.batchSize ?? 1024);
  await session.release();
  writeNpy(o.out, out);
  process.stdout.write(`wrote ${o.out} [${out.shape.join(', ')}]\n`);
}
