import { Rng, type HostTensor } from '../core/index.js';
import type { AttributeOptions, Explainer } from './explainer.js';
import type { ExplainModel } from './explain-model.js';
import { spearman } from './rank-correlation.js';
import { rowsOf, rowSize, type F32 } from './rows.js';

/** Builds the explainer under test for a given model (so it can be rebuilt on randomized copies). */
export type ExplainerFactory = (model: ExplainModel) => Explainer;

/** Options for the sanity checks. */
export interface SanityCheckOptions extends AttributeOptions {
  /** Mean rank correlation of |maps| at or above which a method is flagged as insensitive (default 0.5). */
  readonly threshold?: number;
  readonly seed?: number;
}

/** One comparison: maps of the original model vs. one randomized model. */
export interface RandomizationStep {
  /** Layers randomized so far (cascading, top first), or 'labels' for the data test. */
  readonly randomized: readonly string[];
  /** Mean over rows of Spearman's ρ between the signed maps. */
  readonly rankCorrelation: number;
  /** Mean over rows of Spearman's ρ between the absolute maps (the statistic that is flagged). */
  readonly absRankCorrelation: number;
}

/** The outcome of a sanity check; a failed check is a result, never an exception. */
export interface SanityReport {
  readonly method: string;
  readonly test: 'model-randomization' | 'data-randomization';
  readonly steps: readonly RandomizationStep[];
  /** True when the maps changed under randomization (ρ of |maps| below the threshold at the end). */
  readonly passed: boolean;
  readonly message: string;
}

/**
 * The cascading model-parameter randomization test (Adebayo et al., 2018): re-initialize the
 * weights layer by layer from the output down, recompute the maps after each layer, and report
 * the rank correlation with the original maps. A method whose maps survive full randomization
 * does not explain the model and is flagged.
 *
 * @example `const r = await modelRandomizationTest(model, (m) => new Gradient(m), { inputs: x, target: y });`
 */
export async function modelRandomizationTest(model: ExplainModel, factory: ExplainerFactory, opts: SanityCheckOptions & { readonly inputs: F32 }): Promise<SanityReport> {
  const original = await factory(model).attribute(opts.inputs, opts);
  const rng = new Rng(opts.seed ?? 0);
  const weights = new Map<string, HostTensor>();
  const steps: RandomizationStep[] = [];
  const randomized: string[] = [];
  for (const layer of parameterLayers(model).reverse()) {
    for (const w of layer.weights) weights.set(w.name, reinitialize(w.data, rng));
    randomized.push(layer.name);
    const copy = await model.withWeights(weights);
    try {
      const maps = await factory(copy).attribute(opts.inputs, opts);
      steps.push({ randomized: [...randomized], ...compareMaps(original.attributions, maps.attributions) });
    } finally {
      await copy.release();
    }
  }
  return conclude(factory(model).name, 'model-randomization', steps, opts.threshold ?? 0.5);
}

/**
 * The data randomization test: compare maps of a model trained on the true labels with those of
 * the same architecture trained on permuted labels (train both yourself; pass both models).
 *
 * @example `const r = await dataRandomizationTest(trueModel, shuffledModel, (m) => new Saliency(m), { inputs: x, target: y });`
 */
export async function dataRandomizationTest(model: ExplainModel, randomLabelModel: ExplainModel, factory: ExplainerFactory, opts: SanityCheckOptions & { readonly inputs: F32 }): Promise<SanityReport> {
  const a = await factory(model).attribute(opts.inputs, opts);
  const b = await factory(randomLabelModel).attribute(opts.inputs, opts);
  return conclude(factory(model).name, 'data-randomization', [{ randomized: ['labels'], ...compareMaps(a.attributions, b.attributions) }], opts.threshold ?? 0.5);
}

/**
 * Mean per-row Spearman ρ of signed and of absolute maps, over the elements where either map is
 * non-zero: elements that are exactly zero in both (e.g. black MNIST background under
 * gradient × input or integrated gradients with a zero baseline) are ties that say nothing about
 * the model and would push ρ towards 1 for any model.
 */
export function compareMaps(a: F32, b: F32): { rankCorrelation: number; absRankCorrelation: number } {
  const n = rowsOf(a);
  const r = rowSize(a);
  let s = 0;
  let sa = 0;
  for (let i = 0; i < n; i++) {
    const keep: number[] = [];
    for (let e = i * r; e < (i + 1) * r; e++) if (a.data[e] !== 0 || b.data[e] !== 0) keep.push(e);
    const x = Float64Array.from(keep, (e) => a.data[e]!);
    const y = Float64Array.from(keep, (e) => b.data[e]!);
    s += spearman(x, y) / n;
    sa += spearman(x.map(Math.abs), y.map(Math.abs)) / n;
  }
  return { rankCorrelation: s, absRankCorrelation: sa };
}

/** Weight groups by consuming node (Conv, Gemm, MatMul, ...), in graph order. */
export function parameterLayers(model: ExplainModel): { name: string; weights: { name: string; data: HostTensor }[] }[] {
  const seen = new Set<string>();
  const layers: { name: string; weights: { name: string; data: HostTensor }[] }[] = [];
  for (const node of model.graph.nodes) {
    const weights = node.inputs.flatMap((v) => (v && v.kind === 'initializer' && v.known && v.dtype === 'float32' && v.known.data.length > 1 && !seen.has(v.name) ? [{ name: v.name, data: v.known }] : []));
    if (weights.length === 0) continue;
    for (const w of weights) seen.add(w.name);
    layers.push({ name: node.name, weights });
  }
  return layers;
}

/** Fresh Gaussian weights with the original tensor's standard deviation (0.05 for constant tensors). */
function reinitialize(t: HostTensor, rng: Rng): HostTensor {
  const d = t.data as Float32Array;
  let m = 0;
  for (const v of d) m += v / d.length;
  let s = 0;
  for (const v of d) s += (v - m) ** 2 / d.length;
  const sd = Math.sqrt(s) || 0.05;
  return { dtype: 'float32', shape: t.shape, data: Float32Array.from(d, () => sd * rng.normal()) };
}

function conclude(method: string, test: SanityReport['test'], steps: RandomizationStep[], threshold: number): SanityReport {
  const last = steps[steps.length - 1];
  const rho = last?.absRankCorrelation ?? 1;
  const passed = rho < threshold;
  const message = passed
    ? `${method}: maps change under ${test} (rank correlation of |maps| ${rho.toFixed(3)} < ${threshold})`
    : `${method}: maps barely change under ${test} (rank correlation of |maps| ${rho.toFixed(3)} ≥ ${threshold}); the method does not depend on the ${test === 'data-randomization' ? 'labels the model learned' : 'model parameters'}`;
  return { method, test, steps, passed, message };
}
