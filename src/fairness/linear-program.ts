/**
 * The small linear program of the reductions approach: the best mixture of the classifiers found
 * so far, minimising error + B·ξ subject to γ_j(Q) − ε ≤ ξ for every signed constraint j, with its
 * dual multipliers (Agarwal et al., 2018, used by Fairlearn as the "linprog step").
 * @module
 */

/** Primal mixture weights and dual multipliers of the mixture LP. */
export interface MixtureSolution {
  /** Weight per classifier (sums to 1). */
  readonly q: Float64Array;
  /** Multiplier per signed constraint (≥ 0). */
  readonly lambda: Float64Array;
}

function solveSquare(a: number[][], b: number[]): number[] {
  const m = b.length;
  const M = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < m; c++) {
    let p = c;
    for (let r = c + 1; r < m; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[p]![c]!)) p = r;
    [M[c], M[p]] = [M[p]!, M[c]!];
    const piv = M[c]![c]!;
    if (Math.abs(piv) < 1e-14) continue;
    for (let r = 0; r < m; r++) {
      if (r === c) continue;
      const f = M[r]![c]! / piv;
      if (f !== 0) for (let k = c; k <= m; k++) M[r]![k]! -= f * M[c]![k]!;
    }
  }
  return M.map((row, i) => (Math.abs(row[i]!) < 1e-14 ? 0 : row[m]! / row[i]!));
}

/**
 * Solves min Σ err_h q_h + B ξ s.t. Σ_h (γ_jh − ε) q_h − ξ ≤ 0, Σ q_h = 1, q, ξ ≥ 0 by the
 * simplex method (Bland's rule) and recovers the dual multipliers.
 *
 * @example
 * ```ts
 * const { q, lambda } = solveMixtureLp([0.1, 0.2], [Float64Array.of(0.3, -0.3), Float64Array.of(0, 0)], 0.05, 20);
 * ```
 */
export function solveMixtureLp(errors: readonly number[], gammas: readonly Float64Array[], eps: number, bound: number): MixtureSolution {
  const H = errors.length, mc = gammas[0]!.length, m = mc + 1, N = H + 1 + mc;
  const A: number[][] = Array.from({ length: m }, () => new Array<number>(N).fill(0));
  const b = new Array<number>(m).fill(0);
  for (let j = 0; j < mc; j++) {
    for (let h = 0; h < H; h++) A[j]![h] = gammas[h]![j]! - eps;
    A[j]![H] = -1;
    A[j]![H + 1 + j] = 1;
  }
  for (let h = 0; h < H; h++) A[mc]![h] = 1;
  b[mc] = 1;
  const cost = [...errors, bound, ...new Array<number>(mc).fill(0)];
  // Initial basis: the classifier with the smallest worst violation, ξ on its worst row if positive.
  let h0 = 0, worst0 = Infinity, row0 = 0;
  for (let h = 0; h < H; h++) {
    let w = -Infinity, r = 0;
    for (let j = 0; j < mc; j++) {
      if (A[j]![h]! > w) {
        w = A[j]![h]!;
        r = j;
      }
    }
    if (w < worst0) {
      worst0 = w;
      h0 = h;
      row0 = r;
    }
  }
  const basis = Array.from({ length: mc }, (_, j) => H + 1 + j);
  basis.push(h0);
  if (worst0 > 0) basis[row0] = H;
  const T = A.map((row, i) => [...row, b[i]!]);
  const pivot = (r: number, k: number): void => {
    const p = T[r]![k]!;
    for (let c = 0; c <= N; c++) T[r]![c]! /= p;
    for (let i = 0; i < m; i++) {
      if (i === r) continue;
      const f = T[i]![k]!;
      if (f !== 0) for (let c = 0; c <= N; c++) T[i]![c]! -= f * T[r]![c]!;
    }
  };
  pivot(mc, h0);
  if (worst0 > 0) pivot(row0, H);
  for (let iter = 0; iter < 10_000; iter++) {
    let enter = -1;
    for (let k = 0; k < N && enter < 0; k++) {
      if (basis.includes(k)) continue;
      let reduced = cost[k]!;
      for (let r = 0; r < m; r++) reduced -= cost[basis[r]!]! * T[r]![k]!;
      if (reduced < -1e-12) enter = k;
    }
    if (enter < 0) break;
    let leave = -1, best = Infinity;
    for (let r = 0; r < m; r++) {
      if (T[r]![enter]! <= 1e-12) continue;
      const ratio = T[r]![N]! / T[r]![enter]!;
      if (ratio < best - 1e-15 || (Math.abs(ratio - best) <= 1e-15 && basis[r]! < basis[leave]!)) {
        best = ratio;
        leave = r;
      }
    }
    if (leave < 0) break; // unbounded cannot happen (q is on the simplex, ξ costs B > 0)
    pivot(leave, enter);
    basis[leave] = enter;
  }
  const x = new Float64Array(N);
  basis.forEach((v, r) => {
    x[v] = Math.max(0, T[r]![N]!);
  });
  const q = x.slice(0, H);
  const total = q.reduce((s, v) => s + v, 0);
  const y = solveSquare(
    basis.map((v) => A.map((row) => row[v]!)),
    basis.map((v) => cost[v]!),
  );
  return { q: q.map((v) => v / total), lambda: Float64Array.from({ length: mc }, (_, j) => Math.max(0, -y[j]!)) };
}
