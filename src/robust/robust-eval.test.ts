import { describe, expect, it } from 'vitest';
import { isKeelError, tensor } from '../core/index.js';
import { apgdCheckpoints } from './apgd-attack.js';
import { CORRUPTIONS, corrupt } from './corruptions.js';
import { gradientMaskingWarnings } from './gradient-masking.js';
import { checkClassLabels, checkInputBox, checkThreat, perturbationNorms, project } from './threat-model.js';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    return isKeelError(e) ? e.code : 'not a KeelError';
  }
  return undefined;
};

describe('threat model checks', () => {
  it('rejects eps < 0, unsupported norms, bad boxes, labels and inputs outside the box with codes', () => {
    expect(codeOf(() => checkThreat({ eps: -0.1 }, ['linf'], 'pgd'))).toBe('ATTACK_EPS');
    expect(codeOf(() => checkThreat({ eps: 0.1, norm: 'l2' }, ['linf'], 'square'))).toBe('ATTACK_NORM');
    expect(codeOf(() => checkThreat({ eps: 0.1, clip: [1, 0] }, ['linf'], 'pgd'))).toBe('ATTACK_CLIP');
    const ball = checkThreat({ eps: 0.1 }, ['linf'], 'pgd');
    expect(codeOf(() => checkInputBox(tensor('float32', [1, 2], [0.5, 1.2]), ball))).toBe('ATTACK_INPUT_BOX');
    expect(codeOf(() => checkClassLabels(tensor('int64', [2], [0, 10]), 2, 10))).toBe('ATTACK_LABELS');
    expect(codeOf(() => checkClassLabels(tensor('int64', [3], [0, 1, 2]), 2, 10))).toBe('ATTACK_LABELS');
  });

  it('projects exactly into the L∞ and L2 balls and the box', () => {
    const x = Float32Array.from([0.3, 0.95, 0.01, 0.5]);
    const adv = Float32Array.from([0.9, 1.3, -0.4, 0.45]);
    project(adv, x, 2, { eps: 0.1, norm: 'linf', low: 0, high: 1 });
    expect(Math.max(...perturbationNorms(adv, x, 2, 'linf'))).toBeLessThanOrEqual(0.1);
    expect(Array.from(adv).every((v) => v >= 0 && v <= 1)).toBe(true);
    const adv2 = Float32Array.from([0.9, 1.3, -0.4, 0.45]);
    project(adv2, x, 2, { eps: 0.2, norm: 'l2', low: 0, high: 1 });
    for (const n of perturbationNorms(adv2, x, 2, 'l2')) expect(n).toBeLessThanOrEqual(0.2);
  });
});

describe('evaluation helpers', () => {
  it('APGD checkpoints follow the paper (0, 22, 41, 58, ...)', () => {
    expect(apgdCheckpoints(100).slice(0, 4)).toEqual([0, 22, 41, 58]);
  });

  it('flags the three gradient-masking symptoms', () => {
    const w = gradientMaskingWarnings({
      rows: 100,
      stages: [
        { attack: 'apgd-ce', newlyBroken: 10, robustAccuracy: 0.8, blackBox: false, lossTrace: [1, 0.9, 0.8] },
        { attack: 'square', newlyBroken: 5, robustAccuracy: 0.75, blackBox: true },
      ],
      curve: [
        { eps: 0.1, robustAccuracy: 0.7 },
        { eps: 0.2, robustAccuracy: 0.75 },
      ],
    });
    expect(w.map((m) => m.code).sort()).toEqual(['ACCURACY_RISES_WITH_EPS', 'BLACK_BOX_BEATS_WHITE_BOX', 'LOSS_NOT_INCREASING']);
    expect(gradientMaskingWarnings({ rows: 100, curve: [{ eps: 0, robustAccuracy: 0.9 }, { eps: 0.1, robustAccuracy: 0.6 }] })).toEqual([]);
  });

  it('corrupts images within the box, more with higher severity', () => {
    const x = tensor('float32', [2, 1, 8, 8], Float32Array.from({ length: 128 }, (_, i) => ((i * 37) % 64) / 64));
    for (const name of CORRUPTIONS) {
      const d = (s: number): number => {
        const c = corrupt(x, name, s, { seed: 1 }).data;
        expect(c.every((v) => v >= 0 && v <= 1)).toBe(true);
        return c.reduce((acc, v, i) => acc + Math.abs(v - (x.data[i] ?? 0)), 0);
      };
      expect(d(5)).toBeGreaterThan(d(1));
    }
    expect(codeOf(() => corrupt(x, 'blur', 6))).toBe('CORRUPTION');
  });
});
