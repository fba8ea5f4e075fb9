import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTable, runChecks } from '../../src/data/index.js';
import { tempDir } from './helpers.js';

const dir = tempDir();
function file(name: string, content: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

describe('bad input gives typed errors naming file, line and column', () => {
  it('ragged row', async () => {
    const p = file('ragged.csv', 'a,b,y\n1,2,x\n3,4,y,5\n');
    await expect(runChecks({ train: p, target: 'y' })).rejects.toMatchObject({
      code: 'CSV_RAGGED_ROW',
      details: { file: p, line: 3, column: 7, expected: 3, actual: 4 },
    });
  });

  it('ragged row far into a large file (streamed in chunks)', async () => {
    const rows = Array.from({ length: 50000 }, (_, i) => `${i},${i % 7},${i % 2}`);
    rows[40000] = '1,2';
    const p = file('ragged-big.csv', `a,b,y\n${rows.join('\n')}\n`);
    await expect(runChecks({ train: p, target: 'y', config: { read: { chunkRows: 1000 } } })).rejects.toMatchObject({
      code: 'CSV_RAGGED_ROW',
      details: { line: 40002, actual: 2 },
    });
  });

  it('unterminated quote', async () => {
    const p = file('quote.csv', 'a,b,y\n1,2,x\n3,"four,y\n5,6,x\n');
    await expect(runChecks({ train: p, target: 'y' })).rejects.toMatchObject({
      code: 'CSV_UNTERMINATED_QUOTE',
      details: { file: p, line: 3, column: 3 },
    });
  });

  it('non-UTF-8 byte', async () => {
    const p = file('latin1.csv', Buffer.concat([Buffer.from('a,b,y\n1,2,x\n3,caf'), Buffer.from([0xe9]), Buffer.from(',y\n')]));
    await expect(loadTable(p)).rejects.toMatchObject({
      code: 'CSV_INVALID_UTF8',
      details: { file: p, line: 3, column: 6, byteOffset: 17 },
    });
  });

  it('header-only file', async () => {
    const p = file('header.csv', 'a,b,y\n');
    await expect(runChecks({ train: p, target: 'y' })).rejects.toMatchObject({
      code: 'CSV_NO_ROWS',
      details: { file: p, line: 2, column: 1 },
    });
  });

  it('target column with one class', async () => {
    const p = file('one-class.csv', 'a,b,y\n1,2,x\n3,4,x\n');
    await expect(runChecks({ train: p, target: 'y' })).rejects.toMatchObject({
      code: 'TARGET_SINGLE_CLASS',
      details: { file: p, column: 'y' },
    });
  });

  it('unknown target and missing file are usage errors', async () => {
    const p = file('ok.csv', 'a,y\n1,x\n2,z\n');
    await expect(runChecks({ train: p, target: 'nope' })).rejects.toMatchObject({ code: 'COLUMN_NOT_FOUND' });
    await expect(runChecks({ train: join(dir, 'absent.csv') })).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
  });

  it('invalid JSON line', async () => {
    const p = file('bad.jsonl', '{"a":1,"y":"x"}\n{"a":2,"y":}\n');
    await expect(loadTable(p)).rejects.toMatchObject({ code: 'JSONL_INVALID_JSON', details: { file: p, line: 2 } });
    // The column is where JSON.parse stopped: after the value on a cut line, at the end of one that ends early.
    await expect(loadTable(file('cut.jsonl', '{"a":1,"y":"x"}\n{"a":2\n'))).rejects.toMatchObject({ code: 'JSONL_INVALID_JSON', details: { line: 2, column: 7 } });
    await expect(loadTable(file('open.jsonl', '{"a":1,"y":"x"}\n{"a":\n'))).rejects.toMatchObject({ code: 'JSONL_INVALID_JSON', details: { line: 2, column: 6 } });
  });
});
