import { describe, expect, it } from 'vitest';
import { tensor, type HostTensor } from '../core/index.js';
import { Graph, type Value } from '../ir/index.js';
import { exportModel } from '../onnx/index.js';
import { Session } from '../session/index.js';
import { Builder } from './index.js';

/** The shape of the operand a built node actually reads at `slot`. */
const operand = (y: Value, slot: number): readonly (number | string)[] => y.producer!.inputs[slot]!.shape;

async function run(g: Graph, feeds: Record<string, HostTensor>): Promise<Float32Array> {
  const s = await Session.fromBytes(exportModel(g));
  const out = Object.values(await s.run(feeds))[0]!;
  await s.release();
  return out.data as Float32Array;
}

describe('a single value broadcast against a tensor ending in 1s is given the tensor\'s rank', () => {
  it('constant scalars become [1, 1, 1, 1] constants and the result is unchanged (Adam\'s step scalar on a 1×1 filter)', async () => {
    const g = new Graph('scalar_rank');
    const b = new Builder(g);
    const x = g.addInput('x', { dtype: 'float32', shape: [8, 4, 1, 1] });
    const y = b.scale(x, 0.75);
    expect(operand(y, 1)).toEqual([1, 1, 1, 1]);
    expect(y.shape).toEqual([8, 4, 1, 1]);
    g.setOutputs(y);
    const data = Float32Array.from({ length: 32 }, (_, i) => i / 7 - 2);
    expect(Array.from(await run(g, { x: tensor('float32', [8, 4, 1, 1], data) }))).toEqual(Array.from(data, (v) => Math.fround(v * 0.75)));
  });

  it('a computed scalar on either side is reshaped (ReLU\'s mask on a pooled [N, C, 1, 1] map, s·x)', async () => {
    const g = new Graph('scalar_rank_computed');
    const b = new Builder(g);
    const x = g.addInput('x', { dtype: 'float32', shape: ['N', 3, 1, 1] });
    const s = g.addInput('s', { dtype: 'float32', shape: [] });
    const left = b.mul(s, x);
    const mask = b.op1('Greater', [x, b.scalar(0, 'float32')]);
    expect(operand(left, 0)).toEqual([1, 1, 1, 1]);
    expect(left.producer!.inputs[0]!.producer!.op).toBe('Reshape');
    expect(operand(mask, 1)).toEqual([1, 1, 1, 1]);
    g.setOutputs(b.mul(left, b.cast(mask, 'float32')));
    const got = await run(g, { x: tensor('float32', [2, 3, 1, 1], [-1, 2, 3, -4, 5, 0]), s: tensor('float32', [], [2]) });
    expect(Array.from(got)).toEqual([-0, 4, 6, -0, 10, 0]);
  });

  it('leaves everything else as written: a last axis above 1, same-rank operands, integer shape arithmetic', () => {
    const g = new Graph('scalar_rank_kept');
    const b = new Builder(g);
    const wide = g.addInput('w', { dtype: 'float32', shape: [4, 3] });
    const map = g.addInput('m', { dtype: 'float32', shape: [2, 5, 1, 1] });
    const c = g.addInput('c', { dtype: 'float32', shape: [5, 1, 1] });
    const ints = g.addInput('i', { dtype: 'int64', shape: [2, 1] });
    expect(operand(b.scale(wide, 2), 1)).toEqual([]);
    expect(operand(b.mul(map, c), 1)).toEqual([5, 1, 1]);
    expect(operand(b.add(ints, b.constant(tensor('int64', [], [1]))), 1)).toEqual([]);
  });
});
