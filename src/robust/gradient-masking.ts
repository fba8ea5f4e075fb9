import type { EnsembleStage } from './auto-attack.js';

/** A sign that white-box robustness numbers may be inflated by gradient masking. */
export interface MaskingWarning {
  readonly code: 'BLACK_BOX_BEATS_WHITE_BOX' | 'ACCURACY_RISES_WITH_EPS' | 'LOSS_NOT_INCREASING';
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/** One point of a robust-accuracy-vs-ε curve. */
export interface CurvePoint {
  readonly eps: number;
  readonly robustAccuracy: number;
}

/**
 * Checks the classic symptoms of gradient masking (Athalye et al. 2018; Carlini et al. 2019):
 * a black-box attack breaking examples every white-box attack missed, robust accuracy rising with
 * ε, and a white-box attack's loss not increasing over its steps. Failed checks are results.
 *
 * @example `const warnings = gradientMaskingWarnings({ stages: r.stages, curve, rows: 200 });`
 */
export function gradientMaskingWarnings(o: { stages?: readonly EnsembleStage[]; curve?: readonly CurvePoint[]; lossTraces?: Readonly<Record<string, readonly number[]>>; rows: number }): MaskingWarning[] {
  const out: MaskingWarning[] = [];
  const tolerance = Math.max(1, Math.ceil(0.005 * o.rows));
  const stages = o.stages ?? [];
  const sawWhite = stages.some((s) => !s.blackBox);
  for (const s of stages) {
    if (s.blackBox && sawWhite && s.newlyBroken >= tolerance) {
      out.push({ code: 'BLACK_BOX_BEATS_WHITE_BOX', message: `${s.attack} (black-box) broke ${s.newlyBroken} examples that every white-box attack missed: gradients may be masked; trust the ensemble number, not the white-box one`, details: { attack: s.attack, examples: s.newlyBroken } });
    }
  }
  const curve = [...(o.curve ?? [])].sort((p, q) => p.eps - q.eps);
  for (let i = 1; i < curve.length; i++) {
    const rise = (curve[i]!.robustAccuracy - curve[i - 1]!.robustAccuracy) * o.rows;
    if (rise >= tolerance) {
      out.push({ code: 'ACCURACY_RISES_WITH_EPS', message: `robust accuracy rises from ${curve[i - 1]!.robustAccuracy.toFixed(4)} at ε=${curve[i - 1]!.eps} to ${curve[i]!.robustAccuracy.toFixed(4)} at ε=${curve[i]!.eps}: a larger ball contains the smaller one, so the attack is failing to optimize`, details: { from: curve[i - 1], to: curve[i] } });
    }
  }
  const traces: [string, readonly number[]][] = [...Object.entries(o.lossTraces ?? {}), ...stages.filter((s) => !s.blackBox && s.lossTrace).map((s): [string, readonly number[]] => [s.attack, s.lossTrace!])];
  for (const [name, t] of traces) {
    if (t.length >= 2 && !(Math.max(...t.slice(1)) > t[0]!)) {
      out.push({ code: 'LOSS_NOT_INCREASING', message: `${name}: the attack loss never rose above its start (${t[0]!.toFixed(4)}); the gradient may be zero, shattered or obfuscated`, details: { attack: name, first: t[0], last: t.at(-1) } });
    }
  }
  return out;
}
