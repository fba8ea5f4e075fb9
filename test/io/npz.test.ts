import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ascii, expectCode, fixture, tempDir } from '../fixtures/io/io-test-helpers.js';
import { encodeNpz, getNpzArray, parseNpz, readNpz, writeNpz } from '../../src/io/npz.js';
import { makeTensor, type HostTensor } from '../../src/io/tensor.js';
import { writeZip } from '../../src/io/zip.js';

/** The arrays that test/fixtures/io/make-fixtures.py saves into both npz fixtures. */
const EXPECTED = new Map<string, HostTensor>([
  ['f32', makeTensor('float32', [2, 3], [0, 0.25, 0.5, 0.75, 1, 1.25])],
  ['f64', makeTensor('float64', [3], [1.5, -2.25, Math.PI])],
  ['i64', makeTensor('int64', [1, 2], [-(2 ** 40), 7])],
  ['i32', makeTensor('int32', [3], [-3, 0, 2 ** 31 - 1])],
  ['u8', makeTensor('uint8', [3], [0, 128, 255])],
  ['b', makeTensor('bool', [3], [1, 0, 1])],
  ['scalar', makeTensor('float64', [], [42.5])],
  ['empty', makeTensor('float32', [0, 4])],
]);

const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;

describe('readNpz', () => {
  it('reads numpy.savez (stored, zip64 local headers) in archive order', () => {
    const arrays = readNpz(fixture('numpy-savez.npz'));
    expect([...arrays.keys()]).toEqual([...EXPECTED.keys()]);
    expect(arrays).toEqual(EXPECTED);
  });

  it('reads numpy.savez_compressed (deflate)', () => {
    expect(readNpz(fixture('numpy-savez-compressed.npz'))).toEqual(EXPECTED);
  });

  it('checks required keys', () => {
    expect(readNpz(fixture('numpy-savez.npz'), { require: ['f32', 'b'] }).size).toBe(8);
    const e = expectCode(() => readNpz(fixture('numpy-savez.npz'), { require: ['x'] }), 'NPZ_MISSING_KEY');
    expect(e.message).toContain("'f32', 'f64'");
    expect(e.details).toMatchObject({ expected: 'x' });
    expectCode(() => getNpzArray(new Map(), 'x', 'a.npz'), 'NPZ_MISSING_KEY');
    expect(getNpzArray(EXPECTED, 'u8')).toBe(EXPECTED.get('u8'));
  });
});

describe('writeNpz', () => {
  for (const compress of [false, true]) {
    it(`round trips every dtype (compress: ${String(compress)})`, () => {
      const path = join(tempDir(), 'out.npz');
      writeNpz(path, EXPECTED, { compress });
      expect(readNpz(path)).toEqual(EXPECTED);
    });
  }

  it('is deterministic and round trips an empty archive', () => {
    expect(encodeNpz(EXPECTED)).toEqual(encodeNpz(EXPECTED));
    expect(parseNpz(encodeNpz(new Map())).size).toBe(0);
  });

  it.skipIf(!hasNumpy)('writes archives that numpy.load reads', () => {
    const dir = tempDir();
    for (const compress of [false, true]) writeNpz(join(dir, `${String(compress)}.npz`), EXPECTED, { compress });
    const script = [
      'import sys, numpy as np',
      'for p in sys.argv[1:]:',
      '  z = np.load(p)',
      "  print(list(z.keys()), z['f32'].tolist(), z['i64'].tolist(), z['b'].dtype, z['scalar'].shape, z['empty'].shape)",
    ].join('\n');
    const run = spawnSync('python3', ['-c', script, join(dir, 'false.npz'), join(dir, 'true.npz')], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const line = "['f32', 'f64', 'i64', 'i32', 'u8', 'b', 'scalar', 'empty'] [[0.0, 0.25, 0.5], [0.75, 1.0, 1.25]] [[-1099511627776, 7]] bool () (0, 4)";
    expect(run.stdout.trim().split('\n')).toEqual([line, line]);
  });
});

describe('npz errors', () => {
  const good = readFileSync(fixture('numpy-savez.npz'));

  it('NPZ_FORMAT for a file that is not a zip', () => {
    const e = expectCode(() => parseNpz(ascii('\x93NUMPY this is an npy file'), 'x.npz'), 'NPZ_FORMAT');
    expect(e.message).toContain('x.npz');
  });

  it('NPZ_FORMAT for a truncated archive', () => {
    expectCode(() => parseNpz(good.subarray(0, good.length - 5)), 'NPZ_FORMAT');
    const cut = new Uint8Array(good);
    new DataView(cut.buffer).setUint32(cut.length - 6, 5000, true); // central directory offset past the end
    expectCode(() => parseNpz(cut), 'NPZ_FORMAT');
  });

  it('NPZ_FORMAT for corrupt data (CRC-32 mismatch)', () => {
    const bad = new Uint8Array(good);
    bad[200] = (bad[200] ?? 0) ^ 0xff; // inside the first member's data
    const e = expectCode(() => parseNpz(bad, 'bad.npz'), 'NPZ_FORMAT');
    expect(e.message).toContain('CRC-32');
  });

  it('NPZ_FORMAT for corrupt deflate data', () => {
    const bad = new Uint8Array(readFileSync(fixture('numpy-savez-compressed.npz')));
    bad.fill(0xff, 60, 80);
    expectCode(() => parseNpz(bad), 'NPZ_FORMAT');
  });

  it('reports npy errors inside a member with the member name', () => {
    const path = join(tempDir(), 'a.npz');
    writeFileSync(path, writeZip([{ name: 'x.npy', data: ascii('not an npy file') }], { compress: false }, path));
    const e = expectCode(() => readNpz(path), 'NPY_MAGIC');
    expect(e.message).toContain('a.npz:x.npy');
  });
});
