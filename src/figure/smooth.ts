/**
 * Exponential moving average as TensorBoard's smoothing slider draws it: each value is
 * `weight · previous + (1 − weight) · value`, divided by `1 − weight^k` after k values so the
 * start is not pulled towards zero. Non-finite values are kept as they are and skipped by the
 * average. `weight` 0 returns the values unchanged.
 * @example `emaSmooth([1, 0, 1, 0], 0.5) // [1, 0.333…, 0.714…, 0.333…]`
 */
export function emaSmooth(values: readonly number[], weight: number): number[] {
  const w = Math.min(Math.max(weight, 0), 0.999);
  let last = 0;
  let k = 0;
  return values.map((v) => {
    if (!Number.isFinite(v)) return v;
    last = w * last + (1 - w) * v;
    k++;
    return w === 0 ? v : last / (1 - w ** k);
  });
}
