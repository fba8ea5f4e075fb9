import { describe, expect, it } from 'vitest';
import { solveMixtureLp } from './linear-program.js';

describe('solveMixtureLp', () => {
  it('mixes an accurate unfair classifier with a fair one just enough to meet eps', () => {
    // h0: error 0.1, gamma (+,-) = (0.3, -0.3); h1: error 0.3, gamma 0.
    // Need 0.3 q0 - 0.05 <= 0  ->  q0 = 1/6; error = 0.1/6 + 0.3·5/6.
    const { q, lambda } = solveMixtureLp([0.1, 0.3], [Float64Array.of(0.3, -0.3), Float64Array.of(0, 0)], 0.05, 20);
    expect(q[0]).toBeCloseTo(1 / 6, 9);
    expect(q[1]).toBeCloseTo(5 / 6, 9);
    // dual: marginal error saved per unit of slack = (0.3 - 0.1) / 0.3
    expect(lambda[0]).toBeCloseTo(2 / 3, 9);
    expect(lambda[1]).toBeCloseTo(0, 9);
  });

  it('pays slack when no mixture is feasible and the bound is small', () => {
    const { q } = solveMixtureLp([0.1, 0.3], [Float64Array.of(0.3, -0.3), Float64Array.of(0.2, -0.2)], 0.05, 0.1);
    expect(q[0]).toBeCloseTo(1, 9);
  });
});
