import type { Model } from '../model/index.js';
import { classifierOf } from './classifier.js';
import type { HostTensor } from '../core/index.js';
import { finishAttack, prepareAttack, putRows, takeRows, type Attack, type AttackResult } from './attack.js';
import type { Classifier } from './classifier.js';
import type { Norm, PerturbOptions } from './threat-model.js';

/** One attack's share of an ensemble run. */
export interface EnsembleStage {
  readonly attack: string;
  /** Examples this attack broke that every earlier attack had left robust. */
  readonly newlyBroken: number;
  /** Robust accuracy after this stage (worst case over this and all earlier attacks). */
  readonly robustAccuracy: number;
  /** Whether the attack uses only outputs (score- or decision-based). */
  readonly blackBox: boolean;
  readonly lossTrace?: readonly number[];
}

/** Result of {@link AutoAttack.perturb}: per-example worst case plus per-stage accounting. */
export interface EnsembleResult extends AttackResult {
  /** Per example: the attack that broke it first, or null when it survived every attack. */
  readonly brokenBy: readonly (string | null)[];
  readonly stages: readonly EnsembleStage[];
}

/** An ensemble member; `blackBox` marks attacks that need only the model's outputs. */
export interface EnsembleMember {
  readonly attack: Attack;
  readonly blackBox?: boolean;
}

/**
 * An AutoAttack-style ensemble (Croce & Hein 2020): runs each attack in turn on the examples that
 * are still robust, so an example counts as robust only if *every* attack failed on it (the
 * per-example worst case, never an average). Itself an {@link Attack}.
 *
 * @example
 * ```ts
 * const aa = new AutoAttack([{ attack: new ApgdAttack(m) }, { attack: new ApgdAttack(m, { loss: 'dlr' }) }, { attack: new SquareAttack(blackBox(m)), blackBox: true }], m);
 * const r = await aa.perturb(x, y, { eps: 0.1 });
 * ```
 */
export class AutoAttack implements Attack {
  readonly name = 'autoattack';
  readonly norms: readonly Norm[];

  private readonly model: Classifier;

  constructor(
    private readonly members: readonly EnsembleMember[],
    model: Classifier | Model,
  ) {
    this.model = classifierOf(model);
    this.norms = (['linf', 'l2'] as const).filter((n) => members.every((m) => m.attack.norms.includes(n)));
  }

  async perturb(inputs: HostTensor, labels: HostTensor, opts: PerturbOptions): Promise<EnsembleResult> {
    const a = prepareAttack(this.model, inputs, labels, opts, this.name, this.norms);
    const adv = Float32Array.from(a.x);
    const base = await finishAttack(this.model, a, Float32Array.from(a.x));
    const brokenBy: (string | null)[] = Array.from(base.success, (s) => (s ? 'clean' : null));
    const stages: EnsembleStage[] = [];
    for (const m of this.members) {
      const idx = Int32Array.from(brokenBy.flatMap((b, i) => (b === null ? [i] : [])));
      let newly = 0;
      let trace: readonly number[] | undefined;
      if (idx.length > 0) {
        const sub: HostTensor = { dtype: 'float32', shape: [idx.length, ...a.shape.slice(1)], data: takeRows(a.x, idx, a.dim) };
        const ys: HostTensor = { dtype: 'int32', shape: [idx.length], data: Int32Array.from(idx, (i) => a.labels[i]!) };
        const tg: HostTensor | undefined = a.targets && { dtype: 'int32', shape: [idx.length], data: Int32Array.from(idx, (i) => a.targets![i]!) };
        const r = await m.attack.perturb(sub, ys, { ...opts, ...(tg ? { targets: tg } : {}) });
        trace = r.lossTrace;
        const broken = idx.filter((_, k) => r.success[k] === 1);
        putRows(adv, broken, takeRows(r.adversarial.data, Array.from(idx.keys()).filter((k) => r.success[k] === 1), a.dim), a.dim);
        for (const i of broken) brokenBy[i] = m.attack.name;
        newly = broken.length;
      }
      const robust = brokenBy.filter((b) => b === null).length / Math.max(1, a.rows);
      stages.push({ attack: m.attack.name, newlyBroken: newly, robustAccuracy: robust, blackBox: m.blackBox ?? false, ...(trace ? { lossTrace: trace } : {}) });
    }
    const res = await finishAttack(this.model, a, adv);
    return { ...res, brokenBy, stages };
  }
}
