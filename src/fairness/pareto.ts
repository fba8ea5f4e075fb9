/**
 * Accuracy/disparity trade-off curves reported by the mitigation methods.
 * @module
 */
import type { ParetoPoint } from './types.js';

/**
 * The non-dominated points (no other point has higher accuracy and lower or equal disparity),
 * sorted by increasing disparity.
 *
 * @example
 * ```ts
 * paretoFront([
 *   { parameter: 0, accuracy: 0.8, disparity: 0.0 },
 *   { parameter: 1, accuracy: 0.7, disparity: 0.1 }, // dominated
 *   { parameter: 2, accuracy: 0.9, disparity: 0.2 },
 * ]).map((p) => p.parameter); // [0, 2]
 * ```
 */
export function paretoFront(points: readonly ParetoPoint[]): ParetoPoint[] {
  const sorted = points
    .filter((p) => Number.isFinite(p.accuracy) && Number.isFinite(p.disparity))
    .sort((a, b) => a.disparity - b.disparity || b.accuracy - a.accuracy);
  const front: ParetoPoint[] = [];
  for (const p of sorted) {
    const last = front[front.length - 1];
    if (last === undefined || p.accuracy > last.accuracy) front.push(p);
  }
  return front;
}
