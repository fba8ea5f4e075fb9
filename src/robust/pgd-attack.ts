import type { Model } from '../model/index.js';
import { classifierOf } from './classifier.js';
import { Rng, type HostTensor } from '../core/index.js';
import { finishAttack, prepareAttack, putRows, successOf, argmax, takeInts, takeRows, type Attack, type AttackInputs, type AttackResult } from './attack.js';
import { hostLoss, type LossName } from './attack-losses.js';
import type { DifferentiableClassifier } from './classifier.js';
import { checkThreat, linfBounds, project, type Ball, type Norm, type PerturbOptions } from './threat-model.js';

/** How the step size changes over the steps of one PGD run. */
export type StepSchedule = 'constant' | 'linear' | 'cosine';

/** Options for {@link PgdAttack}. */
export interface PgdOptions {
  /** Gradient steps per restart (default 10). */
  readonly steps?: number;
  /** Step size α (default 2.5·ε/steps, Madry et al.). */
  readonly stepSize?: number;
  /** Independent random restarts; an example counts as broken if any restart breaks it (default 1). */
  readonly restarts?: number;
  /** Start from a uniformly random point of the ball (default true). */
  readonly randomStart?: boolean;
  /** Attack loss (default 'ce'). */
  readonly loss?: LossName;
  /** Step size schedule: constant, linear decay to 0 or cosine decay (default constant). */
  readonly schedule?: StepSchedule;
}

/**
 * Projected gradient descent (Madry et al. 2018) under L∞ (signed steps) or L2 (normalized
 * steps). After every step the iterate is projected onto the ε-ball and then onto the box.
 * Untargeted: ascends the loss of the label; targeted (`targets` given): descends the loss of
 * the target. With `steps: 1, stepSize: eps, randomStart: false` this is FGSM.
 *
 * @example
 * ```ts
 * const pgd = new PgdAttack(model, { steps: 20, stepSize: 0.02, randomStart: false });
 * const r = await pgd.perturb(x, y, { eps: 0.1, norm: 'linf', clip: [0, 1] });
 * ```
 */
export class PgdAttack implements Attack {
  readonly name: string = 'pgd';
  readonly norms: readonly Norm[] = ['linf', 'l2'];

  private readonly model: DifferentiableClassifier;

  constructor(
    model: DifferentiableClassifier | Model,
    private readonly opts: PgdOptions = {},
  ) {
    this.model = classifierOf(model);
  }

  async perturb(inputs: HostTensor, labels: HostTensor, opts: PerturbOptions): Promise<AttackResult> {
    const a = prepareAttack(this.model, inputs, labels, opts, this.name, this.norms);
    const restarts = this.opts.restarts ?? 1;
    const rng = new Rng(a.seed);
    const best = Float32Array.from(a.x);
    let active = Int32Array.from({ length: a.rows }, (_, i) => i);
    // Each row's prediction at its current best point: restarts only re-attack unbroken rows.
    const bestPred = new Int32Array(a.rows);
    let trace: number[] | undefined;
    for (let r = 0; r < restarts && active.length > 0; r++) {
      const { adv, losses, pred } = await this.run(a, active, rng);
      trace ??= losses;
      const ok = successOf(pred, { ...a, labels: takeInts(a.labels, active), targets: a.targets && takeInts(a.targets, active) });
      // Successful rows are final; unbroken rows keep the latest iterate and are attacked again.
      putRows(best, active, adv, a.dim);
      active.forEach((row, i) => (bestPred[row] = pred[i]!));
      active = active.filter((_, i) => !ok[i]);
    }
    return finishAttack(this.model, a, best, { lossTrace: trace ?? [] }, bestPred);
  }

  /**
   * One PGD run over rows `idx`: `steps` gradient passes, then one forward pass at the final
   * point for its loss and predictions. Returns the final iterates, the mean loss before each
   * step and at the end, and the final predictions.
   */
  private async run(a: AttackInputs, idx: Int32Array, rng: Rng): Promise<{ adv: Float32Array; losses: number[]; pred: Int32Array }> {
    const { ball, dim } = a;
    const steps = this.opts.steps ?? 10;
    const alpha = this.opts.stepSize ?? (2.5 * ball.eps) / steps;
    const loss = this.opts.loss ?? 'ce';
    const x = takeRows(a.x, idx, dim);
    const y = takeInts(a.targets ?? a.labels, idx);
    const sign = new Float32Array(idx.length).fill(a.targets ? -1 : 1);
    const adv = Float32Array.from(x);
    if (this.opts.randomStart ?? true) randomStart(adv, x, dim, ball, rng);
    const losses: number[] = [];
    const bounds = ball.norm === 'linf' ? linfBounds(x, ball) : undefined;
    for (let t = 0; t < steps; t++) {
      const g = await this.model.lossGradient(adv, y, loss, sign);
      losses.push(mean(g.loss));
      const a = alpha * scheduleFactor(this.opts.schedule ?? 'constant', t, steps);
      if (bounds) signStepClamp(adv, g.grad, a, bounds.lo, bounds.hi);
      else {
        step(adv, g.grad, dim, ball.norm, a);
        project(adv, x, dim, ball);
      }
    }
    const z = await this.model.logits(adv, idx.length);
    losses.push(mean(hostLoss(loss, z, y, this.model.classes)));
    return { adv, losses, pred: argmax(z, this.model.classes) };
  }
}

/** Fast gradient sign method (Goodfellow et al. 2015): one signed step of size ε, then the box. */
export class FgsmAttack implements Attack {
  readonly name = 'fgsm';
  readonly norms: readonly Norm[] = ['linf'];

  /** @example `const r = await new FgsmAttack(model).perturb(x, y, { eps: 0.1 });` */
  private readonly model: DifferentiableClassifier;

  constructor(
    model: DifferentiableClassifier | Model,
    private readonly opts: { loss?: LossName } = {},
  ) {
    this.model = classifierOf(model);
  }

  async perturb(inputs: HostTensor, labels: HostTensor, opts: PerturbOptions): Promise<AttackResult> {
    checkThreat(opts, this.norms, this.name);
    return new PgdAttack(this.model, { steps: 1, stepSize: opts.eps, randomStart: false, loss: this.opts.loss ?? 'ce' }).perturb(inputs, labels, opts);
  }
}

/** Adds one ascent step in place: α·sign(g) (L∞) or α·g/‖g‖₂ per row (L2). */
export function step(adv: Float32Array, grad: Float32Array, dim: number, norm: Norm, alpha: number): void {
  if (norm === 'linf') {
    for (let i = 0; i < adv.length; i++) adv[i] = adv[i]! + alpha * Math.sign(grad[i]!);
    return;
  }
  for (let o = 0; o < adv.length; o += dim) {
    let s = 0;
    for (let j = o; j < o + dim; j++) s += grad[j]! ** 2;
    const f = alpha / (Math.sqrt(s) + 1e-12);
    for (let j = o; j < o + dim; j++) adv[j] = adv[j]! + f * grad[j]!;
  }
}

/** L∞ step fused with the projection: adv ← clamp(adv + α·sign(g), lo, hi), one pass. */
function signStepClamp(adv: Float32Array, grad: Float32Array, alpha: number, lo: Float32Array, hi: Float32Array): void {
  for (let i = 0; i < adv.length; i++) {
    const g = grad[i]!;
    const v = adv[i]! + (g > 0 ? alpha : g < 0 ? -alpha : 0);
    const l = lo[i]!, h = hi[i]!;
    adv[i] = v < l ? l : v > h ? h : v;
  }
}

/** A uniformly random point of the ε-ball (L∞: per coordinate; L2: uniform in the ball), projected. */
export function randomStart(adv: Float32Array, x: Float32Array, dim: number, ball: Ball, rng: Rng): void {
  if (ball.norm === 'linf') {
    for (let i = 0; i < adv.length; i++) adv[i] = x[i]! + ball.eps * (2 * rng.uniform() - 1);
  } else {
    for (let o = 0; o < adv.length; o += dim) {
      const g = Float64Array.from({ length: dim }, () => rng.normal());
      let n = 0;
      for (const v of g) n += v * v;
      n = Math.sqrt(n);
      const r = (ball.eps * rng.uniform() ** (1 / dim)) / (n + 1e-12);
      for (let j = 0; j < dim; j++) adv[o + j] = x[o + j]! + r * g[j]!;
    }
  }
  project(adv, x, dim, ball);
}

function scheduleFactor(s: StepSchedule, t: number, steps: number): number {
  if (s === 'linear') return 1 - t / steps;
  if (s === 'cosine') return 0.5 * (1 + Math.cos((Math.PI * t) / steps));
  return 1;
}

function mean(v: Float32Array): number {
  let s = 0;
  for (const e of v) s += e;
  return s / Math.max(1, v.length);
}
