import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadTable } from './load-table.js';
import { openSource } from './open-source.js';
import { outliersFromCandidates, scanOutliers } from './outlier-scan.js';
import { profileDataset } from './profile-dataset.js';

const dir = mkdtempSync(join(tmpdir(), 'keel-src-'));

describe('loaders', () => {
  it('infers types, honours schema overrides and missing markers, and reads .gz', async () => {
    const p = join(dir, 'a.csv.gz');
    writeFileSync(p, gzipSync('id,x,name\n001,1.5,"Smith, J"\n002,NA,Doe\n003,-2,\n'));
    const src = await openSource(p, { schema: { id: 'string' } });
    expect(src.types).toEqual(['string', 'number', 'string']);
    const t = await loadTable(p, { schema: { id: 'string' } });
    expect(t.columns[0]!.values).toEqual(['001', '002', '003']);
    expect(Array.from(t.columns[1]!.values as Float64Array)).toEqual([1.5, Number.NaN, -2]);
    expect(t.columns[2]!.values).toEqual(['Smith, J', 'Doe', null]);
  });

  it('reads JSON lines', async () => {
    const p = join(dir, 'a.jsonl');
    writeFileSync(p, '{"x": 1, "c": "u"}\n\n{"x": null, "c": "v"}\n{"x": 3.5}\n');
    const t = await loadTable(p);
    expect(t.rowCount).toBe(3);
    expect(t.columns.map((c) => c.type)).toEqual(['number', 'string']);
    expect(t.columns[1]!.values).toEqual(['u', 'v', null]);
  });

  it('streams in chunks: one-pass outlier candidates equal the two-pass scan', async () => {
    const rows = Array.from({ length: 20000 }, (_, i) => `${Math.sin(i) * 10},${i % 3}`);
    rows[15000] = '900,1';
    rows[19999] = '-700,2';
    const p = join(dir, 'o.csv');
    writeFileSync(p, `x,y\n${rows.join('\n')}\n`);
    const src = await openSource(p, { chunkRows: 2000 });
    const prof = await profileDataset(src, { target: 'y', outlierK: 2 });
    const one = outliersFromCandidates(prof, 2);
    const two = await scanOutliers(src, prof, 2);
    expect(one).toEqual(two);
    expect(two.columns[0]!.rows).toEqual([15000, 19999]);
  });
});
