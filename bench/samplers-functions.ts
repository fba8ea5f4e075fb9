/**
 * Standard black-box test functions for the sampler benchmark (all minimised), with their
 * domains and known global minima (Surjanovic & Bingham, "Virtual Library of Simulation
 * Experiments", sfu.ca/~ssurjano).
 * @module
 */

/** A test function over a box. */
export interface TestFunction {
  readonly name: string;
  readonly bounds: readonly (readonly [number, number])[];
  readonly optimum: number;
  readonly f: (x: readonly number[]) => number;
}

const box = (d: number, lo: number, hi: number): [number, number][] => Array.from({ length: d }, () => [lo, hi]);

const H6_A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]];
const H6_P = [[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991], [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]].map((r) => r.map((v) => v * 1e-4));
const H6_ALPHA = [1, 1.2, 3, 3.2];

/** The six functions of the benchmark. */
export const TEST_FUNCTIONS: readonly TestFunction[] = [
  {
    name: 'Branin', bounds: [[-5, 10], [0, 15]], optimum: 0.397887,
    f: ([x1 = 0, x2 = 0]) => (x2 - (5.1 / (4 * Math.PI ** 2)) * x1 ** 2 + (5 / Math.PI) * x1 - 6) ** 2 + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x1) + 10,
  },
  {
    name: 'Hartmann-6', bounds: box(6, 0, 1), optimum: -3.32237,
    f: (x) => -H6_ALPHA.reduce((s, a, i) => s + a * Math.exp(-x.reduce((t, xj, j) => t + H6_A[i]![j]! * (xj - H6_P[i]![j]!) ** 2, 0)), 0),
  },
  {
    name: 'Rosenbrock-4', bounds: box(4, -5, 10), optimum: 0,
    f: (x) => x.slice(0, -1).reduce((s, xi, i) => s + 100 * (x[i + 1]! - xi * xi) ** 2 + (xi - 1) ** 2, 0),
  },
  {
    name: 'Ackley-5', bounds: box(5, -32.768, 32.768), optimum: 0,
    f: (x) => {
      const d = x.length;
      const s1 = x.reduce((s, v) => s + v * v, 0);
      const s2 = x.reduce((s, v) => s + Math.cos(2 * Math.PI * v), 0);
      return -20 * Math.exp(-0.2 * Math.sqrt(s1 / d)) - Math.exp(s2 / d) + 20 + Math.E;
    },
  },
  {
    name: 'Styblinski-Tang-5', bounds: box(5, -5, 5), optimum: -39.16617 * 5,
    f: (x) => x.reduce((s, v) => s + v ** 4 - 16 * v ** 2 + 5 * v, 0) / 2,
  },
  {
    name: 'Levy-4', bounds: box(4, -10, 10), optimum: 0,
    f: (x) => {
      const w = x.map((v) => 1 + (v - 1) / 4);
      const last = w[w.length - 1]!;
      let s = Math.sin(Math.PI * w[0]!) ** 2 + (last - 1) ** 2 * (1 + Math.sin(2 * Math.PI * last) ** 2);
      for (let i = 0; i < w.length - 1; i++) s += (w[i]! - 1) ** 2 * (1 + 10 * Math.sin(Math.PI * w[i]! + 1) ** 2);
      return s;
    },
  },
];

const OPT_BEST_LR: Readonly<Record<string, number>> = { sgd: 1e-1, momentum: 1e-2, adam: 1e-3, rmsprop: 3e-4 };
const OPT_BASE: Readonly<Record<string, number>> = { sgd: 0.08, momentum: 0.03, adam: 0, rmsprop: 0.02 };

/** Choices of the mixed space's categorical parameter. */
export const MIXED_OPTIMIZERS = ['sgd', 'momentum', 'adam', 'rmsprop'] as const;

/**
 * A mixed "ML-like" space: a categorical optimizer, an integer depth on 1..8, a log-scaled
 * learning rate on [1e-5, 1] and a log-scaled integer batch size on 8..1024. Each optimizer has
 * its own best learning rate, which grows with √batch (an interaction TPE must find); the
 * minimum 0.2 is at adam, 3 layers, batch 64, lr 1e-3. Same formula in bench/tune_quality_optuna.py.
 */
export function mixedValue(optimizer: string, layers: number, lr: number, batch: number): number {
  const lrTerm = Math.log10(lr) - Math.log10(OPT_BEST_LR[optimizer]!) - 0.5 * Math.log10(batch / 64);
  return 0.2 + OPT_BASE[optimizer]! + 0.03 * lrTerm ** 2 + 0.015 * (layers - 3) ** 2 + 0.004 * (Math.log2(batch) - 6) ** 2;
}
