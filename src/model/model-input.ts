import { DataError, tensor, type HostTensor } from '../core/index.js';
import { fmtShape } from '../ir/index.js';
import type { ModelInputSpec } from '../session/index.js';
import { checkFeatures } from '../train/index.js';

/**
 * What {@link Model.predict} and the capabilities accept as inputs: a tensor (float32, or float64
 * as NumPy writes by default), a flat `Float32Array`/`Float64Array`/`number[]` of whole rows, or
 * nested `number[][]` rows.
 */
export type ModelInput = HostTensor | Float32Array | Float64Array | readonly number[] | readonly (readonly number[])[] | readonly (readonly (readonly number[])[])[];

/** Class labels: an integer tensor, an `Int32Array`/`BigInt64Array`, or a `number[]`. */
export type LabelInput = HostTensor | Int32Array | BigInt64Array | readonly number[];

/** Where a one-time note about a converted input goes; default `process.emitWarning`. */
export type NoteSink = (message: string) => void;

const defaultNote: NoteSink = (message) => {
  process.emitWarning(message, { code: 'KEEL_INPUT_CONVERTED' });
};

/**
 * Turns any {@link ModelInput} into the float32 tensor the model's input declares, checking its
 * shape against the declared one (symbolic dims match any size). `note` is called when values were
 * converted (float64 or plain numbers to float32).
 */
export function coerceInput(x: ModelInput, input: ModelInputSpec, note: NoteSink = defaultNote): HostTensor<'float32'> {
  let t: HostTensor;
  let converted = false;
  if (isHostTensor(x)) {
    t = x;
    converted = x.dtype === 'float64';
  } else if (x instanceof Float32Array || x instanceof Float64Array || (Array.isArray(x) && x.every((v) => typeof v === 'number'))) {
    const flat = x as ArrayLike<number>;
    t = tensor('float32', rowsShape(flat.length, input), flat);
    converted = !(x instanceof Float32Array);
  } else {
    const { shape, values } = flatten(x as readonly unknown[]);
    t = tensor('float32', shape, values);
    converted = true;
  }
  const out = checkFeatures(t, input, 'input');
  if (converted) note(`keel: the input to "${input.name}" was converted to float32 (the model's input type); pass a Float32Array to skip the copy`);
  return out;
}

/** Class labels as the int64 tensor the metrics read. */
export function coerceLabels(y: LabelInput): HostTensor {
  if (isHostTensor(y)) return y;
  if (y instanceof BigInt64Array) return { dtype: 'int64', shape: [y.length], data: y };
  if (y instanceof Int32Array) return { dtype: 'int32', shape: [y.length], data: y };
  const bad = y.findIndex((v) => !Number.isInteger(v) || v < 0);
  if (bad >= 0) throw new DataError('LABELS_DTYPE', `labels must be non-negative integer class indices, but label ${bad} is ${y[bad]}`, { row: bad, actual: y[bad] });
  return tensor('int64', [y.length], y);
}

function isHostTensor(x: unknown): x is HostTensor {
  return typeof x === 'object' && x !== null && 'dtype' in x && 'shape' in x && 'data' in x;
}

/** [N, ...row] for a flat array of whole rows, when the declared row shape is fixed. */
function rowsShape(length: number, input: ModelInputSpec): number[] {
  const row = input.shape.slice(1);
  if (!row.every((d): d is number => typeof d === 'number')) {
    throw new DataError('DATA_SHAPE', `a flat array cannot be split into rows: the model input "${input.name}" is ${fmtShape(input.shape)}, whose row shape is not fixed; pass a tensor with an explicit shape`, { expected: input.shape });
  }
  const size = row.reduce((a, b) => a * b, 1);
  if (input.shape.length === 0 || length % size !== 0) {
    throw new DataError('DATA_SHAPE', `${length} values are not whole rows of the model input "${input.name}" ${fmtShape(input.shape)} (${size} values per row)`, { expected: input.shape, actual: [length] });
  }
  return [length / size, ...row];
}

/** Shape and row-major values of nested arrays; ragged nesting is refused with the offending path. */
function flatten(x: readonly unknown[]): { shape: number[]; values: number[] } {
  const shape: number[] = [];
  for (let level: unknown = x; Array.isArray(level); level = (level as unknown[])[0]) shape.push(level.length);
  const values: number[] = [];
  const walk = (v: unknown, depth: number, path: string): void => {
    if (depth === shape.length) {
      if (typeof v !== 'number') throw new DataError('DATA_SHAPE', `input${path} is ${typeof v}, expected a number`, { path });
      values.push(v);
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[depth]) {
      throw new DataError('DATA_SHAPE', `input${path} is ragged: expected ${shape[depth]} entries at depth ${depth}, got ${Array.isArray(v) ? v.length : typeof v}`, { path, expected: shape[depth] });
    }
    v.forEach((e, i) => {
      walk(e, depth + 1, `${path}[${i}]`);
    });
  };
  walk(x, 0, '');
  return { shape, values };
}
