import { UsageError, Rng, tensor } from '../core/index.js';
import { gradients } from '../autodiff/index.js';
import type { Value } from '../ir/index.js';
import type { Builder } from '../ops/index.js';
import type { ObjectiveContext } from '../runtime/index.js';
import { withClassLabels } from '../train/index.js';
import { buildLoss } from './attack-losses.js';

/** Options for {@link adversarialObjective}. */
export interface AdversarialTrainingOptions {
  /** 'pgd' = PGD-AT (Madry et al. 2018): train on the PGD point; 'trades' (Zhang et al. 2019). */
  readonly method: 'pgd' | 'trades';
  /** L∞ radius of the training attack. */
  readonly eps: number;
  /** Attack steps compiled into the training graph (default 10). */
  readonly steps?: number;
  /** Attack step size (default 2.5·ε/steps). */
  readonly stepSize?: number;
  /** TRADES trade-off β (default 6). */
  readonly beta?: number;
  /** Valid input box (default [0, 1]). */
  readonly clip?: readonly [number, number];
  /** Start PGD-AT from a pseudo-random point of the ball (default true). */
  readonly randomStart?: boolean;
  /** Seed of the start pattern (default 0). */
  readonly seed?: number;
}

/**
 * A `TrainStep` objective for adversarial training under L∞, with the attack compiled into
 * the training graph: `steps` signed-gradient steps built with `gradients()` inside the step,
 * each projected onto the ε-ball and the box; the adversarial input is then stop-gradiented and
 * fed to the loss. PGD-AT minimizes mean CE(f(x_adv), y); TRADES minimizes
 * CE(f(x), y) + β·KL(p(x) ‖ p(x_adv)) with the attack maximizing the KL term.
 *
 * The random start is a deterministic pseudo-random pattern hashed from the input pixels (the
 * graph has no RNG op), so it varies across images but repeats for the same image.
 *
 * @example
 * It takes class labels [N] or `fit`'s packed targets [N, 4], so it is `fit`'s `objective` as is.
 *
 * ```ts
 * await fit(net, x, y, { epochs: 5, objective: adversarialObjective({ method: 'pgd', eps: 0.1 }) });
 * const step = await TrainStep.compile({ model: g, loss: softmaxCrossEntropy, target: { dtype: 'int64', shape: ['N'] },
 *   optimizer: new Adam(), objective: adversarialObjective({ method: 'pgd', eps: 0.1, steps: 10 }) });
 * ```
 */
export function adversarialObjective(o: AdversarialTrainingOptions): (ctx: ObjectiveContext) => Value {
  if (!Number.isFinite(o.eps) || o.eps < 0) throw new UsageError('ATTACK_EPS', `adversarial training: eps must be a finite number ≥ 0, got ${o.eps}`, { eps: o.eps });
  if ((o.method as string) !== 'pgd' && (o.method as string) !== 'trades') throw new UsageError('ATTACK_UNSUPPORTED', `adversarial training method must be pgd or trades, got ${o.method as string}`, { name: o.method });
  const steps = o.steps ?? 10;
  const alpha = o.stepSize ?? (2.5 * o.eps) / Math.max(1, steps);
  const [low, high] = o.clip ?? [0, 1];
  const objective = (ctx: ObjectiveContext): Value => {
    const { b, x, y } = ctx;
    const forward = (v: Value): Value => ctx.forward(v);
    const stopGradient = (v: Value): Value => ctx.stopGradient(v);
    const lo = b.op1('Max', [b.sub(x, b.scalar(o.eps, 'float32')), b.scalar(low, 'float32')]);
    const hi = b.op1('Min', [b.add(x, b.scalar(o.eps, 'float32')), b.scalar(high, 'float32')]);
    const clamp = (v: Value): Value => b.op1('Min', [b.op1('Max', [v, lo]), hi]);
    const cleanLogits = forward(x);
    const pClean = o.method === 'trades' ? b.op1('Softmax', [cleanLogits], { axis: 1 }) : null;
    const logpClean = o.method === 'trades' ? b.op1('LogSoftmax', [cleanLogits], { axis: 1 }) : null;
    const attackLoss = (logits: Value): Value => {
      if (!pClean || !logpClean) return b.reduceSum(buildLoss(b, 'ce', logits, y), [0], false);
      return b.reduceSum(b.mul(pClean, b.sub(logpClean, b.op1('LogSoftmax', [logits], { axis: 1 }))), [0, 1], false);
    };
    const startScale = o.method === 'trades' ? 0.001 : (o.randomStart ?? true) ? o.eps : 0;
    let adv = startScale > 0 ? clamp(b.add(x, b.scale(hashNoise(b, x, o.seed ?? 0), startScale))) : x;
    for (let k = 0; k < steps; k++) {
      const [g] = gradients(b, [attackLoss(forward(adv))], [adv], { stop: new Set(pClean ? [pClean, logpClean!] : []) });
      if (!g) break;
      adv = clamp(b.add(adv, b.scale(b.op1('Sign', [g]), alpha)));
    }
    const xAdv = stopGradient(adv);
    const advLogits = forward(xAdv);
    const mean = (v: Value): Value => b.op1('ReduceMean', [v], { keepdims: 0 });
    if (!logpClean || !pClean) return mean(buildLoss(b, 'ce', advLogits, y));
    const kl = b.reduceSum(b.mul(pClean, b.sub(logpClean, b.op1('LogSoftmax', [advLogits], { axis: 1 }))), [1], false);
    return b.add(mean(buildLoss(b, 'ce', cleanLogits, y)), b.scale(mean(kl), o.beta ?? 6));
  };
  // `fit` hands objectives packed targets [N, 4]; a TrainStep with class labels hands [N]. Both work.
  const packed = withClassLabels(objective);
  return (ctx) => (ctx.y.rank === 2 ? packed(ctx) : objective(ctx));
}

/** Pseudo-random values in [−1, 1) with x's shape, hashed from x and a fixed per-pixel pattern. */
function hashNoise(b: Builder, x: Value, seed: number): Value {
  const row = x.shape.slice(1).map((d) => (typeof d === 'number' ? d : 1));
  const rng = new Rng(seed);
  const size = row.reduce((p, d) => p * d, 1);
  const pattern = (k: number): Value => b.constant(tensor('float32', [1, ...row], Float32Array.from({ length: size }, () => rng.uniform() * k)));
  const frac = (v: Value): Value => b.sub(v, b.op1('Floor', [v]));
  const p1 = pattern(1);
  const p2 = pattern(1);
  const u1 = frac(b.add(b.scale(x, 7.31), p1));
  const u2 = frac(b.add(b.scale(u1, 97.13), p2));
  const u3 = frac(b.add(b.scale(u2, 61.7), u1));
  return b.sub(b.scale(u3, 2), b.scalar(1, 'float32'));
}
