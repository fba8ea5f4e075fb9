import type { Model } from '../model/index.js';
import { classifierOf } from './classifier.js';
import { UsageError, Rng, type HostTensor } from '../core/index.js';
import { argmax, finishAttack, prepareAttack, putRows, successOf, takeInts, takeRows, type Attack, type AttackInputs, type AttackResult } from './attack.js';
import type { LossName } from './attack-losses.js';
import type { DifferentiableClassifier } from './classifier.js';
import { randomStart, step } from './pgd-attack.js';
import { project, type Norm, type PerturbOptions } from './threat-model.js';

/** Options for {@link ApgdAttack}. */
export interface ApgdOptions {
  /** Loss: 'ce' (APGD-CE) or 'dlr' (APGD-DLR). Default 'ce'. */
  readonly loss?: Extract<LossName, 'ce' | 'dlr'>;
  /** Iterations per restart (default 100). */
  readonly steps?: number;
  /** Restarts on still-robust examples (default 1). */
  readonly restarts?: number;
  /** Momentum α (default 0.75). */
  readonly momentum?: number;
  /** Fraction of successful steps below which the step size halves at a checkpoint (default 0.75). */
  readonly rho?: number;
  /** Start from a random point of the ball (default true). */
  readonly randomStart?: boolean;
}

/** Iterations at which APGD checks its progress (p₀ = 0, p₁ = 0.22, p_{j+1} = p_j + max(p_j − p_{j−1} − 0.03, 0.06)). */
export function apgdCheckpoints(steps: number): number[] {
  const p = [0, 0.22];
  while (p.at(-1)! < 1) p.push(p.at(-1)! + Math.max(p.at(-1)! - p.at(-2)! - 0.03, 0.06));
  return [...new Set(p.filter((v) => v <= 1).map((v) => Math.ceil(v * steps)))];
}

/**
 * Auto-PGD (Croce & Hein 2020): PGD with momentum and a step size that halves, per example, at
 * checkpoints where the loss stopped improving (restarting from the best point so far). No step
 * size to tune. Losses: cross-entropy or the scale-invariant DLR.
 *
 * @example
 * ```ts
 * const r = await new ApgdAttack(model, { loss: 'dlr', steps: 100 }).perturb(x, y, { eps: 0.1 });
 * ```
 */
export class ApgdAttack implements Attack {
  readonly name: string;
  readonly norms: readonly Norm[] = ['linf', 'l2'];

  private readonly model: DifferentiableClassifier;

  constructor(
    model: DifferentiableClassifier | Model,
    private readonly opts: ApgdOptions = {},
  ) {
    this.model = classifierOf(model);
    this.name = `apgd-${opts.loss ?? 'ce'}`;
  }

  async perturb(inputs: HostTensor, labels: HostTensor, opts: PerturbOptions): Promise<AttackResult> {
    const a = prepareAttack(this.model, inputs, labels, opts, this.name, this.norms);
    if (this.opts.loss === 'dlr' && (this.model.classes < 3 || a.targets)) {
      throw new UsageError('ATTACK_UNSUPPORTED', `${this.name} needs an untargeted attack on at least 3 classes (the model has ${this.model.classes}); use apgd-ce`, { name: this.name, classes: this.model.classes });
    }
    const rng = new Rng(a.seed);
    const best = Float32Array.from(a.x);
    let active = Int32Array.from({ length: a.rows }, (_, i) => i);
    let trace: number[] | undefined;
    for (let r = 0; r < (this.opts.restarts ?? 1) && active.length > 0; r++) {
      const { adv, losses, ok } = await this.run(a, active, rng);
      trace ??= losses;
      putRows(best, active, adv, a.dim);
      active = active.filter((_, i) => !ok[i]);
    }
    return finishAttack(this.model, a, best, { lossTrace: trace ?? [] });
  }

  private async run(a: AttackInputs, idx: Int32Array, rng: Rng): Promise<{ adv: Float32Array; losses: number[]; ok: Uint8Array }> {
    const { ball, dim } = a;
    const n = idx.length;
    const steps = this.opts.steps ?? 100;
    const alpha = this.opts.momentum ?? 0.75;
    const rho = this.opts.rho ?? 0.75;
    const loss = this.opts.loss ?? 'ce';
    const x = takeRows(a.x, idx, dim);
    const y = takeInts(a.targets ?? a.labels, idx);
    const sub = { ...a, labels: takeInts(a.labels, idx), targets: a.targets && takeInts(a.targets, idx) };
    const sign = new Float32Array(n).fill(a.targets ? -1 : 1);
    const eval_ = async (p: Float32Array): Promise<{ f: Float64Array; grad: Float32Array; ok: Uint8Array }> => {
      const r = await this.model.lossGradient(p, y, loss, sign);
      return { f: Float64Array.from(r.loss, (v, i) => v * sign[i]!), grad: r.grad, ok: successOf(argmax(r.logits, this.model.classes), sub) };
    };
    let cur = Float32Array.from(x);
    if (this.opts.randomStart ?? true) randomStart(cur, x, dim, ball, rng);
    let e = await eval_(cur);
    const xBest = Float32Array.from(cur);
    const fBest = Float64Array.from(e.f);
    const found = Uint8Array.from(e.ok);
    const xFound = Float32Array.from(cur);
    const eta = new Float64Array(n).fill(2 * ball.eps);
    let prev = Float32Array.from(cur);
    const checkpoints = apgdCheckpoints(steps);
    let cp = 1;
    const improved = new Int32Array(n);
    const etaAtCp = Float64Array.from(eta);
    const fBestAtCp = Float64Array.from(fBest);
    const losses = [mean(e.f)];
    for (let k = 0; k < steps; k++) {
      const z = Float32Array.from(cur);
      for (let i = 0; i < n; i++) step(z.subarray(i * dim, (i + 1) * dim), e.grad.subarray(i * dim, (i + 1) * dim), dim, ball.norm, eta[i]!);
      project(z, x, dim, ball);
      const next = new Float32Array(cur.length);
      const a2 = k === 0 ? 1 : alpha;
      for (let j = 0; j < next.length; j++) next[j] = cur[j]! + a2 * (z[j]! - cur[j]!) + (1 - a2) * (cur[j]! - prev[j]!);
      project(next, x, dim, ball);
      const fPrev = e.f;
      e = await eval_(next);
      losses.push(mean(e.f));
      for (let i = 0; i < n; i++) {
        const row = next.subarray(i * dim, (i + 1) * dim);
        if (e.ok[i] && !found[i]) {
          found[i] = 1;
          xFound.set(row, i * dim);
        }
        if (e.f[i]! > fPrev[i]!) improved[i]!++;
        if (e.f[i]! > fBest[i]!) {
          fBest[i] = e.f[i]!;
          xBest.set(row, i * dim);
        }
      }
      prev = cur;
      cur = next;
      if (cp < checkpoints.length && k + 1 === checkpoints[cp]) {
        const since = checkpoints[cp]! - checkpoints[cp - 1]!;
        for (let i = 0; i < n; i++) {
          const slow = improved[i]! < rho * since;
          const stuck = etaAtCp[i] === eta[i] && fBestAtCp[i] === fBest[i];
          if (slow || stuck) {
            eta[i] = eta[i]! / 2;
            cur.set(xBest.subarray(i * dim, (i + 1) * dim), i * dim);
          }
          improved[i] = 0;
          etaAtCp[i] = eta[i]!;
          fBestAtCp[i] = fBest[i]!;
        }
        cp++;
        e = await eval_(cur);
      }
    }
    for (let i = 0; i < n; i++) if (!found[i]) xFound.set(xBest.subarray(i * dim, (i + 1) * dim), i * dim);
    return { adv: xFound, losses, ok: found };
  }
}

function mean(v: Float64Array): number {
  let s = 0;
  for (const e of v) s += e;
  return s / Math.max(1, v.length);
}
