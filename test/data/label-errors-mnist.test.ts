import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findLabelIssues, openNpyProbabilities } from '../../src/data/index.js';
import { FIXTURES, readNpyFile } from './helpers.js';

interface Candidate {
  readonly id: number;
  readonly mturk: { readonly given: number; readonly guessed: number; readonly neither: number };
}

describe('confident learning on cleanlab’s MNIST test-set probabilities', () => {
  it('recovers the human-confirmed label errors', async () => {
    const labels = readNpyFile(join(FIXTURES, 'mnist_test_set_original_labels.npy'));
    const probs = await openNpyProbabilities(join(FIXTURES, 'mnist_test_set_pyx.npy.gz'));
    expect([probs.rows, probs.classes]).toEqual([10000, 10]);
    const report = await findLabelIssues(Int32Array.from(labels.data), probs, { batchRows: 1000 });
    const candidates = JSON.parse(readFileSync(join(FIXTURES, 'mnist_mturk.json'), 'utf8')) as Candidate[];
    const confirmed = candidates.filter((c) => c.mturk.given < 3).map((c) => c.id);
    const found = new Set(report.issues);
    const recallConfirmed = confirmed.filter((id) => found.has(id)).length / confirmed.length;
    const candidateOverlap = candidates.filter((c) => found.has(c.id)).length / candidates.length;
    const precisionVsCandidates = candidates.filter((c) => found.has(c.id)).length / report.issues.length;
    console.info(
      `MNIST: ${report.issues.length} issues; recall of ${confirmed.length} confirmed errors ${recallConfirmed.toFixed(2)}; ` +
        `share of cleanlab's 100 candidates found ${candidateOverlap.toFixed(2)}; issues that are candidates ${precisionVsCandidates.toFixed(2)}; ` +
        `noise rate ${report.noiseRate.toFixed(4)}`,
    );
    expect(confirmed.length).toBe(15);
    // Confident learning is conservative on these very confident probabilities: every row it
    // flags is one of cleanlab's published candidates, and it finds about half the confirmed errors.
    expect(precisionVsCandidates).toBe(1);
    expect(recallConfirmed).toBeGreaterThanOrEqual(0.4);
    // The high-recall filter finds every confirmed error.
    const wide = await findLabelIssues(Int32Array.from(labels.data), probs, { filter: 'predicted_neq_given' });
    const wideFound = new Set(wide.issues);
    const wideRecall = confirmed.filter((id) => wideFound.has(id)).length / confirmed.length;
    const widePrecision = candidates.filter((c) => wideFound.has(c.id)).length / wide.issues.length;
    console.info(`MNIST predicted_neq_given: ${wide.issues.length} issues; recall of confirmed ${wideRecall.toFixed(2)}; issues that are candidates ${widePrecision.toFixed(2)}`);
    expect(wideRecall).toBe(1);
    expect(widePrecision).toBe(1);
  });
});
