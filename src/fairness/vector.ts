/** Σ a[j]·b[j] over a's length (the fairness learners' multipliers, covariances and Newton steps). */
export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j]! * b[j]!;
  return s;
}
