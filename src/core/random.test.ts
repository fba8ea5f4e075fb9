import { describe, expect, it } from 'vitest';
import { Rng, fmix32, hashKeys } from './random.js';

const draws = (rng: Rng, n: number): number[] => Array.from({ length: n }, () => rng.nextU32());

describe('Rng, the one seeded generator', () => {
  it('repeats its stream for a seed and differs between seeds', () => {
    expect(draws(new Rng(42), 8)).toEqual(draws(new Rng(42), 8));
    expect(draws(new Rng(42), 8)).not.toEqual(draws(new Rng(43), 8));
  });

  it('derives streams that depend only on the seed and the keys', () => {
    expect(draws(Rng.derive(7, 'tpe', 3, 'lr'), 8)).toEqual(draws(Rng.derive(7, 'tpe', 3, 'lr'), 8));
    const streams = [Rng.derive(7, 'tpe', 3, 'lr'), Rng.derive(7, 'tpe', 3, 'x'), Rng.derive(7, 'tpe', 4, 'lr'), Rng.derive(8, 'tpe', 3, 'lr'), new Rng(7)];
    const firsts = new Set(streams.map((r) => draws(r, 4).join(',')));
    expect(firsts.size).toBe(streams.length);
    // A number key and the same digits as a string are different keys.
    expect(hashKeys([1, 'a', 2])).not.toBe(hashKeys([1, 'a', '2']));
  });

  it('draws uniform, integer and normal values with the right moments', () => {
    const rng = Rng.derive(1, 'moments');
    const n = 20000;
    const u = Array.from({ length: n }, () => rng.uniform());
    const z = Array.from({ length: n }, () => rng.normal());
    const k = Array.from({ length: n }, () => rng.int(5));
    const mean = (a: readonly number[]): number => a.reduce((s, v) => s + v, 0) / a.length;
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    expect(Math.abs(mean(u) - 0.5)).toBeLessThan(0.01);
    expect(Math.abs(mean(z))).toBeLessThan(0.03);
    expect(Math.abs(mean(z.map((v) => v * v)) - 1)).toBeLessThan(0.05);
    expect(new Set(k)).toEqual(new Set([0, 1, 2, 3, 4]));
  });

  it('shuffles with the same draws as a permutation', () => {
    const items = ['a', 'b', 'c', 'd', 'e', 'f'];
    const order = new Rng(5).permutation(items.length);
    expect(new Rng(5).shuffle(items)).toEqual(Array.from(order, (i) => items[i]));
    expect([...new Rng(5).shuffle(items)].sort()).toEqual(items);
  });

  it('mixes with MurmurHash3\'s 32-bit finalizer', () => {
    // Values of fmix32 from a separate Python implementation of MurmurHash3's finalizer (arbitrary-precision
    // integers masked to 32 bits): h ^= h >> 16; h *= 0x85ebca6b; h ^= h >> 13; h *= 0xc2b2ae35; h ^= h >> 16.
    expect([0, 1, 0xffffffff].map(fmix32)).toEqual([0, 0x514e28b7, 0x81f16f39]);
  });
});
