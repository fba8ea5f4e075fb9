import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledDataDir } from '../datasets/index.js';
import { DuplicateImagesCheck } from './checks/duplicate-images-check.js';
import type { CheckContext } from './check.js';
import { hammingDistance, nearDuplicateHashes } from './perceptual-hash.js';
import { openTensorDataset } from './tensor-dataset.js';

describe('perceptual hashes', () => {
  it('counts differing bits and pairs rows within the distance', () => {
    expect(hammingDistance(0b1011, 0xffffffff, 0b0001, 0x7fffffff)).toBe(3);
    const h = Uint32Array.from([1, 2, 5, 9, 1, 2, 1, 3]);
    expect(nearDuplicateHashes(h, 0)).toEqual([[2, 0, 0]]);
    expect(nearDuplicateHashes(h, 1)).toEqual([[2, 0, 0], [3, 0, 1]]);
  });

  it('finds no duplicates among the 10,000 MNIST test digits read from IDX (false-alarm rate)', async () => {
    const mnist = join(bundledDataDir(), 'mnist');
    const ds = await openTensorDataset({ data: join(mnist, 't10k-images-idx3-ubyte.gz'), labels: join(mnist, 't10k-labels-idx1-ubyte.gz') });
    expect([ds.kind, ds.rows, ds.classes.length, ds.scan.shapes[0]]).toEqual(['idx', 10000, 10, '28x28x1']);
    // Hash-only matching (no thumbnail confirmation) pairs look-alike digits; the check does not.
    expect(nearDuplicateHashes(ds.scan.hashes!, 2).length).toBeGreaterThan(100);
    const ctx = { images: ds.scan } as unknown as CheckContext;
    // Default (catches JPEG re-encodes): 5 look-alike pairs in 10,000 digits (0.05%).
    expect(new DuplicateImagesCheck().run(ctx).evidence.stats.duplicates).toBeLessThanOrEqual(5);
    // A stricter thumbnail threshold pairs none of them.
    const strict = new DuplicateImagesCheck({ maxThumbDistance: 0.022 }).run(ctx);
    expect(strict.evidence.stats).toMatchObject({ duplicates: 0 });
    expect(strict.passed).toBe(true);
  });
});
