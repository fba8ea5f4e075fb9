import { GraphError, sizeOf, type HostTensor, type Rng } from '../core/index.js';
import { initBias } from './init.js';
import { staticDim, type Layer } from './layers.js';

/** Options for {@link lstm}, {@link gru} and {@link rnn}. */
export interface RecurrentOptions {
  /** Return every step's output [N, T, D·units] instead of the last state [N, D·units] (default false). */
  readonly returnSequences?: boolean;
  /** Run a second recurrence backwards over time and concatenate both (default false). */
  readonly bidirectional?: boolean;
}

type RecurrentKind = 'lstm' | 'gru' | 'rnn';
const OPS = { lstm: { op: 'LSTM', gates: 4 }, gru: { op: 'GRU', gates: 3 }, rnn: { op: 'RNN', gates: 1 } } as const;

/** PyTorch's recurrent init: every weight and bias U(±1/√units). */
function uniform(shape: readonly number[], units: number, rng: Rng): HostTensor<'float32'> {
  return { ...initBias(sizeOf(shape), units, rng), shape };
}

function recurrent(kind: RecurrentKind, units: number, opts: RecurrentOptions): Layer {
  const { op, gates } = OPS[kind];
  const dirs = opts.bidirectional ? 2 : 1;
  return {
    kind,
    apply(ctx, x, name) {
      if (x.rank !== 3) throw new GraphError('LAYER_SHAPE', `${kind} layer ${name} needs sequences [N, T, features], got [${x.shape.join(',')}]; add an embedding for token ids`, { kind, name, actual: x.shape });
      const features = staticDim(x, 2, name);
      const w = ctx.param(`${name}.weight_ih`, () => uniform([dirs, gates * units, features], units, ctx.rng));
      const r = ctx.param(`${name}.weight_hh`, () => uniform([dirs, gates * units, units], units, ctx.rng));
      const bias = ctx.param(`${name}.bias`, () => uniform([dirs, 2 * gates * units], units, ctx.rng));
      // Batch-major (layout 1) as the layer's input is; GRU in PyTorch's form (linear_before_reset).
      const attrs = { hidden_size: units, layout: 1, direction: dirs === 2 ? 'bidirectional' : 'forward', ...(kind === 'gru' ? { linear_before_reset: 1 } : {}) };
      const [y, last] = ctx.b.op(op, [x, w, r, bias], attrs, { name, outputs: 2 });
      return opts.returnSequences ? ctx.b.reshape(y!, [0, 0, dirs * units]) : ctx.b.reshape(last!, [0, dirs * units]);
    },
  };
}

/**
 * An LSTM over batch-major sequences [N, T, features] (any T), as one ONNX LSTM node.
 * @example `new Sequential([embedding(100, 16), lstm(32, { returnSequences: true }), lstm(32), dense(2)])`
 */
export function lstm(units: number, opts: RecurrentOptions = {}): Layer {
  return recurrent('lstm', units, opts);
}

/**
 * A GRU over [N, T, features] in PyTorch's form (ONNX `linear_before_reset` = 1).
 * @example `gru(64, { bidirectional: true })`
 */
export function gru(units: number, opts: RecurrentOptions = {}): Layer {
  return recurrent('gru', units, opts);
}

/**
 * An Elman RNN (tanh) over [N, T, features].
 * @example `rnn(32, { returnSequences: true })`
 */
export function rnn(units: number, opts: RecurrentOptions = {}): Layer {
  return recurrent('rnn', units, opts);
}
