import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { CsvRecordParser, type ParsedRows } from '../../src/data/csv-records.js';
import { loadTable } from '../../src/data/index.js';
import { expectTypedOrValidAsync, fuzzRun, mutatedText } from './fuzz-harness.js';

/** Property-based fuzzing of the table readers: the CSV parser, and CSV, TSV and JSON-lines files through loadTable. */
const dir = mkdtempSync(join(tmpdir(), 'keel-fuzz-tables-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const wine = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'data', 'wine_data.csv'), 'utf8').split('\n').slice(0, 8).join('\n');
const csvSeeds = [
  `${wine}\n`,
  'name,age,city\n"Smith, J",42,"New\nYork"\nLee,,Paris\n"a ""quoted"" word",7,NA\n',
  'x,y\r\n1,2\r\n3,4\r\n',
];
const tsvSeeds = ['a\tb\tc\n1\t2\tx\n3\t\ty\n', 'f\tlabel\n0.5\tcat\n-1e3\tdog\n'];
const jsonlSeeds = ['{"a":1,"b":"x"}\n{"a":2.5,"b":null}\n{"a":-3,"b":"y","c":true}\n', '{"x":[1,2],"y":{"z":1}}\n\n{"x":3}\n'];

async function parseAll(text: string, cuts: readonly number[]): Promise<ParsedRows> {
  const p = new CsvRecordParser('fuzz.csv', { delimiter: ',', trim: true, widthFromRecord: 0 });
  const out: ParsedRows = { rows: [], lines: [] };
  const keep = (got: ParsedRows): void => {
    out.rows.push(...got.rows);
    out.lines.push(...got.lines);
  };
  let from = 0;
  for (const c of [...cuts.map((f) => Math.floor(f * text.length))].sort((a, b) => a - b)) {
    keep(await p.feed(text.slice(from, c)));
    from = c;
  }
  keep(await p.feed(text.slice(from)));
  keep(await p.end());
  return out;
}

/** The typed error code of a parse, or the rows it produced. */
async function outcome(f: () => Promise<ParsedRows>): Promise<string> {
  try {
    return JSON.stringify(await f());
  } catch (e) {
    return `error ${(e as { code?: string }).code ?? 'untyped'}`;
  }
}

let n = 0;
async function loadText(text: string, ext: string): Promise<void> {
  const path = join(dir, `t${n++}.${ext}`);
  writeFileSync(path, text);
  await expectTypedOrValidAsync(() => loadTable(path), (t) => {
    for (const c of t.columns) expect(c.values.length).toBe(t.rowCount);
  });
  rmSync(path);
}

describe('fuzz: tables', () => {
  it('CSV parser: 1,000 mutated texts parse to rows or give a typed error, the same however the text is split into pieces', async () => {
    await fc.assert(fc.asyncProperty(mutatedText(csvSeeds), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 5 }), async (text, cuts) => {
      await expectTypedOrValidAsync(() => parseAll(text, []), (out) => {
        const width = out.rows[0]?.length;
        expect(out.rows.every((r) => r.length === width)).toBe(true);
        expect(out.lines).toHaveLength(out.rows.length);
      });
      expect(await outcome(() => parseAll(text, cuts))).toBe(await outcome(() => parseAll(text, [])));
    }), fuzzRun(18_021));
  });

  it('CSV files: 1,000 mutated files load as a table or give a typed error', async () => {
    await fc.assert(fc.asyncProperty(mutatedText(csvSeeds), (text) => loadText(text, 'csv')), fuzzRun(18_022));
  });

  it('TSV files: 1,000 mutated files load as a table or give a typed error', async () => {
    await fc.assert(fc.asyncProperty(mutatedText(tsvSeeds), (text) => loadText(text, 'tsv')), fuzzRun(18_023));
  });

  it('JSON-lines files: 1,000 mutated files load as a table or give a typed error', async () => {
    await fc.assert(fc.asyncProperty(mutatedText(jsonlSeeds), (text) => loadText(text, 'jsonl')), fuzzRun(18_024));
  });
});
