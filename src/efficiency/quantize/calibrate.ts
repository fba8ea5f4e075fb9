import { DataError, isKeelError, type HostTensor } from '../../core/index.js';
import { fmtShape, type Graph, type Value } from '../../ir/index.js';
import { Session, type SessionOptions } from '../../runtime/index.js';
import { checkFeatures, rowSlice } from '../../train/index.js';

/** Observed range of one tensor over the calibration data. */
export interface Range {
  readonly min: number;
  readonly max: number;
}

/**
 * Checks calibration (or evaluation) rows against the model input; a wrong shape or type is a
 * `CALIBRATION_SHAPE` error naming both shapes.
 */
export function checkCalibration(x: HostTensor, input: Value, file: string): HostTensor<'float32'> {
  try {
    return checkFeatures(x, input, file);
  } catch (e) {
    if (isKeelError(e, 'DATA_SHAPE')) {
      throw new DataError('CALIBRATION_SHAPE', `${file}: calibration data of shape ${fmtShape(x.shape)} does not fit the model input "${input.name}" ${fmtShape(input.shape)}; pass rows shaped like the model's input (symbolic dims match any size)`, { file, expected: input.shape, actual: x.shape }, { cause: e });
    }
    throw e;
  }
}

/**
 * Runs the model over the calibration rows and records min/max of each value in `values`.
 *
 * @example `const ranges = await calibrate(graph, [graph.nodes[0]!.output()], x);`
 */
export async function calibrate(graph: Graph, values: readonly Value[], x: HostTensor<'float32'>, opts: { batchSize?: number; session?: SessionOptions } = {}): Promise<Map<Value, Range>> {
  const saved = [...graph.outputs];
  const wanted = [...new Set(values)].filter((v) => v.kind !== 'initializer');
  const outs = wanted.filter((v) => v.kind === 'node');
  graph.setOutputs(...(outs.length > 0 ? outs : saved));
  let session: Session;
  try {
    session = await Session.create(graph, opts.session ?? {});
  } finally {
    graph.setOutputs(...saved);
  }
  const mins = new Map<Value, number>(wanted.map((v) => [v, Infinity]));
  const maxs = new Map<Value, number>(wanted.map((v) => [v, -Infinity]));
  const observe = (v: Value, t: HostTensor): void => {
    let lo = mins.get(v)!;
    let hi = maxs.get(v)!;
    for (const e of t.data as Float32Array) {
      if (e < lo) lo = e;
      if (e > hi) hi = e;
    }
    mins.set(v, lo);
    maxs.set(v, hi);
  };
  const n = x.shape[0] ?? 0;
  const bs = opts.batchSize ?? 256;
  const input = graph.inputs[0]!;
  try {
    for (let s = 0; s < n; s += bs) {
      const rows = rowSlice(x, s, Math.min(bs, n - s));
      const res = await session.run({ [input.name]: rows });
      for (const v of wanted) observe(v, v.kind === 'input' ? rows : res[v.name]!);
    }
  } finally {
    await session.release();
  }
  return new Map(wanted.map((v) => [v, { min: mins.get(v)!, max: maxs.get(v)! }]));
}
