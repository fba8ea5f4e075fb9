/**
 * Row-wise softmax of [N, C] scores (max-shifted, so large logits do not overflow), each
 * probability rounded once to float32.
 *
 * @example
 * ```ts
 * softmaxRows(Float32Array.from([0, 0, 1, 1]), 2); // Float32Array [0.5, 0.5, 0.5, 0.5]
 * ```
 */
export function softmaxRows(scores: ArrayLike<number>, classes: number): Float32Array {
  const out = new Float32Array(scores.length);
  const e = new Float64Array(classes);
  for (let i = 0; i < scores.length; i += classes) {
    let max = -Infinity;
    for (let j = 0; j < classes; j++) max = Math.max(max, scores[i + j]!);
    let sum = 0;
    for (let j = 0; j < classes; j++) sum += e[j] = Math.exp(scores[i + j]! - max);
    for (let j = 0; j < classes; j++) out[i + j] = e[j]! / sum;
  }
  return out;
}
