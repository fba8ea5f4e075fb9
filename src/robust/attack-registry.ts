import { ApgdAttack } from './apgd-attack.js';
import type { Attack } from './attack.js';
import { AutoAttack } from './auto-attack.js';
import { blackBox, type Classifier, type DifferentiableClassifier } from './classifier.js';
import { DeepFoolAttack } from './deepfool-attack.js';
import { HopSkipJumpAttack } from './hop-skip-jump-attack.js';
import { FgsmAttack, PgdAttack } from './pgd-attack.js';
import { SquareAttack } from './square-attack.js';

/** Common knobs, mapped onto each attack's own options (unset = the attack's default). */
export interface AttackSettings {
  /** Iterations (PGD/APGD steps, Square queries, HopSkipJump iterations, DeepFool steps). */
  readonly steps?: number;
  readonly stepSize?: number;
  readonly restarts?: number;
  readonly randomStart?: boolean;
}

type Factory = (model: DifferentiableClassifier, s: AttackSettings) => Attack;
type ScoreFactory = (model: Classifier, s: AttackSettings) => Attack;

const def = <T>(k: string, v: T | undefined): Record<string, T> => (v === undefined ? {} : { [k]: v });

/** The attacks that need only the model's scores (no gradients), by CLI name. */
export const SCORE_ONLY_ATTACKS = {
  square: (m, s) => new SquareAttack(blackBox(m), def('queries', s.steps)),
  hopskipjump: (m, s) => new HopSkipJumpAttack(blackBox(m), def('iterations', s.steps)),
} satisfies Record<string, ScoreFactory>;

/** A score-only attack name: it runs on any {@link Classifier}, also a model Keel cannot differentiate. */
export type ScoreOnlyAttackName = keyof typeof SCORE_ONLY_ATTACKS;

/** True when the attack needs only the model's scores. */
export function isScoreOnly(name: string): name is ScoreOnlyAttackName {
  return Object.hasOwn(SCORE_ONLY_ATTACKS, name);
}

/** Every attack Keel ships, by CLI name. */
export const ATTACKS = {
  fgsm: (m) => new FgsmAttack(m),
  pgd: (m, s) => new PgdAttack(m, { ...def('steps', s.steps), ...def('stepSize', s.stepSize), ...def('restarts', s.restarts), ...def('randomStart', s.randomStart) }),
  'apgd-ce': (m, s) => new ApgdAttack(m, { loss: 'ce', ...def('steps', s.steps), ...def('restarts', s.restarts), ...def('randomStart', s.randomStart) }),
  'apgd-dlr': (m, s) => new ApgdAttack(m, { loss: 'dlr', ...def('steps', s.steps), ...def('restarts', s.restarts), ...def('randomStart', s.randomStart) }),
  deepfool: (m, s) => new DeepFoolAttack(m, def('steps', s.steps)),
  ...SCORE_ONLY_ATTACKS,
  autoattack: (m, s) => standardEnsemble(m, s),
} satisfies Record<string, Factory>;

/** An attack name the CLI and configs accept. */
export type AttackName = keyof typeof ATTACKS;

export const ATTACK_NAMES = Object.keys(ATTACKS) as AttackName[];

/**
 * The standard ensemble: APGD-CE, APGD-DLR, then Square (black-box) on what survives.
 * @example `const r = await standardEnsemble(model).perturb(x, y, { eps: 0.1 });`
 */
export function standardEnsemble(model: DifferentiableClassifier, s: AttackSettings = {}): AutoAttack {
  const steps = s.steps ?? 100;
  return new AutoAttack(
    [
      { attack: new ApgdAttack(model, { loss: 'ce', steps, ...def('restarts', s.restarts) }) },
      { attack: new ApgdAttack(model, { loss: 'dlr', steps, ...def('restarts', s.restarts) }) },
      { attack: new SquareAttack(blackBox(model), { queries: Math.max(1000, 10 * steps) }), blackBox: true },
    ],
    model,
  );
}

/**
 * Builds an attack by name.
 * @example `const attack = createAttack('pgd', model, { steps: 40, restarts: 5 });`
 */
export function createAttack(name: AttackName, model: DifferentiableClassifier, s: AttackSettings = {}): Attack {
  return ATTACKS[name](model, s);
}

/**
 * Builds a score-only attack on a model seen only through its scores (e.g. `modelScores`
 * of a model Keel cannot differentiate).
 * @example `const attack = createScoreOnlyAttack('square', modelScores(model), { steps: 1000 });`
 */
export function createScoreOnlyAttack(name: ScoreOnlyAttackName, model: Classifier, s: AttackSettings = {}): Attack {
  return SCORE_ONLY_ATTACKS[name](model, s);
}
