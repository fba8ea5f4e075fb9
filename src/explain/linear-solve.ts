/**
 * Solves A X = B for a square n×n A (row-major, float64) and k right-hand sides B [n, k] by
 * Gaussian elimination with partial pivoting. A and B are copied; returns X [n, k].
 * @example `solveLinear(Float64Array.of(2, 0, 0, 4), Float64Array.of(2, 4), 2, 1)` → [1, 1]
 */
export function solveLinear(a: Float64Array, b: Float64Array, n: number, k: number): Float64Array {
  const m = Float64Array.from(a);
  const x = Float64Array.from(b);
  for (let col = 0; col < n; col++) {
    let piv = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r * n + col]!) > Math.abs(m[piv * n + col]!)) piv = r;
    if (piv !== col) {
      for (let c = 0; c < n; c++) [m[col * n + c], m[piv * n + c]] = [m[piv * n + c]!, m[col * n + c]!];
      for (let c = 0; c < k; c++) [x[col * k + c], x[piv * k + c]] = [x[piv * k + c]!, x[col * k + c]!];
    }
    const d = m[col * n + col]!;
    if (Math.abs(d) < 1e-300) continue;
    for (let r = col + 1; r < n; r++) {
      const f = m[r * n + col]! / d;
      if (f === 0) continue;
      for (let c = col; c < n; c++) m[r * n + c]! -= f * m[col * n + c]!;
      for (let c = 0; c < k; c++) x[r * k + c]! -= f * x[col * k + c]!;
    }
  }
  for (let col = n - 1; col >= 0; col--) {
    const d = m[col * n + col]!;
    for (let c = 0; c < k; c++) {
      let s = x[col * k + c]!;
      for (let j = col + 1; j < n; j++) s -= m[col * n + j]! * x[j * k + c]!;
      x[col * k + c] = Math.abs(d) < 1e-300 ? 0 : s / d;
    }
  }
  return x;
}

/**
 * Weighted least squares with a ridge term: minimizes Σ w_s (y_s − z_s·β)² + λ|β|² for K
 * right-hand sides at once. Z is [S, p], Y is [S, k]; returns β [p, k].
 * @example `weightedLeastSquares(z, w, y, samples, p, rows, 1e-9)`
 */
export function weightedLeastSquares(z: Float64Array, w: Float64Array, y: Float64Array, s: number, p: number, k: number, ridge: number): Float64Array {
  const a = new Float64Array(p * p);
  const b = new Float64Array(p * k);
  for (let t = 0; t < s; t++) {
    const wt = w[t]!;
    if (wt === 0) continue;
    for (let i = 0; i < p; i++) {
      const zi = z[t * p + i]! * wt;
      if (zi === 0) continue;
      for (let j = 0; j < p; j++) a[i * p + j]! += zi * z[t * p + j]!;
      for (let c = 0; c < k; c++) b[i * k + c]! += zi * y[t * k + c]!;
    }
  }
  for (let i = 0; i < p; i++) a[i * p + i]! += ridge;
  return solveLinear(a, b, p, k);
}
