import type { RandomForestRegressor } from './random-forest.js';

/**
 * First-order fANOVA (Hutter et al. 2014) of a random forest over the unit cube: per tree, the
 * share of the prediction's variance explained by each feature's marginal (the prediction
 * averaged over all other features), averaged over trees. Trees that predict a constant are
 * skipped. Exact for the forest: integrates over each tree's leaf boxes, O(d·L²) per tree.
 *
 * @example `fanovaShares(forest, 3) // [0.7, 0.25, 0.01]`
 */
export function fanovaShares(forest: RandomForestRegressor, dims: number): number[] {
  const zeros = new Array<number>(dims).fill(0);
  const ones = new Array<number>(dims).fill(1);
  const shares = new Array<number>(dims).fill(0);
  let trees = 0;
  for (const leaves of forest.leafBoxes(zeros, ones)) {
    const volume = leaves.map((l) => l.lo.reduce((v, lo, k) => v * (l.hi[k]! - lo), 1));
    const mean = leaves.reduce((s, l, i) => s + volume[i]! * l.value, 0);
    const variance = leaves.reduce((s, l, i) => s + volume[i]! * l.value * l.value, 0) - mean * mean;
    if (!(variance > 1e-12 * Math.max(1, mean * mean))) continue;
    trees++;
    for (let j = 0; j < dims; j++) {
      const cuts = [...new Set(leaves.flatMap((l) => [l.lo[j]!, l.hi[j]!]))].sort((a, b) => a - b);
      let second = 0;
      for (let c = 0; c + 1 < cuts.length; c++) {
        const a = cuts[c]!;
        const b = cuts[c + 1]!;
        // Marginal on [a, b]: leaves spanning it, weighted by their volume outside feature j.
        let marginal = 0;
        leaves.forEach((l, i) => {
          if (l.lo[j]! <= a && l.hi[j]! >= b) marginal += (l.value * volume[i]!) / (l.hi[j]! - l.lo[j]!);
        });
        second += (b - a) * marginal * marginal;
      }
      shares[j]! += Math.max(0, second - mean * mean) / variance;
    }
  }
  return trees === 0 ? shares : shares.map((s) => s / trees);
}
