import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BarChart, Figure, StripChart } from '../../src/figure/index.js';
import { figureData } from '../../src/figure/index.js';
import { open, qualityFigures, runChecksDetailed, runImageChecks } from '../../src/data/index.js';
import { arrayDatasetTable } from '../../src/data/array-table.js';
import { decodeImage, writeNpy } from '../../src/io/index.js';
import { FIXTURES, readNpyFile, tempDir } from './helpers.js';
import { mnistDigits, pngBytes, put } from './image-helpers.js';
import { ADULT_HEADER, MNIST_ROWS, writeAdult, writeMnist, writeMnistFolders, writeMnistIdx, writeSms } from './quality-fixtures.js';
import { checkCommand } from '../../src/cli/commands/check.js';
import { ksTwoSample } from '../../src/data/index.js';
import { readFileSync } from 'node:fs';

const find = <K extends Figure['kind']>(figs: readonly Figure[], id: string, kind: K): Extract<Figure, { kind: K }> => {
  const f = figs.find((x) => x.id === id);
  if (f?.kind !== kind) throw new Error(`no ${kind} figure ${id} among ${figs.map((x) => x.id).join(', ')}`);
  return f as Extract<Figure, { kind: K }>;
};

describe('data-quality pictures (qualityFigures) on real data', () => {
  it('Adult: drift overlays on shared bins, missing-value matrix, outlier strips and duplicate groups match the raw file', async () => {
    const dir = tempDir();
    const { train, test, trainRows } = writeAdult(dir);
    const run = await runChecksDetailed({ train, test, target: 'income' });
    const figs = await qualityFigures(run);
    console.info(`Adult figures: ${figs.map((f) => `${f.id}:${f.kind}`).join(', ')}`);

    // Age drifted (the test split holds ages ≥ 40 only): train shares below 40 are the raw share, test shares there are 0.
    const ageId = figs.find((f) => f.kind === 'histogram' && f.title.includes('"age"'))?.id ?? '';
    const age = find(figs, ageId, 'histogram');
    const below = (s: number): number => age.series[s]!.values.reduce((sum, v, i) => sum + (age.edges[i + 1]! <= 40 ? v : 0), 0);
    const rawBelow = trainRows.filter((r) => Number(r[0]) < 40).length / trainRows.length;
    expect(age.edges.every((e, i) => i === 0 || e > age.edges[i - 1]!)).toBe(true);
    expect(age.edges.includes(40) || age.edges.includes(39.5)).toBe(true);
    expect(below(0)).toBeCloseTo(rawBelow, 10);
    expect(below(1)).toBe(0);
    for (const s of age.series) expect(s.values.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);

    // A categorical overlay: shares per value match counts in the raw training rows.
    const cat = figs.find((f): f is BarChart => f.kind === 'bar' && f.id.startsWith('data-drift-'));
    expect(cat).toBeDefined();
    const col = ADULT_HEADER.indexOf(cat!.categoryLabel!);
    const present = trainRows.filter((r) => r[col] !== '?');
    for (const b of cat!.bars.filter((x) => x.group === 'train')) expect(b.value).toBeCloseTo(present.filter((r) => r[col] === b.label).length / present.length, 10);

    // Missing values: Adult marks them '?'; rates and every matrix cell agree with the raw rows.
    const rates = find(figs, 'data-missing-rate', 'bar');
    for (const b of rates.bars) expect(b.value).toBeCloseTo(trainRows.filter((r) => r[ADULT_HEADER.indexOf(b.label)] === '?').length / trainRows.length, 12);
    expect(rates.bars.map((b) => b.label).sort()).toEqual(['native-country', 'occupation', 'workclass']);
    const m = find(figs, 'data-missing-matrix', 'heatmap');
    expect(m.categories).toEqual(['present', 'missing']);
    expect(m.cols).toBeGreaterThan(20);
    for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) expect(m.values[i * m.cols + j]).toBe(trainRows[Number(m.colLabels![j])]![ADULT_HEADER.indexOf(m.rowLabels![i]!)] === '?' ? 1 : 0);

    // Outlier strips: the marked values are exactly the raw values outside the check's fences.
    const outliers = run.checks.find((c) => c.id === 'outliers')!;
    const strips = figs.filter((f): f is StripChart => f.kind === 'strip');
    expect(strips.length).toBeGreaterThan(0);
    for (const s of strips) {
      const item = outliers.evidence.items.find((i) => s.xLabel === i['column'])!;
      const raw = trainRows.map((r) => Number(r[ADULT_HEADER.indexOf(s.xLabel)])).filter(Number.isFinite);
      expect(s.values.length).toBe(raw.length);
      expect(s.flagged.filter(Boolean).length).toBe(raw.filter((v) => v < Number(item['low']) || v > Number(item['high'])).length);
      expect(s.flagged.filter(Boolean).length).toBe(item['count']);
    }

    // Duplicate groups: every row of a group is the same raw line.
    const dup = find(figs, 'data-duplicate-groups', 'table');
    expect(dup.rows.length).toBeGreaterThan(0);
    for (const r of dup.rows) {
      const rows = String(r[2]).split(', ').map(Number);
      expect(rows.length).toBe(r[1]);
      expect(new Set(rows.map((i) => trainRows[i]!.join(','))).size).toBe(1);
    }
    // Every figure has a text alternative with rows.
    for (const f of figs) expect(figureData(f).rows.length, f.id).toBeGreaterThan(0);
  }, 120_000);

  it('MNIST pixels: drift and outliers as 28×28 heatmaps (no per-pixel overlays), label issues as thumbnails of the real digits', async () => {
    const dir = tempDir();
    const mn = writeMnist(dir);
    const table = await arrayDatasetTable(await open(mn.x, { labels: mn.y }));
    const testTable = await arrayDatasetTable(await open(mn.shifted));
    const run = await runChecksDetailed({ train: table!, test: testTable, target: 'label', probs: mn.probs });
    const figs = await qualityFigures(run);
    console.info(`MNIST figures: ${figs.map((f) => `${f.id}:${f.kind}`).join(', ')}`);
    expect(figs.some((f) => f.kind === 'histogram' || f.kind === 'strip')).toBe(false);

    const drift = find(figs, 'data-pixel-drift', 'heatmap');
    expect([drift.rows, drift.cols]).toEqual([28, 28]);
    const items = run.checks.find((c) => c.id === 'feature_drift')!.evidence.items;
    const stat = new Map(items.map((i) => [i['column'], Number(i['statistic'])]));
    // Cell (r, c) is pixel x(28r + c).
    for (const [r, c] of [[14, 14], [5, 20], [27, 0]] as const) expect(drift.values[r * 28 + c]).toBe(stat.get(`x${r * 28 + c}`) ?? Number.NaN);
    // Moving digits 3 px right empties the first three columns: the test split has no ink there, so those pixels never drift upwards;
    // the largest drift sits where strokes moved, inside the digit area.
    const top = drift.values.indexOf(Math.max(...drift.values.filter(Number.isFinite)));
    expect(top % 28).toBeGreaterThan(3);
    expect(Math.floor(top / 28)).toBeGreaterThan(2);
    const outl = find(figs, 'data-pixel-outliers', 'heatmap');
    expect([outl.rows, outl.cols]).toEqual([28, 28]);
    expect(Math.max(...outl.values)).toBeGreaterThan(0);

    const gallery = find(figs, 'data-label-issues', 'gallery');
    const issues = run.context.labelIssues!;
    expect(gallery.items.length).toBe(Math.min(12, issues.issues.length));
    gallery.items.forEach((item, k) => {
      const row = issues.issues[k]!;
      expect(item.label).toBe(`row ${row}`);
      expect(item.fields[0]).toEqual(['given', String(mn.labels[row])]);
      const png = decodeImage(Buffer.from(item.image!.src.replace('data:image/png;base64,', ''), 'base64'), 'thumb.png');
      expect([png.width, png.height, png.channels]).toEqual([28, 28, 1]);
      // The thumbnail is the digit itself (pixel values 0–255 kept as they are).
      expect(Buffer.from(png.data).equals(Buffer.from(mn.pixels.subarray(row * 784, (row + 1) * 784)))).toBe(true);
    });
    expect(issues.issues.every((r) => r < MNIST_ROWS)).toBe(true);
  }, 180_000);

  it('MNIST IDX files and an image folder: per-pixel drift and outliers as heatmaps, summaries per image without pixel names', async () => {
    const dir = tempDir();
    const idx = writeMnistIdx(dir);
    // keel check on 3-D IDX arrays: the JSON summaries speak of pixels by place, the HTML draws both heatmaps.
    await checkCommand({ data: idx.x, labels: idx.y, test: idx.shifted, json: join(dir, 'idx.json'), html: join(dir, 'idx.html') });
    const doc = JSON.parse(readFileSync(join(dir, 'idx.json'), 'utf8')) as { checks: { id: string; status: string; summary: string; evidence: { columns: string[] } }[] };
    const drift = doc.checks.find((c) => c.id === 'feature_drift')!;
    const outliers = doc.checks.find((c) => c.id === 'outliers')!;
    console.info(`IDX: ${drift.summary} | ${outliers.summary}`);
    expect(drift.status).toBe('warn');
    expect(drift.summary).toMatch(/^Drift in \d+ of 784 pixels at alpha = 0\.05 \(holm\), strongest at row \d+, col \d+ \(KS D 0\.\d\d\); see the pixel drift heatmap\.$/);
    expect(outliers.summary).toMatch(/outlying value\(s\) in \d+ of 784 pixels.*most at row \d+, col \d+/);
    for (const c of doc.checks) expect(c.summary, c.id).not.toMatch(/\bx\d+\b/);
    // The evidence tables keep the feature names.
    expect(drift.evidence.columns.every((c) => /^x\d+$/.test(c))).toBe(true);
    const html = readFileSync(join(dir, 'idx.html'), 'utf8');
    expect(html).toContain('id="fig-data-pixel-drift"');
    expect(html).toContain('id="fig-data-pixel-outliers"');

    // The heatmap's cells are the two-sample KS statistics of each pixel's raw values (train vs shifted test).
    const run = await runImageChecks({ train: { data: idx.x, labels: idx.y }, test: { data: idx.shifted } });
    const figs = await qualityFigures(run);
    const map = find(figs, 'data-pixel-drift', 'heatmap');
    expect([map.rows, map.cols]).toEqual([28, 28]);
    const column = (px: Uint8Array, n: number, p: number): Float64Array => Float64Array.from({ length: n }, (_, i) => px[i * 784 + p]!).sort();
    for (const [r, c] of [[14, 14], [5, 20], [20, 8]] as const) {
      const p = r * 28 + c;
      expect(map.values[p]).toBeCloseTo(ksTwoSample(column(idx.pixels, MNIST_ROWS, p), column(idx.shiftedPixels, 500, p)).statistic, 12);
    }
    const top = map.values.indexOf(Math.max(...map.values.filter(Number.isFinite)));
    expect(drift.summary).toContain(`strongest at row ${Math.floor(top / 28)}, col ${top % 28} `);
    expect(top % 28).toBeGreaterThan(3);
    const outl = find(figs, 'data-pixel-outliers', 'heatmap');
    expect([outl.rows, outl.cols]).toEqual([28, 28]);
    expect(Math.max(...outl.values)).toBeGreaterThan(0);

    // An image folder of PNG digits (test folder moved 3 px right): the same statistics on pixels in [0, 1].
    const folders = writeMnistFolders(dir);
    const frun = await runImageChecks({ train: { data: folders.train }, test: { data: folders.test } });
    const fdrift = frun.checks.find((c) => c.id === 'feature_drift')!;
    console.info(`folder: ${fdrift.summary}`);
    expect(fdrift.summary).toMatch(/^Drift in \d+ of 784 pixels/);
    const fmap = find(await qualityFigures(frun), 'data-pixel-drift', 'heatmap');
    for (const p of [14 * 28 + 14, 10 * 28 + 6]) {
      const a = Float64Array.from(folders.order, (i) => folders.pixels[i * 784 + p]! / 255).sort();
      const b = Float64Array.from(folders.testOrder, (i) => folders.testPixels[i * 784 + p]! / 255).sort();
      expect(fmap.values[p]).toBeCloseTo(ksTwoSample(a, b).statistic, 12);
    }
    for (const f of figs) expect(figureData(f).rows.length, f.id).toBeGreaterThan(0);
  }, 180_000);

  it('MNIST image folder: the label-issue gallery shows each file\'s scan thumbnail', async () => {
    const dir = tempDir();
    const n = 1000;
    const { images, labels } = mnistDigits(n);
    const names = images.map((img, i) => put(dir, labels[i]!, `${String(i).padStart(5, '0')}.png`, pngBytes(img)));
    // Rows follow the folder listing (class folders, then file names): the probabilities are written in that order.
    const order = names.map((_, i) => i).sort((a, b) => labels[a]! - labels[b]! || a - b);
    const probs = readNpyFile(join(FIXTURES, 'mnist_test_set_pyx.npy.gz')).data;
    const ordered = new Float64Array(n * 10);
    order.forEach((i, r) => {
      ordered.set(probs.subarray(i * 10, i * 10 + 10), r * 10);
    });
    writeNpy(join(dir, '..', 'probs.npy'), { dtype: 'float64', shape: [n, 10], data: ordered });
    const run = await runImageChecks({ train: { data: dir }, probs: join(dir, '..', 'probs.npy') });
    expect(run.dataset.scan.files).toEqual(order.map((i) => names[i]));
    const gallery = find(await qualityFigures(run), 'data-label-issues', 'gallery');
    const issues = run.context.labelIssues!;
    console.info(`MNIST folder: ${issues.issues.length} label issues: ${issues.issues.map((r) => names[order[r]!]).join(', ')}`);
    expect(gallery.items.length).toBe(Math.min(12, issues.issues.length));
    expect(gallery.items.length).toBeGreaterThan(0);
    gallery.items.forEach((item, k) => {
      const row = issues.issues[k]!;
      expect(item.fields[0]).toEqual(['given', String(labels[order[row]!])]);
      const png = decodeImage(Buffer.from(item.image!.src.replace('data:image/png;base64,', ''), 'base64'), 'thumb.png');
      expect([png.width, png.height]).toEqual([16, 16]);
      expect(Buffer.from(png.data).equals(Buffer.from(run.context.images!.thumbs!.subarray(row * 256, (row + 1) * 256)))).toBe(true);
    });
  }, 180_000);

  it('SMS texts: the label-issue gallery shows each message with given and suggested labels', async () => {
    const dir = tempDir();
    const sms = writeSms(dir);
    const run = await runChecksDetailed({ train: sms.path, target: 'label', text: 'text', crossValidation: { folds: 3, seed: 1 } });
    const figs = await qualityFigures(run, { text: 'text' });
    const gallery = find(figs, 'data-label-issues', 'gallery');
    const issues = run.context.labelIssues!;
    console.info(`SMS: ${issues.issues.length} label issues; gallery ${gallery.items.length}`);
    expect(gallery.items.length).toBeGreaterThan(0);
    gallery.items.forEach((item, k) => {
      const row = issues.issues[k]!;
      expect(item.text).toBe(sms.rows[row]!.text);
      expect(item.fields[0]).toEqual(['given', sms.rows[row]!.label]);
      expect(item.fields[1]![1]).not.toBe(sms.rows[row]!.label);
    });
  }, 180_000);
});
