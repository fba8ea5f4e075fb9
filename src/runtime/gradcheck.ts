import { Rng, isKeelError, tensor, type DType, type HostTensor } from '../core/index.js';
import { Graph, isStatic, type Dim, type Value } from '../ir/index.js';
import { Builder } from '../ops/index.js';
import { Session } from '../session/index.js';
import { gradients } from '../autodiff/index.js';

/** One input of a gradient check: data plus the declared (possibly symbolic) shape. */
export interface CheckInput {
  readonly name: string;
  readonly data: readonly number[];
  readonly shape: readonly number[];
  /** Declared shape; use a string for a symbolic (e.g. batch) dimension. Default: `shape`. */
  readonly declared?: readonly Dim[];
  /** Integer inputs (indices) are fed as int64 and not differentiated. */
  readonly int?: boolean;
  /** Fed as a build-time constant (axes, shapes, pads) rather than a graph input. */
  readonly constant?: boolean;
}

/** Result of {@link checkGradients}: worst error per input and the dtype the check ran in. */
export interface GradCheckResult {
  readonly dtype: DType;
  readonly maxError: Record<string, number>;
  readonly scale: Record<string, number>;
  readonly analytic: Record<string, number[]>;
  readonly numeric: Record<string, number[]>;
}

/** Builds the scalar whose gradients are checked from the builder and the graph inputs. */
export type BuildFn = (b: Builder, inputs: Value[]) => Value;

async function buildSessions(build: BuildFn, inputs: readonly CheckInput[], dtype: DType, projection: number[] | undefined, outShape: { shape: number[] }): Promise<{ loss: Session; grad: Session; diffNames: string[] }> {
  const g = new Graph('gradcheck');
  const b = new Builder(g);
  const values = inputs.map((inp) => {
    if (inp.constant) return b.constant(tensor(inp.int ? 'int64' : dtype, inp.shape, inp.data));
    return g.addInput(inp.name, { dtype: inp.int ? 'int64' : dtype, shape: inp.declared ?? inp.shape });
  });
  const y = build(b, values);
  const yf = y.dtype === dtype ? y : b.cast(y, dtype);
  let loss: Value;
  if (projection) {
    const w = b.constant(tensor(dtype, outShape.shape, projection));
    loss = b.op1('ReduceSum', [b.mul(yf, w)], { keepdims: 0 });
  } else {
    loss = b.op1('ReduceSum', [yf], { keepdims: 0 });
  }
  const diff = inputs.map((inp, i) => ({ inp, v: values[i]! })).filter(({ inp }) => !inp.int && !inp.constant);
  g.setOutputs(loss, yf);
  const lossSession = await Session.create(g);
  const grads = gradients(b, [loss], diff.map((d) => d.v));
  const gg = grads.map((v, i) => v ?? b.zerosLike(diff[i]!.v));
  g.setOutputs(loss, ...gg.map((v) => b.op1('Identity', [v])));
  const gradSession = await Session.create(g);
  return { loss: lossSession, grad: gradSession, diffNames: diff.map((d) => d.inp.name) };
}

/**
 * Checks an op's gradient rule against central finite differences: builds `build(inputs)`,
 * projects its output onto a fixed random tensor, and compares the autodiff gradient of that
 * scalar with (L(x+h) − L(x−h)) / 2h for every input element. Runs in float64 where
 * onnxruntime has float64 kernels for every op involved, in float32 otherwise.
 *
 * @example
 * ```ts
 * const r = await checkGradients((b, [x]) => b.op1('Tanh', [x!]), [{ name: 'x', data: [0.3, -1], shape: [2] }]);
 * ```
 */
export async function checkGradients(build: BuildFn, inputs: readonly CheckInput[], opts: { seed?: number; forceFloat32?: boolean } = {}): Promise<GradCheckResult> {
  for (const dtype of (opts.forceFloat32 ? ['float32'] : ['float64', 'float32']) as DType[]) {
    try {
      return await checkIn(build, inputs, dtype, opts.seed ?? 7);
    } catch (e) {
      if (dtype === 'float64' && isKeelError(e) && (e.code === 'RUNTIME_COMPILE' || e.code === 'RUNTIME_RUN')) continue;
      throw e;
    }
  }
  throw new Error('unreachable');
}

function feedsOf(inputs: readonly CheckInput[], dtype: DType, override?: { name: string; index: number; delta: number }): Record<string, HostTensor> {
  const feeds: Record<string, HostTensor> = {};
  for (const inp of inputs) {
    if (inp.constant) continue;
    const data = [...inp.data];
    if (override?.name === inp.name) data[override.index]! += override.delta;
    feeds[inp.name] = tensor(inp.int ? 'int64' : dtype, inp.shape, data);
  }
  return feeds;
}

async function checkIn(build: BuildFn, inputs: readonly CheckInput[], dtype: DType, seed: number): Promise<GradCheckResult> {
  // First pass: learn the output's concrete shape, then build the projected loss.
  const probe = await buildSessions(build, inputs, dtype, undefined, { shape: [] });
  const out = (await probe.loss.run(feedsOf(inputs, dtype)))[probe.loss.outputNames[1]!]!;
  await Promise.all([probe.loss.release(), probe.grad.release()]);
  const rng = new Rng(seed);
  const projection = Array.from({ length: out.data.length }, () => rng.uniform() * 2 - 1);
  const shape = { shape: [...out.shape] };
  const { loss, grad, diffNames } = await buildSessions(build, inputs, dtype, projection, shape);
  const h = dtype === 'float64' ? 1e-6 : 1e-2;
  const gradOut = await grad.run(feedsOf(inputs, dtype));
  const res: GradCheckResult = { dtype, maxError: {}, scale: {}, analytic: {}, numeric: {} };
  for (const [k, name] of diffNames.entries()) {
    const inp = inputs.find((i) => i.name === name)!;
    const analytic = Array.from(gradOut[grad.outputNames[k + 1]!]!.data, Number);
    const numeric: number[] = [];
    for (let i = 0; i < inp.data.length; i++) {
      const lp = (await loss.run(feedsOf(inputs, dtype, { name, index: i, delta: h })))[loss.outputNames[0]!]!;
      const lm = (await loss.run(feedsOf(inputs, dtype, { name, index: i, delta: -h })))[loss.outputNames[0]!]!;
      numeric.push((Number(lp.data[0]) - Number(lm.data[0])) / (2 * h));
    }
    res.analytic[name] = analytic;
    res.numeric[name] = numeric;
    res.scale[name] = Math.max(1, ...numeric.map(Math.abs));
    res.maxError[name] = Math.max(0, ...numeric.map((v, i) => Math.abs(v - (analytic[i] ?? NaN))));
  }
  await Promise.all([loss.release(), grad.release()]);
  if (!isStatic(shape.shape)) throw new Error('unreachable');
  return res;
}
