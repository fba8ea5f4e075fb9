import type { HostTensor } from '../core/index.js';
import type { Attack } from './attack.js';
import type { CurvePoint } from './gradient-masking.js';
import type { PerturbOptions } from './threat-model.js';

/**
 * Robust accuracy of `attack` at each ε (same seed, norm and box at every point).
 *
 * @example `const curve = await robustnessCurve(pgd, x, y, [0, 0.05, 0.1, 0.2], { norm: 'linf' });`
 */
export async function robustnessCurve(attack: Attack, inputs: HostTensor, labels: HostTensor, epsilons: readonly number[], opts: Omit<PerturbOptions, 'eps'> = {}): Promise<CurvePoint[]> {
  const out: CurvePoint[] = [];
  for (const eps of epsilons) {
    const r = await attack.perturb(inputs, labels, { ...opts, eps });
    let ok = 0;
    r.success.forEach((s) => (ok += s ? 0 : 1));
    out.push({ eps, robustAccuracy: ok / Math.max(1, r.success.length) });
  }
  return out;
}
