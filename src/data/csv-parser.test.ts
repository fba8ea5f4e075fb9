import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isKeelError } from '../core/index.js';
import { CsvParser, type ParsedRows } from './csv-parser.js';
import { csvRow } from './csv-writer.js';

function parse(text: string, pieces = 1, expected?: number): ParsedRows {
  const p = new CsvParser({ file: 't.csv' });
  if (expected !== undefined) p.expectedFields = expected;
  const out: ParsedRows = { rows: [], lines: [] };
  const size = Math.ceil(text.length / pieces) || 1;
  for (let i = 0; i < text.length; i += size) p.feed(text.slice(i, i + size), out);
  p.end(out);
  return out;
}

function codeOf(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return isKeelError(e) ? { code: e.code, ...e.details } : e;
  }
  return undefined;
}

describe('CsvParser', () => {
  it('parses quoted fields with delimiters, escaped quotes and newlines', () => {
    const out = parse('a,b\n"x,1","say ""hi"""\n"multi\nline",2\r\n\n3,4');
    expect(out.rows).toEqual([['a', 'b'], ['x,1', 'say "hi"'], ['multi\nline', '2'], ['3', '4']]);
    expect(out.lines).toEqual([1, 2, 3, 6]);
  });

  it('trims unquoted fields but not quoted ones', () => {
    expect(parse(' a , " b "\n').rows).toEqual([['a', ' b ']]);
  });

  it('reports an unterminated quote with the line and column where it opened', () => {
    expect(codeOf(() => parse('a,b\n1,"open\n2,3\n'))).toMatchObject({ code: 'CSV_UNTERMINATED_QUOTE', file: 't.csv', line: 2, column: 3 });
  });

  it('reports text after a closing quote', () => {
    expect(codeOf(() => parse('a,b\n"x"y,2\n'))).toMatchObject({ code: 'CSV_INVALID_QUOTE', line: 2, column: 4 });
  });

  it('reports ragged rows with line and column', () => {
    expect(codeOf(() => parse('1,2,3\n4,5,6,7\n', 1, 3))).toMatchObject({ code: 'CSV_RAGGED_ROW', line: 2, column: 7, expected: 3, actual: 4 });
    expect(codeOf(() => parse('1,2,3\n4,5\n', 1, 3))).toMatchObject({ code: 'CSV_RAGGED_ROW', line: 2, actual: 2 });
  });

  it('round-trips any fields through csvRow, whatever the chunking', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', ' ', 'é', '1') });
    fc.assert(
      fc.property(fc.array(fc.array(field, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 7 }), (rows, pieces) => {
        const trimmed = rows.map((r) => r.map((v) => v));
        const text = trimmed.map((r) => csvRow(r)).join('\n') + '\n';
        const got = parse(text, pieces).rows;
        const want = trimmed.filter((r) => !(r.length === 1 && r[0] === ''));
        expect(got).toEqual(want);
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
