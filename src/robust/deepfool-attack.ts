import type { Model } from '../model/index.js';
import { classifierOf } from './classifier.js';
import { UsageError, type HostTensor } from '../core/index.js';
import { argmax, finishAttack, prepareAttack, type Attack, type AttackResult } from './attack.js';
import type { DifferentiableClassifier } from './classifier.js';
import { project, type Norm, type PerturbOptions } from './threat-model.js';

/** Options for {@link DeepFoolAttack}. */
export interface DeepFoolOptions {
  /** Linearization steps (default 50). */
  readonly steps?: number;
  /** Overshoot factor past the linearized boundary (default 0.02). */
  readonly overshoot?: number;
}

/**
 * DeepFool (Moosavi-Dezfooli et al. 2016): repeatedly linearizes the classifier and moves to the
 * nearest linearized decision boundary (L2 or L∞ geometry), until the label flips. The minimal
 * perturbation is then projected onto the ε-ball, so the result always respects the threat model.
 * Untargeted only.
 *
 * @example
 * ```ts
 * const r = await new DeepFoolAttack(model).perturb(x, y, { eps: 1.5, norm: 'l2' });
 * ```
 */
export class DeepFoolAttack implements Attack {
  readonly name = 'deepfool';
  readonly norms: readonly Norm[] = ['l2', 'linf'];

  private readonly model: DifferentiableClassifier;

  constructor(
    model: DifferentiableClassifier | Model,
    private readonly opts: DeepFoolOptions = {},
  ) {
    this.model = classifierOf(model);
  }

  async perturb(inputs: HostTensor, labels: HostTensor, opts: PerturbOptions): Promise<AttackResult> {
    if (opts.targets) throw new UsageError('ATTACK_UNSUPPORTED', 'deepfool is untargeted, but targets were given; drop targets or use pgd or apgd-ce for a targeted attack', { name: 'deepfool' });
    const a = prepareAttack(this.model, inputs, labels, opts, this.name, this.norms);
    const { dim, rows, x, ball } = a;
    const classes = this.model.classes;
    const overshoot = this.opts.overshoot ?? 0.02;
    const total = new Float32Array(x.length);
    const adv = Float32Array.from(x);
    for (let it = 0; it < (this.opts.steps ?? 50); it++) {
      const logits = await this.model.logits(adv, rows);
      const pred = argmax(logits, classes);
      if (pred.every((p, i) => p !== a.labels[i])) break;
      const jac = await this.model.logitJacobian(adv, rows);
      for (let i = 0; i < rows; i++) {
        const y = a.labels[i]!;
        if (pred[i] !== y) continue;
        const o = i * dim;
        let bestDist = Infinity;
        let bestK = -1;
        let bestNorm = 0;
        for (let k = 0; k < classes; k++) {
          if (k === y) continue;
          const f = logits[i * classes + k]! - logits[i * classes + y]!;
          let nrm = 0;
          for (let j = 0; j < dim; j++) {
            const w = jac[k]![o + j]! - jac[y]![o + j]!;
            nrm += ball.norm === 'l2' ? w * w : Math.abs(w);
          }
          nrm = ball.norm === 'l2' ? Math.sqrt(nrm) : nrm;
          const dist = (Math.abs(f) + 1e-4) / (nrm + 1e-12);
          if (dist < bestDist) {
            bestDist = dist;
            bestK = k;
            bestNorm = nrm;
          }
        }
        if (bestK < 0) continue;
        for (let j = 0; j < dim; j++) {
          const w = jac[bestK]![o + j]! - jac[y]![o + j]!;
          total[o + j] = total[o + j]! + (ball.norm === 'l2' ? (bestDist * w) / (bestNorm + 1e-12) : bestDist * Math.sign(w));
        }
        for (let j = o; j < o + dim; j++) adv[j] = Math.min(ball.high, Math.max(ball.low, x[j]! + (1 + overshoot) * total[j]!));
      }
    }
    project(adv, x, dim, ball);
    return finishAttack(this.model, a, adv);
  }
}
