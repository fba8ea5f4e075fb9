import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Rng, featureTensor, type HostTensor } from '../../src/core/index.js';
import { bundledDataDir } from '../../src/datasets/index.js';
import {
  crossValProbabilities,
  findLabelIssues,
  openSource,
  profileDataset,
  standardizedFeatures,
} from '../../src/data/index.js';
import { shuffled } from './helpers.js';

const DIGITS = join(bundledDataDir(), 'sklearn', 'digits.csv.gz');
const COLUMNS = [...Array.from({ length: 64 }, (_, i) => `p${i}`), 'label'];

async function digits(): Promise<{ x: HostTensor<'float32'>; labels: Int32Array }> {
  const src = await openSource(DIGITS, { header: false, columns: COLUMNS });
  const profile = await profileDataset(src, { target: 'label' });
  const x = featureTensor(await standardizedFeatures(src, profile));
  return { x, labels: profile.labels!.codes };
}

describe('label issues from out-of-fold probabilities of a Keel MLP (sklearn digits, 5-fold CV)', () => {
  it('finds 5% uniformly flipped labels with precision ≥ 0.85 and recall ≥ 0.70', async () => {
    const { x, labels } = await digits();
    const n = labels.length;
    expect([n, x.shape[1]]).toEqual([1797, 61]);
    const noisy = Int32Array.from(labels);
    const flipped = new Set(shuffled(n, 7).slice(0, Math.round(0.05 * n)));
    const rng = new Rng(11);
    for (const i of flipped) noisy[i] = (labels[i]! + 1 + rng.int(9)) % 10;
    const t0 = Date.now();
    const cv = await crossValProbabilities(x, noisy, 10, { folds: 5, seed: 1 });
    const report = await findLabelIssues(noisy, cv.probs, { filter: 'both' });
    const hits = report.issues.filter((i) => flipped.has(i)).length;
    const precision = hits / report.issues.length;
    const recall = hits / flipped.size;
    console.info(
      `digits 5% flips: CV ${((Date.now() - t0) / 1000).toFixed(1)}s, out-of-fold accuracy vs noisy labels ${cv.accuracy.toFixed(3)}; ` +
        `${report.issues.length} issues, precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}, noise rate ${report.noiseRate.toFixed(4)} (true ${(flipped.size / n).toFixed(4)})`,
    );
    expect(precision).toBeGreaterThanOrEqual(0.85);
    expect(recall).toBeGreaterThanOrEqual(0.7);
  });

  it('estimates the noise rate of class-conditional noise (20% of 1s labelled 7) within 0.05', async () => {
    const { x, labels } = await digits();
    const n = labels.length;
    const noisy = Int32Array.from(labels);
    const ones = shuffled(n, 3).filter((i) => labels[i] === 1);
    const flipped = ones.slice(0, Math.round(0.2 * ones.length));
    for (const i of flipped) noisy[i] = 7;
    const truth = flipped.length / n;
    const cv = await crossValProbabilities(x, noisy, 10, { folds: 5, seed: 2 });
    const report = await findLabelIssues(noisy, cv.probs);
    const p71 = report.noiseMatrix[7]![1]!;
    console.info(`digits 20% of 1→7: noise rate ${report.noiseRate.toFixed(4)} (true ${truth.toFixed(4)}); P(given 7 | true 1) ${p71.toFixed(3)} (true 0.2)`);
    expect(Math.abs(report.noiseRate - truth)).toBeLessThanOrEqual(0.05);
    expect(Math.abs(p71 - 0.2)).toBeLessThanOrEqual(0.1);
  });
});
