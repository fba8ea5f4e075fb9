import { expect } from 'vitest';
import type { HostTensor } from '../../src/core/index.js';

/** Largest element-wise |a − b|, after asserting the shapes are equal. */
export function maxAbsDiff(a: HostTensor, b: HostTensor): number {
  expect(a.shape).toEqual(b.shape);
  let m = 0;
  for (let i = 0; i < a.data.length; i++) m = Math.max(m, Math.abs(Number(a.data[i]) - Number(b.data[i])));
  return m;
}
