import { describe, expect, it } from 'vitest';
import { figureSvg, figuresSvg, type ChartFigure } from '../../src/figure/index.js';
import { curvesSvg, learningCurveFigures, type EpochLogs } from '../../src/train/index.js';
import { HOSTILE, expectInert } from './hostile-data.js';

const size = (svg: string): [number, number] => /width="(\d+)" height="(\d+)"/.exec(svg)!.slice(1).map(Number) as [number, number];

describe('figuresSvg: several charts as one standalone SVG, drawn only by the figure renderers', () => {
  const loss: ChartFigure = { kind: 'line', id: 'a', title: 'Loss', alt: 'loss per epoch', xLabel: 'epoch', yLabel: 'loss', series: [{ name: HOSTILE.svg, points: [[1, 0.9], [2, 0.5], [3, 0.4]] }] };
  const bars: ChartFigure = { kind: 'bar', id: 'b', title: HOSTILE.script, alt: 'bars', valueLabel: 'count', categoryLabel: 'class', bars: [{ label: HOSTILE.img, value: 3 }, { label: 'b', value: 1 }] };

  it('places each chart to the right of the previous one, on a canvas as wide as all and as tall as the tallest', () => {
    const svg = figuresSvg([loss, bars]);
    const [w0, h0] = size(figureSvg(loss)), [w1, h1] = size(figureSvg(bars));
    expect(size(svg)).toEqual([w0 + w1, Math.max(h0, h1)]);
    expect(svg).toContain(`<svg x="0" y="0" `);
    expect(svg).toContain(`<svg x="${w0}" y="0" `);
    expect(svg.endsWith('</svg>\n')).toBe(true);
    expectInert(svg);
  });

  it('is what curves.svg holds: the learning-curve figures side by side', () => {
    const history: EpochLogs[] = [1, 2, 3].map((epoch) => ({ epoch, loss: 1 / epoch, lr: 0.01, accuracy: 0.5 + epoch / 10, val_loss: 1.2 / epoch, val_accuracy: 0.45 + epoch / 10 }));
    expect(curvesSvg(history)).toBe(figuresSvg(learningCurveFigures(history)));
    expect(learningCurveFigures(history)).toHaveLength(2);
  });
});
