import { Graph, type TensorType, type Value } from '../ir/index.js';
import { Builder } from './builder.js';

/** What one step of a {@link timeScan} computes: the next states and the step's outputs. */
export interface ScanStep {
  readonly states: readonly Value[];
  readonly outputs: readonly Value[];
}

/** Options for {@link timeScan}. */
export interface TimeScanOptions {
  readonly name: string;
  /** Initial carried states. */
  readonly states: readonly Value[];
  /** Sequences [T, ...] sliced along axis 0, one slice per step. */
  readonly sequences: readonly Value[];
  /** Walk the sequences from the last step to the first (outputs stay aligned with time). */
  readonly reverse: boolean;
  /** Builds one step inside the loop body from the current states and slices. */
  step(b: Builder, states: readonly Value[], slices: readonly Value[]): ScanStep;
}

/**
 * A loop over time as one ONNX `Scan`: works for any (symbolic) sequence length and batch. The
 * body may read values of the enclosing graph (weights). Returns the final states and the
 * stacked per-step outputs ([T, ...], indexed by time in both directions).
 *
 * @example
 * ```ts
 * const { states: [h] } = timeScan(b, { name: 'acc', states: [h0], sequences: [xs], reverse: false, step: (bb, [h], [x]) => ({ states: [bb.add(h!, x!)], outputs: [] }) });
 * ```
 */
export function timeScan(b: Builder, opts: TimeScanOptions): { states: Value[]; outputs: Value[] } {
  const body = new Graph(`${opts.name}_body`, b.graph);
  const bb = new Builder(body);
  // Fresh names: several scans (one per recurrent node and direction) share the enclosing scope.
  const input = (name: string, type: TensorType): Value => {
    const v = body.newValue(name, type, 'input');
    body.inputs.push(v);
    return v;
  };
  const states = opts.states.map((v, i) => input(`${opts.name}_s${i}`, v.type));
  const slices = opts.sequences.map((v, i) => input(`${opts.name}_x${i}`, { dtype: v.dtype, shape: v.shape.slice(1) }));
  const r = opts.step(bb, states, slices);
  // Each body output must be its own value computed in the body: pass-through and repeated values get an Identity.
  const seen = new Set<Value>();
  const own = (v: Value): Value => {
    const fresh = v.producer !== null && body.nodes.includes(v.producer) && !seen.has(v);
    seen.add(v);
    return fresh ? v : bb.op1('Identity', [v]);
  };
  body.setOutputs(...r.states.map(own), ...r.outputs.map(own));
  const dir = opts.reverse ? 1 : 0;
  const outs = b.op('Scan', [...opts.states, ...opts.sequences], {
    body,
    num_scan_inputs: opts.sequences.length,
    scan_input_directions: opts.sequences.map(() => dir),
    scan_output_directions: r.outputs.map(() => dir),
  }, { name: opts.name });
  return { states: outs.slice(0, r.states.length), outputs: outs.slice(r.states.length) };
}
