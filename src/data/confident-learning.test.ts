import { Rng } from '../core/index.js';
import { describe, expect, it } from 'vitest';
import { findLabelIssues } from './confident-learning.js';
import { probabilityMatrix } from './probability-source.js';

function gaussian(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng.uniform())) * Math.cos(2 * Math.PI * rng.uniform());
}

/** A "good model": softmax(signal · onehot(true) + noise), labels flipped by `flip`. */
function simulate(n: number, k: number, seed: number, flip: (y: number, rng: Rng) => number, signal = 4) {
  const rng = new Rng(seed);
  const truth = new Int32Array(n);
  const given = new Int32Array(n);
  const probs = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const y = rng.int(k);
    truth[i] = y;
    given[i] = flip(y, rng);
    let z = 0;
    for (let j = 0; j < k; j++) {
      const v = Math.exp((j === y ? signal : 0) + gaussian(rng));
      probs[i * k + j] = v;
      z += v;
    }
    for (let j = 0; j < k; j++) probs[i * k + j] = probs[i * k + j]! / z;
  }
  return { truth, given, probs };
}

describe('findLabelIssues', () => {
  it('finds uniformly flipped labels (5%) with high precision and recall', async () => {
    const n = 20000;
    const k = 5;
    const { truth, given, probs } = simulate(n, k, 3, (y, rng) => (rng.uniform() < 0.05 ? (y + 1 + rng.int(k - 1)) % k : y));
    const r = await findLabelIssues(given, probabilityMatrix(probs, n, k), { batchRows: 1000 });
    const wrong = new Set<number>();
    for (let i = 0; i < n; i++) if (truth[i] !== given[i]) wrong.add(i);
    const tp = r.issues.filter((i) => wrong.has(i)).length;
    const precision = tp / r.issues.length;
    const recall = tp / wrong.size;
    console.info(`5% flipped: precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}, noise rate ${r.noiseRate.toFixed(4)} (true ${(wrong.size / n).toFixed(4)})`);
    expect(precision).toBeGreaterThan(0.85);
    expect(recall).toBeGreaterThan(0.8);
    expect(Math.abs(r.noiseRate - wrong.size / n)).toBeLessThan(0.02);
    // ranked by self-confidence
    for (let i = 1; i < r.issueScores.length; i++) expect(r.issueScores[i]!).toBeGreaterThanOrEqual(r.issueScores[i - 1]!);
  });

  it('estimates class-conditional noise (class 0 labelled 1 20% of the time) within 0.05', async () => {
    const n = 30000;
    const k = 4;
    const { given, probs } = simulate(n, k, 5, (y, rng) => (y === 0 && rng.uniform() < 0.2 ? 1 : y), 3);
    const r = await findLabelIssues(given, probabilityMatrix(probs, n, k));
    console.info(`class-conditional: P(given=1 | true=0) estimated ${r.noiseMatrix[1]![0]!.toFixed(4)} (true 0.2)`);
    expect(Math.abs(r.noiseMatrix[1]![0]! - 0.2)).toBeLessThan(0.05);
    expect(Math.abs(r.noiseMatrix[0]![0]! - 0.8)).toBeLessThan(0.05);
    for (let j = 1; j < k; j++) expect(r.noiseMatrix[j]![j]!).toBeGreaterThan(0.95);
  });

  it('handles 100k rows × 100 classes in bounded batches', async () => {
    const n = 100000;
    const k = 100;
    const { given, probs } = simulate(n, k, 9, (y, rng) => (rng.uniform() < 0.05 ? rng.int(k) : y), 6);
    const t0 = performance.now();
    const r = await findLabelIssues(given, probabilityMatrix(probs, n, k), { batchRows: 4096 });
    expect(performance.now() - t0).toBeLessThan(20000);
    expect(r.issues.length).toBeGreaterThan(3000);
    expect(r.confidentJoint.length).toBe(k);
  });

  it('rejects mismatched shapes and invalid probabilities with typed errors', async () => {
    await expect(findLabelIssues(Int32Array.from([0, 1]), probabilityMatrix(Float64Array.from([1, 0]), 1, 2))).rejects.toMatchObject({ code: 'PROBS_SHAPE' });
    await expect(findLabelIssues(Int32Array.from([0]), probabilityMatrix(Float64Array.from([1.5, 0]), 1, 2))).rejects.toMatchObject({
      code: 'PROBS_INVALID',
      details: { row: 0, column: 0 },
    });
  });
});
