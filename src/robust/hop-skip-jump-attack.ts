import type { Model } from '../model/index.js';
import { scoresOf } from './classifier.js';
import { Rng, type HostTensor } from '../core/index.js';
import { argmax, finishAttack, prepareAttack, type Attack, type AttackInputs, type AttackResult } from './attack.js';
import type { Classifier } from './classifier.js';
import { project, type Norm, type PerturbOptions } from './threat-model.js';

/** Options for {@link HopSkipJumpAttack}. */
export interface HopSkipJumpOptions {
  /** Gradient-estimation / step iterations per example (default 20). */
  readonly iterations?: number;
  /** Samples of the first gradient estimate, growing with √t (default 100). */
  readonly initialEvals?: number;
  /** Cap on samples per estimate (default 1000). */
  readonly maxEvals?: number;
  /** Tries to find a first adversarial point by uniform noise (default 100). */
  readonly initTries?: number;
}

/**
 * HopSkipJump (Chen, Jordan & Wainwright 2020), L2, decision-based: sees only the predicted
 * class. Finds any misclassified point, then alternates a binary search to the decision boundary,
 * a Monte-Carlo estimate of the boundary's normal and a geometric step along it. The final
 * minimal perturbation is projected onto the ε-ball (kept only if still adversarial).
 *
 * @example
 * ```ts
 * const r = await new HopSkipJumpAttack(blackBox(model)).perturb(x, y, { eps: 2, norm: 'l2' });
 * ```
 */
export class HopSkipJumpAttack implements Attack {
  readonly name = 'hopskipjump';
  readonly norms: readonly Norm[] = ['l2'];
  private queries = 0;

  private readonly model: Classifier;

  constructor(
    model: Classifier | Model,
    private readonly opts: HopSkipJumpOptions = {},
  ) {
    this.model = scoresOf(model);
  }

  async perturb(inputs: HostTensor, labels: HostTensor, opts: PerturbOptions): Promise<AttackResult> {
    const a = prepareAttack(this.model, inputs, labels, opts, this.name, this.norms);
    const rng = new Rng(a.seed);
    const adv = Float32Array.from(a.x);
    this.queries = 0;
    const clean = argmax(await this.model.logits(a.x, a.rows), this.model.classes);
    for (let i = 0; i < a.rows; i++) {
      if (a.targets ? clean[i] === a.targets[i] : clean[i] !== a.labels[i]) continue;
      const found = await this.attackOne(a, i, rng);
      if (found) adv.set(found, i * a.dim);
    }
    project(adv, a.x, a.dim, a.ball);
    return finishAttack(this.model, a, adv, { queries: this.queries });
  }

  private async attackOne(a: AttackInputs, i: number, rng: Rng): Promise<Float32Array | null> {
    const { dim, ball } = a;
    const x = a.x.subarray(i * dim, (i + 1) * dim);
    const isAdv = async (p: Float32Array, n: number): Promise<boolean[]> => {
      this.queries += n;
      const pred = argmax(await this.model.logits(p, n), this.model.classes);
      return Array.from(pred, (c) => (a.targets ? c === a.targets[i] : c !== a.labels[i]));
    };
    let start: Float32Array | null = null;
    for (let t = 0; t < (this.opts.initTries ?? 100) && !start; t++) {
      const noise = Float32Array.from({ length: dim }, () => ball.low + (ball.high - ball.low) * rng.uniform());
      if ((await isAdv(noise, 1))[0]) start = noise;
    }
    if (!start) return null;
    const theta = 1 / (dim * Math.sqrt(dim));
    let xb = await boundary(x, start, theta, isAdv);
    let dist = l2(xb, x);
    for (let t = 1; t <= (this.opts.iterations ?? 20) && dist > 0; t++) {
      const delta = t === 1 ? 0.1 * (ball.high - ball.low) : Math.sqrt(dim) * theta * dist;
      const evals = Math.min(Math.round((this.opts.initialEvals ?? 100) * Math.sqrt(t)), this.opts.maxEvals ?? 1000);
      const dir = await estimateGradient(xb, delta, evals, ball, rng, isAdv);
      let size = dist / Math.sqrt(t);
      let cand = xb;
      for (let k = 0; k < 20; k++) {
        cand = Float32Array.from(xb, (v, j) => Math.min(ball.high, Math.max(ball.low, v + size * dir[j]!)));
        if ((await isAdv(cand, 1))[0]) break;
        size /= 2;
      }
      const next = await boundary(x, cand, theta, isAdv);
      const d = l2(next, x);
      if (d < dist) {
        xb = next;
        dist = d;
      }
    }
    return xb;
  }
}

/** Binary search on the segment x → p (p adversarial) for the boundary; returns the adversarial side. */
async function boundary(x: Float32Array, p: Float32Array, theta: number, isAdv: (p: Float32Array, n: number) => Promise<boolean[]>): Promise<Float32Array> {
  let lo = 0;
  let hi = 1;
  const blend = (t: number): Float32Array => Float32Array.from(x, (v, j) => (1 - t) * v + t * p[j]!);
  while (hi - lo > theta) {
    const mid = (lo + hi) / 2;
    if ((await isAdv(blend(mid), 1))[0]) hi = mid;
    else lo = mid;
  }
  return blend(hi);
}

/** Monte-Carlo estimate of the boundary normal at xb (toward the adversarial side), unit L2 norm. */
async function estimateGradient(xb: Float32Array, delta: number, evals: number, ball: { low: number; high: number }, rng: Rng, isAdv: (p: Float32Array, n: number) => Promise<boolean[]>): Promise<Float64Array> {
  const dim = xb.length;
  const rv = new Float64Array(evals * dim);
  const pts = new Float32Array(evals * dim);
  for (let e = 0; e < evals; e++) {
    let s = 0;
    for (let j = 0; j < dim; j++) s += (rv[e * dim + j] = rng.normal()) ** 2;
    const n = Math.sqrt(s);
    for (let j = 0; j < dim; j++) {
      const v = Math.min(ball.high, Math.max(ball.low, xb[j]! + (delta * rv[e * dim + j]!) / n));
      pts[e * dim + j] = v;
      rv[e * dim + j] = (v - xb[j]!) / delta;
    }
  }
  const dec = (await isAdv(pts, evals)).map((b) => (b ? 1 : -1));
  const m = dec.reduce((p: number, v) => p + v, 0) / evals;
  const base = Math.abs(m) === 1 ? 0 : m;
  const g = new Float64Array(dim);
  for (let e = 0; e < evals; e++) for (let j = 0; j < dim; j++) g[j] = g[j]! + (dec[e]! - base) * rv[e * dim + j]!;
  const n = Math.sqrt(g.reduce((p, v) => p + v * v, 0)) + 1e-12;
  return g.map((v) => v / n);
}

function l2(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += (a[j]! - b[j]!) ** 2;
  return Math.sqrt(s);
}
