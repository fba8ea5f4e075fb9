import { describe, expect, it } from 'vitest';
import { emaSmooth, figureSvg } from '../figure/index.js';
import { compareFigure, parseCompareQuery } from './compare-page.js';

/** TensorBoard's smoothing written out step by step (its scalar chart's resmoothing loop). */
function tensorBoardSmooth(values: readonly number[], weight: number): number[] {
  let last = 0;
  return values.map((v, i) => {
    last = last * weight + (1 - weight) * v;
    return last / (1 - weight ** (i + 1));
  });
}

// A falling validation loss over ten epochs (input values only: the expected output is computed by
// TensorBoard's formula above).
const VAL_LOSS = [1.0437, 0.9352, 0.8177, 0.7022, 0.5913, 0.4955, 0.4125, 0.3459, 0.2929, 0.2508];

describe('run comparison: smoothing, query and chart', () => {
  it('smooths like TensorBoard: a debiased EMA, weight 0 leaves values alone', () => {
    for (const w of [0.3, 0.6, 0.95]) expect(emaSmooth(VAL_LOSS, w).map((v) => +v.toFixed(12))).toEqual(tensorBoardSmooth(VAL_LOSS, w).map((v) => +v.toFixed(12)));
    expect(emaSmooth(VAL_LOSS, 0)).toEqual(VAL_LOSS);
    expect(emaSmooth([1, 0, 1, 0], 0.5).map((v) => +v.toFixed(6))).toEqual([1, 0.333333, 0.714286, 0.333333]);
    // The first value is never pulled towards 0, and a NaN does not poison the rest.
    expect(emaSmooth([5, Number.NaN, 5], 0.9)).toEqual([5, Number.NaN, 5]);
  });

  it('reads runs, metric, smoothing and log scale from the query; drops what it cannot honour with a note', () => {
    expect(parseCompareQuery('run=0&run=2&metric=loss&smooth=0.8&log=1', 3)).toEqual({ runs: [0, 2], metric: 'loss', smoothing: 0.8, logY: true, notes: [] });
    const many = parseCompareQuery(Array.from({ length: 12 }, (_, i) => `run=${i}`).join('&') + '&run=99&run=x&smooth=2', 20);
    expect(many.runs).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(many.smoothing).toBe(0.6);
    expect(many.notes).toEqual(['2 unknown run id(s) ignored.', '12 runs selected; the first 10 are shown.', 'smoothing must be between 0 and 0.99; using 0.6.']);
  });

  it('overlays each run smoothed, raw values faint in the same colour and without their own legend entry', () => {
    const runs = [{ name: 'lr 0.01', history: VAL_LOSS.map((v, i) => ({ epoch: i + 1, val_loss: v })) }, { name: 'lr 0.1', history: VAL_LOSS.map((v, i) => ({ epoch: i + 1, val_loss: v / 2 })) }];
    const fig = compareFigure(runs, 'val_loss', 0.6, true);
    expect(fig.series.map((s) => [s.name, s.faint === true])).toEqual([['lr 0.01', true], ['lr 0.01', false], ['lr 0.1', true], ['lr 0.1', false]]);
    expect(fig.series[1]!.points.map((p) => p[1])).toEqual(emaSmooth(VAL_LOSS, 0.6));
    const svg = figureSvg(fig);
    const paths = [...svg.matchAll(/<path class="series" d="[^"]+" fill="none" stroke="(#[0-9A-Fa-f]{6})"[^>]*?( opacity="0.3")?>/g)].map((m) => [m[1], m[2] !== undefined]);
    expect(paths).toHaveLength(4);
    expect(paths[0]![0]).toBe(paths[1]![0]);
    expect(paths[2]![0]).toBe(paths[3]![0]);
    expect(paths[0]![0]).not.toBe(paths[2]![0]);
    expect(paths.map((p) => p[1])).toEqual([true, false, true, false]);
    expect(svg.match(/<g class="legend">.*?<\/g>/)?.[0].match(/<text/g)).toHaveLength(2);
    // Log scale: decade ticks.
    expect(fig.logY).toBe(true);
    expect(compareFigure(runs, 'val_loss', 0, false).series).toHaveLength(2);
  });
});
