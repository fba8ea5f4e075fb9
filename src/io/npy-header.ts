/**
 * The npy header: a Python dict literal such as
 * `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`. Internal to `io`.
 */
import { DataError } from '../core/index.js';

/** The three fields of an npy header. */
export interface NpyHeader {
  descr: string;
  fortranOrder: boolean;
  shape: number[];
}

type PyValue = string | number | boolean | null | PyValue[] | Map<string, PyValue>;

/**
 * Parses the header text. Throws DataError `NPY_HEADER` (malformed), `NPY_DTYPE`
 * (structured dtype) or `NPY_FORTRAN` (Fortran order).
 * @example `parseNpyHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", 'x.npy')`
 */
export function parseNpyHeader(text: string, file: string): NpyHeader {
  const fail = (why: string): DataError =>
    new DataError(
      'NPY_HEADER',
      `${file}: malformed npy header (${why}). Header text: ${JSON.stringify(text.trim().slice(0, 200))}. ` +
        'Expected a dict with descr, fortran_order and shape; re-save the array with numpy.save.',
      { file, header: text },
    );
  const parser = new LiteralParser(text, fail);
  const dict = parser.parseAll();
  if (!(dict instanceof Map)) throw fail('it is not a dict');
  const descr = dict.get('descr');
  const fortran = dict.get('fortran_order');
  const shape = dict.get('shape');
  if (Array.isArray(descr)) {
    throw new DataError(
      'NPY_DTYPE',
      `${file}: structured (record) dtypes are not supported. Save each field as its own array.`,
      { file, descr: JSON.stringify(descr) },
    );
  }
  if (typeof descr !== 'string') throw fail("'descr' must be a string such as '<f4'");
  if (typeof fortran !== 'boolean') throw fail("'fortran_order' must be True or False");
  if (!Array.isArray(shape) || !shape.every((d) => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)) {
    throw fail("'shape' must be a tuple of non-negative integers");
  }
  if (fortran) {
    throw new DataError(
      'NPY_FORTRAN',
      `${file}: the array is stored in Fortran (column-major) order, but only C order is supported. ` +
        'Save np.ascontiguousarray(arr) instead.',
      { file, shape },
    );
  }
  return { descr, fortranOrder: false, shape: shape as number[] };
}

/**
 * Formats a header dict exactly as numpy does (without padding).
 * @example `formatNpyHeader('<f4', [2, 3])` → `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`
 */
export function formatNpyHeader(descr: string, shape: readonly number[]): string {
  const dims = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  return `{'descr': '${descr}', 'fortran_order': False, 'shape': ${dims}, }`;
}

class LiteralParser {
  private pos = 0;
  constructor(
    private readonly text: string,
    private readonly fail: (why: string) => DataError,
  ) {}

  parseAll(): PyValue {
    const value = this.value();
    this.skipSpace();
    if (this.pos !== this.text.length) throw this.fail(`unexpected text at offset ${this.pos}`);
    return value;
  }

  private value(): PyValue {
    this.skipSpace();
    const c = this.text[this.pos];
    if (c === '{') return this.dict();
    if (c === '(') return this.sequence(')');
    if (c === '[') return this.sequence(']');
    if (c === "'" || c === '"') return this.string();
    const word = /^(True|False|None|-?\d+L?)/.exec(this.text.slice(this.pos));
    if (word === null) throw this.fail(`unexpected ${c === undefined ? 'end of header' : `'${c}'`} at offset ${this.pos}`);
    this.pos += word[0].length;
    const token = word[0];
    if (token === 'True' || token === 'False') return token === 'True';
    if (token === 'None') return null;
    const n = Number(token.replace('L', ''));
    if (!Number.isSafeInteger(n)) throw this.fail(`integer ${token} is too large`);
    return n;
  }

  private dict(): Map<string, PyValue> {
    const out = new Map<string, PyValue>();
    this.pos++;
    for (;;) {
      this.skipSpace();
      if (this.eat('}')) return out;
      const key = this.value();
      if (typeof key !== 'string') throw this.fail('dict keys must be strings');
      this.skipSpace();
      if (!this.eat(':')) throw this.fail(`expected ':' after key '${key}'`);
      out.set(key, this.value());
      this.skipSpace();
      if (!this.eat(',') && this.text[this.pos] !== '}') throw this.fail(`expected ',' or '}' at offset ${this.pos}`);
    }
  }

  private sequence(close: string): PyValue[] {
    const out: PyValue[] = [];
    this.pos++;
    for (;;) {
      this.skipSpace();
      if (this.eat(close)) return out;
      out.push(this.value());
      this.skipSpace();
      if (!this.eat(',') && this.text[this.pos] !== close) throw this.fail(`expected ',' or '${close}' at offset ${this.pos}`);
    }
  }

  private string(): string {
    const quote = this.text[this.pos];
    const end = this.text.indexOf(quote ?? '', this.pos + 1);
    if (end < 0) throw this.fail('unterminated string');
    const s = this.text.slice(this.pos + 1, end);
    this.pos = end + 1;
    return s;
  }

  private eat(c: string): boolean {
    if (this.text[this.pos] !== c) return false;
    this.pos++;
    return true;
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos] ?? '')) this.pos++;
  }
}
