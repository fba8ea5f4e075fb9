import type { Figure } from '../../figure/index.js';
import type { CheckResult } from '../check.js';
import type { DatasetProfile } from '../profile-dataset.js';
import type { PixelShape } from '../pixel-shape.js';
import { pixelMap } from './pixel-figures.js';

/**
 * Strip plots of the features with the most outliers: every value of the training sample as a
 * dot, those outside the fences marked, the fences drawn as dashed lines.
 */
export function outlierFigures(train: DatasetProfile, outliers: CheckResult | undefined, max: number): Figure[] {
  if (outliers === undefined) return [];
  const items = [...outliers.evidence.items].sort((a, b) => Number(b['count']) - Number(a['count'])).slice(0, max);
  const out: Figure[] = [];
  items.forEach((item, k) => {
    const col = train.columns.find((c) => c.name === item['column']);
    if (col === undefined || col.sample.length === 0) return;
    const low = Number(item['low']);
    const high = Number(item['high']);
    const values = Array.from(col.sample);
    const flagged = values.map((v) => v < low || v > high);
    const seen = flagged.filter(Boolean).length;
    const sample = col.sampleExact ? `all ${values.length} values` : `a uniform sample of ${values.length} of ${col.present} values`;
    out.push({
      kind: 'strip',
      id: `data-outliers-${k}`,
      title: `Outliers of "${col.name}": ${Number(item['count'])} value(s) outside the fences`,
      alt: `Strip plot of ${sample} of "${col.name}" in the training split; ${seen} lie outside the interdecile fences [${low.toPrecision(4)}, ${high.toPrecision(4)}] and are marked.`,
      xLabel: col.name,
      values,
      flagged,
      labels: ['within the fences', 'outlier'],
      markers: [
        ...(low >= col.min ? [{ x: low, label: 'low fence' }] : []),
        ...(high <= col.max ? [{ x: high, label: 'high fence' }] : []),
      ],
    });
  });
  return out;
}

/** Per-pixel share of outlying values as an image-shaped heatmap with a colour bar. */
export function pixelOutlierFigure(train: DatasetProfile, outliers: CheckResult | undefined, features: readonly string[], shape: PixelShape): Figure[] {
  if (outliers === undefined || outliers.status === 'not_run') return [];
  const share = new Map(outliers.evidence.items.map((i) => [String(i['column']), Number(i['fraction'])]));
  const title = `Outliers per pixel: share of training rows outside the fences (${outliers.evidence.items.length} pixel values with any)`;
  const alt = `Image-shaped map (${shape.height} × ${shape.width}) of the share of the ${train.rowCount} training rows whose value of each pixel lies outside its interdecile fences; pixels with no spread (such as always-blank borders) have none.`;
  return [pixelMap({ id: 'data-pixel-outliers', title, alt, colourLabel: 'share of rows outlying' }, features.map((f) => share.get(f) ?? 0), shape)];
}
