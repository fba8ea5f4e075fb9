import { UsageError, type HostTensor } from '../core/index.js';
import type { Classifier } from './classifier.js';
import { checkClassLabels, checkInputBox, checkThreat, type Ball, type Norm, type PerturbOptions } from './threat-model.js';

/** What one {@link Attack.perturb} call returns. */
export interface AttackResult {
  /** Adversarial inputs, same shape as the inputs, inside the ε-ball and the box. */
  readonly adversarial: HostTensor<'float32'>;
  /** The model's class for each adversarial input. */
  readonly predictions: Int32Array;
  /** 1 where the attack succeeded: misclassified (untargeted) or classified as the target. */
  readonly success: Uint8Array;
  /** Mean attack loss after each step of the first restart (for gradient-masking checks). */
  readonly lossTrace?: readonly number[];
  /** Model queries used (black-box attacks). */
  readonly queries?: number;
}

/**
 * An adversarial attack plug-in: one method. The model is given at construction (white-box
 * attacks take a {@link DifferentiableClassifier}, black-box ones only a {@link Classifier}).
 * Contract, checked for every attack by `test/robust/attack-conformance.test.ts`: outputs stay
 * in the ε-ball and the box, never turn a wrong prediction right, and reproduce for a seed.
 *
 * @example
 * ```ts
 * const attack: Attack = new PgdAttack(model, { steps: 20, stepSize: 0.02 });
 * const { adversarial, success } = await attack.perturb(x, y, { eps: 0.1, norm: 'linf' });
 * ```
 */
export interface Attack {
  readonly name: string;
  /** Norms this attack can bound. */
  readonly norms: readonly Norm[];
  perturb(inputs: HostTensor, labels: HostTensor, opts: PerturbOptions): Promise<AttackResult>;
}

/** Validated inputs of one attack call. */
export interface AttackInputs {
  readonly x: Float32Array;
  readonly shape: readonly number[];
  readonly rows: number;
  readonly dim: number;
  readonly labels: Int32Array;
  /** Target classes when targeted, else undefined. */
  readonly targets: Int32Array | undefined;
  readonly ball: Ball;
  readonly seed: number;
}

/**
 * Validates an attack call: threat model, input shape and box, labels and targets.
 * @example `const a = prepareAttack(model, x, y, opts, 'pgd', ['linf', 'l2']);`
 */
export function prepareAttack(model: Classifier, inputs: HostTensor, labels: HostTensor, opts: PerturbOptions, name: string, norms: readonly Norm[]): AttackInputs {
  const ball = checkThreat(opts, norms, name);
  const shape = inputs.shape;
  const rows = shape[0] ?? 0;
  const dim = model.rowShape.reduce((a, b) => a * b, 1);
  if (shape.length !== model.rowShape.length + 1 || model.rowShape.some((d, i) => d !== shape[i + 1])) {
    throw new UsageError('ATTACK_INPUT_SHAPE', `${name}: inputs [${shape.join(',')}] do not fit the model's rows [N,${model.rowShape.join(',')}]`, { expected: model.rowShape, actual: shape });
  }
  const x = checkInputBox(inputs, ball);
  const y = checkClassLabels(labels, rows, model.classes);
  const targets = opts.targets ? checkClassLabels(opts.targets, rows, model.classes, 'targets') : undefined;
  return { x, shape, rows, dim, labels: y, targets, ball, seed: opts.seed ?? 0 };
}

/** Index of the largest score in each row of [N, C]. */
export function argmax(scores: Float32Array, classes: number): Int32Array {
  const n = scores.length / classes;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < classes; j++) if (scores[i * classes + j]! > scores[i * classes + best]!) best = j;
    out[i] = best;
  }
  return out;
}

/** Whether each prediction counts as a success for the attacker. */
export function successOf(pred: Int32Array, a: AttackInputs): Uint8Array {
  return Uint8Array.from(pred, (p, i) => (a.targets ? p === a.targets[i] : p !== a.labels[i]) ? 1 : 0);
}

/**
 * Final step shared by all attacks: evaluates the candidates, and wherever the clean input
 * already does at least as well for the attacker, returns the clean input instead, so that an
 * attack can never raise accuracy. `knownPred`: the model's classes at `adv` when the attack
 * already has them (saves one forward pass).
 */
export async function finishAttack(model: Classifier, a: AttackInputs, adv: Float32Array, extra: { lossTrace?: readonly number[]; queries?: number } = {}, knownPred?: Int32Array): Promise<AttackResult> {
  const classes = model.classes;
  const advPred = knownPred ? Int32Array.from(knownPred) : argmax(await model.logits(adv, a.rows), classes);
  const cleanPred = argmax(await model.logits(a.x, a.rows), classes);
  const advOk = successOf(advPred, a);
  const cleanOk = successOf(cleanPred, a);
  for (let i = 0; i < a.rows; i++) {
    if (!advOk[i] && cleanOk[i]) {
      adv.set(a.x.subarray(i * a.dim, (i + 1) * a.dim), i * a.dim);
      advPred[i] = cleanPred[i]!;
      advOk[i] = 1;
    }
  }
  return { adversarial: { dtype: 'float32', shape: [...a.shape], data: adv }, predictions: advPred, success: advOk, ...extra };
}

/** Copies rows `idx` of a row-major array. */
export function takeRows(src: Float32Array, idx: ArrayLike<number>, dim: number): Float32Array {
  const out = new Float32Array(idx.length * dim);
  for (let i = 0; i < idx.length; i++) out.set(src.subarray(idx[i]! * dim, (idx[i]! + 1) * dim), i * dim);
  return out;
}

/** Writes rows of `src` back to positions `idx` of `dst`. */
export function putRows(dst: Float32Array, idx: ArrayLike<number>, src: Float32Array, dim: number): void {
  for (let i = 0; i < idx.length; i++) dst.set(src.subarray(i * dim, (i + 1) * dim), idx[i]! * dim);
}

/** Picks entries `idx` of an Int32Array. */
export function takeInts(src: Int32Array, idx: ArrayLike<number>): Int32Array {
  return Int32Array.from({ length: idx.length }, (_, i) => src[idx[i]!]!);
}
