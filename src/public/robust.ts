/**
 * `keel/robust`: adversarial attacks on any `Model` (PGD, FGSM, APGD, DeepFool, Square,
 * HopSkipJump, AutoAttack-style ensembles), corruption robustness, robustness curves with
 * gradient-masking warnings, and adversarial training as a `fit` objective.
 *
 * @example
 * ```ts
 * import { PgdAttack } from 'keel/robust';
 * const { success } = await new PgdAttack(model, { steps: 20 }).perturb(x, y, { eps: 0.1, norm: 'linf' });
 * ```
 * @packageDocumentation
 */
export { PgdAttack, FgsmAttack, ApgdAttack, DeepFoolAttack, SquareAttack, HopSkipJumpAttack, AutoAttack } from '../robust/index.js';
export type { PgdOptions, StepSchedule, ApgdOptions, DeepFoolOptions, SquareOptions, HopSkipJumpOptions, EnsembleMember, EnsembleResult, EnsembleStage } from '../robust/index.js';
export type { Attack, AttackResult, PerturbOptions, Norm, ThreatModel, Classifier, DifferentiableClassifier, LossGradient, LossName } from '../robust/index.js';
export { blackBox, createAttack, standardEnsemble, ATTACK_NAMES, type AttackName, type AttackSettings } from '../robust/index.js';
export { robustnessCurve, gradientMaskingWarnings, type MaskingWarning, type CurvePoint } from '../robust/index.js';
export { corrupt, corruptionAccuracy, CORRUPTIONS, type CorruptionName, type CorruptionRow } from '../robust/index.js';
export { adversarialObjective, type AdversarialTrainingOptions } from '../robust/index.js';
// The attack registry that the signatures above mention.
export { ATTACKS } from '../robust/index.js';
