import { UsageError } from '../../core/index.js';
import type { Dim, Graph, Value } from '../../ir/index.js';
import { exportModel, parseOnnx } from '../../onnx/index.js';
import { TEXT_METADATA, type WithMetadata } from '../../session/index.js';

/** Where the sizes of a model's symbolic input dims come from (see `inputDims`). */
export interface InputDimsOptions {
  /** Sizes of named symbolic dims other than the batch axis (e.g. `{ T: 64 }`); they win over the rest. */
  readonly dims?: Readonly<Record<string, number>>;
  /** The data's row shape (after the batch axis) for the first input, e.g. `[64]` for messages padded to 64 tokens. */
  readonly rowShape?: readonly number[];
}

const sized = (n: number | undefined): n is number => n !== undefined && Number.isInteger(n) && n > 0;

/**
 * Sizes of the symbolic input dims other than the batch (axis 0 of every input keeps its name):
 * an explicit size from `dims`, else the data's `rowShape` at that axis of the first input, else,
 * for a text model Keel trained (its metadata records the truncation length), that length for the
 * sequence axis (axis 1). A dim left without a size is a typed `PROFILE_DIM` error: timing it at
 * some guessed size (the batch size, or 1) would report the cost of inputs nobody feeds.
 *
 * @example `inputDims(model.inputs, model.graph, { rowShape: [64] }); // { T: 64 }`
 */
export function inputDims(inputs: readonly Value[], model: WithMetadata, o: InputDimsOptions = {}): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, size] of Object.entries(o.dims ?? {})) {
    if (!sized(size)) throw new UsageError('PROFILE_DIM', `dim ${name}: a size must be a positive integer, got ${String(size)}`, { dim: name, value: size });
    out[name] = size;
  }
  const textLength = Number(model.metadata.get(TEXT_METADATA.maxLength));
  inputs.forEach((v, k) => {
    v.shape.forEach((d, axis) => {
      if (axis === 0 || typeof d === 'number' || Object.hasOwn(out, d)) return;
      const fromRow = k === 0 ? o.rowShape?.[axis - 1] : undefined;
      const size = sized(fromRow) ? fromRow : axis === 1 && v.rank === 2 && sized(textLength) ? textLength : undefined;
      if (size === undefined) {
        throw new UsageError('PROFILE_DIM', `input "${v.name}" [${v.shape.join(',')}]: dim ${d} (axis ${axis}) is symbolic and nothing gives its size; pass its size (ProfileOptions.dims, e.g. { ${d}: 64 }) or rows of the data (rowShape)`, { input: v.name, dim: d, axis });
      }
      out[d] = size;
    });
  });
  return out;
}

/**
 * The input shape a batch of `batch` rows is timed at: symbolic dims named in `dims` take their
 * sizes from it, at any axis (a time-major region inside a model, such as an LSTM's [T, N, F]
 * input, has the sequence first), and the others — the batch, and any dim without a size, as
 * callers that time fixed-size models pass none — get the batch size. `dims` never names the batch.
 * @example `feedShape(['N', 'T'], 8, { T: 64 }) // [8, 64]; feedShape(['T', 'N', 32], 8, { T: 64 }) // [64, 8, 32]`
 */
export function feedShape(shape: readonly Dim[], batch: number, dims: Readonly<Record<string, number>> = {}): number[] {
  return shape.map((d) => (typeof d === 'number' ? d : Object.hasOwn(dims, d) ? dims[d]! : batch));
}

/**
 * The graph with its inputs' named symbolic dims fixed to `dims` (rebuilt through ONNX, so every
 * shape derived from them is concrete); the graph itself when there is nothing to fix.
 * @example `countCosts(withInputDims(graph, { T: 64 }))`
 */
export function withInputDims(graph: Graph, dims: Readonly<Record<string, number>>): Graph {
  if (Object.keys(dims).length === 0) return graph;
  return parseOnnx(exportModel(graph), graph.name, { dims }).graph;
}
