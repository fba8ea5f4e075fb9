import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GalleryFigure, HeatmapChart } from '../../src/figure/index.js';
import { Model } from '../../src/model/index.js';
import { dense, flatten, Sequential } from '../../src/nn/index.js';
import { runAudit } from '../../src/report/index.js';
import { FIXTURES, tempDir } from '../data/helpers.js';
import { MNIST_ROWS, writeMnistFolders, writeMnistIdx } from '../data/quality-fixtures.js';

describe("the audit's data section on MNIST IDX files", () => {
  it('draws the pixel heatmaps, summarizes per image and shows a gallery of the cross-validated label issues', async () => {
    const dir = tempDir();
    const idx = writeMnistIdx(dir);
    // Only the data section runs: the model fixes the row shape ([1, 28, 28], an image model); its weights are not used.
    const model = Model.fromNetwork(new Sequential([flatten(), dense(10)], { seed: 0 }), { inputShape: ['N', 1, 28, 28] });
    const report = await runAudit({ model, data: idx.x, labels: idx.y, test: idx.shifted, testLabels: idx.shiftedLabels, config: { sections: ['data'] } });
    const area = report.areas.find((a) => a.area === 'data')!;
    const byId = (id: string): Extract<(typeof area.figures)[number], { id: string }> | undefined => area.figures.find((f) => f.id === id);
    const drift = byId('data-pixel-drift') as HeatmapChart;
    expect([drift.kind, drift.rows, drift.cols]).toEqual(['heatmap', 28, 28]);
    expect((byId('data-pixel-outliers') as HeatmapChart).kind).toBe('heatmap');
    const checks = new Map(report.checks.map((c) => [c.id, c]));
    console.info(`audit: ${checks.get('data.feature_drift')!.summary} | ${checks.get('data.label_issues')!.summary} | ${area.notes.join(' ')}`);
    expect(checks.get('data.feature_drift')!.summary).toMatch(/^Drift in \d+ of 784 pixels .*strongest at row \d+, col \d+/);
    for (const c of report.checks) expect(c.summary, c.id).not.toMatch(/\bx\d+\b/);
    expect(area.notes.some((n) => n.startsWith('Label issues: out-of-fold probabilities from 3-fold cross-validation'))).toBe(true);

    // The gallery: the least confident flagged rows, each the real digit with its given label (from the IDX file),
    // another suggested label, and the probability of the given one.
    const gallery = byId('data-label-issues') as GalleryFigure;
    expect(gallery.kind).toBe('gallery');
    const flagged = Number(/of (\d+)$/.exec(gallery.title)?.[1]);
    expect(flagged).toBe(checks.get('data.label_issues')!.figures['rows']);
    expect(gallery.items.length).toBe(Math.min(12, flagged));
    const confirmed = new Set((JSON.parse(readFileSync(join(FIXTURES, 'mnist_mturk.json'), 'utf8')) as { id: number; mturk: { given: number } }[]).filter((c) => c.mturk.given < 3).map((c) => c.id));
    const rows = gallery.items.map((item) => Number(item.label.replace('row ', '')));
    console.info(`audit gallery rows ${rows.join(', ')}; human-confirmed label errors among them: ${rows.filter((r) => confirmed.has(r)).join(', ') || 'none'}`);
    let last = -Infinity;
    gallery.items.forEach((item, k) => {
      const row = rows[k]!;
      expect(row).toBeLessThan(MNIST_ROWS);
      const fields = new Map(item.fields);
      expect(fields.get('given')).toBe(String(idx.labels[row]));
      expect(fields.get('suggested')).not.toBe(fields.get('given'));
      const confidence = Number(fields.get('confidence in given'));
      expect(confidence).toBeGreaterThanOrEqual(0);
      expect(confidence).toBeLessThan(1);
      // Least confident first.
      expect(confidence).toBeGreaterThanOrEqual(last);
      last = confidence;
      expect(item.image?.src.startsWith('data:image/png;base64,')).toBe(true);
    });
  }, 300_000);

  it('reads an image folder (PNG digits, one sub-folder per class) and draws the same pictures', async () => {
    const dir = tempDir();
    const folders = writeMnistFolders(dir);
    const model = Model.fromNetwork(new Sequential([flatten(), dense(10)], { seed: 0 }), { inputShape: ['N', 1, 28, 28] });
    const report = await runAudit({ model, data: folders.train, test: folders.test, config: { sections: ['data'] } });
    const area = report.areas.find((a) => a.area === 'data')!;
    expect(area.figures.map((f) => f.id)).toEqual(expect.arrayContaining(['data-pixel-drift', 'data-pixel-outliers', 'data-label-issues']));
    const drift = report.checks.find((c) => c.id === 'data.feature_drift')!;
    console.info(`audit of a folder: ${drift.summary}`);
    expect(drift.summary).toMatch(/^Drift in \d+ of 784 pixels/);
    // Rows follow the folder listing; each gallery item's given label is its class folder.
    const gallery = area.figures.find((f) => f.id === 'data-label-issues') as GalleryFigure;
    for (const item of gallery.items) {
      const row = Number(item.label.replace('row ', ''));
      expect(new Map(item.fields).get('given')).toBe(String(folders.labels[folders.order[row]!]));
    }
  }, 300_000);
});
