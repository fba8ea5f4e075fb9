import { describe, it, expect } from 'vitest';
import { logGaussMass, logNormalCdf } from './normal-mass.js';

// Reference values: mpmath at 40 digits (masses) and scipy.special.log_ndtr (log CDF).
describe('Gaussian log mass', () => {
  it('matches high-precision references in the centre and far in both tails', () => {
    const cases: [number, number, number][] = [
      [-0.005, 0.005, -5.524112885852486],
      [5, 5.01, -18.04902101327498],
      [-40, -39.9, -800.6294741601215],
      [-1, 2, -0.2001662943244626],
      [-Infinity, 0, -0.6931471805599453],
    ];
    for (const [a, b, want] of cases) expect(Math.abs(logGaussMass(a, b) / want - 1), `[${a}, ${b}]`).toBeLessThan(1e-12);
    for (const [a, b] of cases) expect(logGaussMass(b, a)).toBe(-Infinity);
  });

  it('log Φ stays finite and accurate where Φ underflows a naive erf', () => {
    const cases: [number, number][] = [[-30, -454.32124395634327], [-5, -15.064998393988727], [0.5, -0.3689464152886563], [8, -6.220960574271743e-16]];
    for (const [a, want] of cases) expect(Math.abs(logNormalCdf(a) / want - 1), `log Φ(${a})`).toBeLessThan(1e-12);
  });
});
