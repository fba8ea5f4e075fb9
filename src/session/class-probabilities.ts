/**
 * Softmax probabilities of one row of logits (one logit → sigmoid, as two classes).
 * @example `classProbabilities([2, 0, -1]); // [0.84, 0.11, 0.04]`
 */
export function classProbabilities(row: ArrayLike<number>): number[] {
  if (row.length === 1) {
    const p = 1 / (1 + Math.exp(-row[0]!));
    return [1 - p, p];
  }
  let m = -Infinity;
  for (let i = 0; i < row.length; i++) m = Math.max(m, row[i]!);
  const e = Array.from(row, (v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}
