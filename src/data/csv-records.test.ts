import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvRecordParser, type ParsedRows } from './csv-records.js';
import { csvRow } from './csv-writer.js';

async function parse(text: string, pieces = 1, expected?: number): Promise<ParsedRows> {
  const p = new CsvRecordParser('t.csv', { delimiter: ',', trim: true });
  if (expected !== undefined) p.expectedFields = expected;
  const out: ParsedRows = { rows: [], lines: [] };
  const keep = (got: ParsedRows): void => {
    out.rows.push(...got.rows);
    out.lines.push(...got.lines);
  };
  const size = Math.ceil(text.length / pieces) || 1;
  for (let i = 0; i < text.length; i += size) keep(await p.feed(text.slice(i, i + size)));
  keep(await p.end());
  return out;
}

async function codeOf(f: () => Promise<unknown>): Promise<unknown> {
  try {
    await f();
  } catch (e) {
    const k = e as { code?: string; details?: object };
    return { code: k.code, ...k.details };
  }
  return undefined;
}

describe('CsvRecordParser (csv-parse, fed in pieces)', () => {
  it('parses quoted fields with delimiters, escaped quotes and newlines, and says where each row starts', async () => {
    const out = await parse('a,b\n"x,1","say ""hi"""\n"multi\nline",2\r\n\n3,4');
    expect(out.rows).toEqual([['a', 'b'], ['x,1', 'say "hi"'], ['multi\nline', '2'], ['3', '4']]);
    expect(out.lines).toEqual([1, 2, 3, 6]);
  });

  it('trims unquoted fields but not quoted ones', async () => {
    expect((await parse(' a , " b "\n')).rows).toEqual([['a', ' b ']]);
  });

  it('reports an unterminated quote with the line and column where it opened', async () => {
    expect(await codeOf(() => parse('a,b\n1,"open\n2,3\n'))).toMatchObject({ code: 'CSV_UNTERMINATED_QUOTE', file: 't.csv', line: 2, column: 3 });
  });

  it('reports text after a closing quote', async () => {
    expect(await codeOf(() => parse('a,b\n"x"y,2\n'))).toMatchObject({ code: 'CSV_INVALID_QUOTE', line: 2, column: 4 });
  });

  it('reports ragged rows with line and column', async () => {
    expect(await codeOf(() => parse('1,2,3\n4,5,6,7\n', 1, 3))).toMatchObject({ code: 'CSV_RAGGED_ROW', line: 2, column: 7, expected: 3, actual: 4 });
    expect(await codeOf(() => parse('1,2,3\n4,5\n', 1, 3))).toMatchObject({ code: 'CSV_RAGGED_ROW', line: 2, actual: 2 });
  });

  it('round-trips any fields through csvRow, whatever the chunking', async () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', ' ', 'é', '1') });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(field, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 7 }), async (rows, pieces) => {
        const text = rows.map((r) => csvRow(r)).join('\n') + '\n';
        const got = (await parse(text, pieces)).rows;
        expect(got).toEqual(rows.filter((r) => !(r.length === 1 && r[0] === '')));
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
