import { Rng } from '../../core/index.js';

/** Options of {@link RandomForestRegressor}. */
export interface RandomForestOptions {
  readonly nTrees?: number;
  readonly maxDepth?: number;
  readonly minSamplesLeaf?: number;
  /** Features tried per split, as a fraction of all (default 1: bagged trees). */
  readonly maxFeatures?: number;
  readonly seed?: number;
}

interface Node {
  feature: number;
  threshold: number;
  left: number;
  right: number;
  value: number;
}

/**
 * A small random-forest regressor (CART trees on bootstrap samples, variance-reduction splits).
 * The surrogate model behind parameter importance. Deterministic for a given seed.
 *
 * @example
 * ```ts
 * const rf = new RandomForestRegressor({ seed: 0 }).fit([[0], [1]], [0, 1]);
 * rf.predict([[0.9]]);
 * ```
 */
export class RandomForestRegressor {
  private readonly options: Required<RandomForestOptions>;
  private trees: Node[][] = [];

  constructor(options: RandomForestOptions = {}) {
    this.options = { nTrees: 64, maxDepth: 8, minSamplesLeaf: 2, maxFeatures: 1, seed: 0, ...options };
  }

  fit(x: readonly (readonly number[])[], y: readonly number[]): this {
    const rng = new Rng(this.options.seed);
    const n = x.length;
    this.trees = [];
    for (let t = 0; t < this.options.nTrees; t++) {
      const sample = Array.from({ length: n }, () => rng.int(n));
      const nodes: Node[] = [];
      this.grow(nodes, x, y, sample, 0, rng);
      this.trees.push(nodes);
    }
    return this;
  }

  predict(x: readonly (readonly number[])[]): number[] {
    return x.map((row) => {
      let sum = 0;
      for (const nodes of this.trees) {
        let i = 0;
        while (nodes[i]!.feature >= 0) i = row[nodes[i]!.feature]! <= nodes[i]!.threshold ? nodes[i]!.left : nodes[i]!.right;
        sum += nodes[i]!.value;
      }
      return sum / Math.max(1, this.trees.length);
    });
  }

  /**
   * Each tree's leaves as boxes of the feature space (bounded by `lower`/`upper` per feature,
   * default [0, 1]) with their predicted values: the partition fANOVA integrates over.
   */
  leafBoxes(lower: readonly number[], upper: readonly number[]): { lo: number[]; hi: number[]; value: number }[][] {
    return this.trees.map((nodes) => {
      const out: { lo: number[]; hi: number[]; value: number }[] = [];
      const walk = (i: number, lo: number[], hi: number[]): void => {
        const node = nodes[i]!;
        if (node.feature < 0) {
          out.push({ lo, hi, value: node.value });
          return;
        }
        const f = node.feature;
        const cut = Math.min(hi[f]!, Math.max(lo[f]!, node.threshold));
        walk(node.left, lo, hi.map((v, k) => (k === f ? cut : v)));
        walk(node.right, lo.map((v, k) => (k === f ? cut : v)), hi);
      };
      walk(0, [...lower], [...upper]);
      return out;
    });
  }

  private grow(nodes: Node[], x: readonly (readonly number[])[], y: readonly number[], idx: number[], depth: number, rng: Rng): number {
    const id = nodes.length;
    const mean = idx.reduce((a, i) => a + y[i]!, 0) / idx.length;
    nodes.push({ feature: -1, threshold: 0, left: -1, right: -1, value: mean });
    const { maxDepth, minSamplesLeaf, maxFeatures } = this.options;
    if (depth >= maxDepth || idx.length < 2 * minSamplesLeaf) return id;
    const nFeatures = x[0]?.length ?? 0;
    const tries = Math.max(1, Math.round(maxFeatures * nFeatures));
    const features = rng.shuffle([...Array(nFeatures).keys()]).slice(0, tries);
    let best: { feature: number; threshold: number; score: number } | undefined;
    for (const f of features) {
      const sorted = idx.slice().sort((a, b) => x[a]![f]! - x[b]![f]!);
      const total = sorted.reduce((a, i) => a + y[i]!, 0);
      const totalSq = sorted.reduce((a, i) => a + y[i]! ** 2, 0);
      let left = 0;
      let leftSq = 0;
      for (let k = 0; k < sorted.length - 1; k++) {
        const v = y[sorted[k]!]!;
        left += v;
        leftSq += v * v;
        const nl = k + 1;
        const nr = sorted.length - nl;
        if (nl < minSamplesLeaf || nr < minSamplesLeaf) continue;
        const a = x[sorted[k]!]![f]!;
        const b = x[sorted[k + 1]!]![f]!;
        if (a === b) continue;
        const sse = leftSq - (left * left) / nl + (totalSq - leftSq) - ((total - left) ** 2) / nr;
        if (best === undefined || sse < best.score) best = { feature: f, threshold: (a + b) / 2, score: sse };
      }
    }
    if (best === undefined) return id;
    const leftIdx = idx.filter((i) => x[i]![best.feature]! <= best.threshold);
    const rightIdx = idx.filter((i) => x[i]![best.feature]! > best.threshold);
    const node = nodes[id]!;
    node.feature = best.feature;
    node.threshold = best.threshold;
    node.left = this.grow(nodes, x, y, leftIdx, depth + 1, rng);
    node.right = this.grow(nodes, x, y, rightIdx, depth + 1, rng);
    return id;
  }
}
