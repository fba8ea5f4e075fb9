import { fmt, type BarChart, type Figure, type HeatmapChart, type LineChart } from '../figure/index.js';
import type { ClassificationReport } from './metrics.js';

/**
 * The confusion matrix coloured by row-normalized rate (the share of each true class predicted
 * as each class), with counts and rates printed in the cells up to 12 classes, axis titles and a
 * colour bar.
 * @example `confusionFigure(classificationReport(logits, labels, names), names).cellText?.[0] // '42\n93%'`
 */
export function confusionFigure(r: ClassificationReport, names: readonly string[], id = 'confusion-matrix'): HeatmapChart {
  const c = r.confusion.length;
  const rates = r.confusion.flatMap((row) => {
    const total = row.reduce((a, v) => a + v, 0);
    return row.map((v) => (total > 0 ? v / total : 0));
  });
  const show = c <= 12;
  return {
    kind: 'heatmap',
    id,
    title: 'Confusion matrix',
    alt: `Rows of each true class (rows) predicted as each class (columns) for ${c} classes, coloured by the share of the true class; accuracy ${(100 * r.accuracy).toFixed(1)}% on ${r.rows} rows.`,
    rows: c,
    cols: c,
    values: rates,
    rowLabels: names.length === c ? names : Array.from({ length: c }, (_, i) => String(i)),
    colLabels: names.length === c ? names : Array.from({ length: c }, (_, i) => String(i)),
    rowTitle: 'true class',
    colTitle: 'predicted class',
    colourLabel: 'share of the true class',
    showValues: show,
    ...(show ? { cellText: r.confusion.flatMap((row, i) => row.map((v, j) => `${v}\n${Math.round(100 * rates[i * c + j]!)}%`)) } : {}),
  };
}

/**
 * The reliability diagram (accuracy against mean confidence per bin, the diagonal is perfect
 * calibration; ECE in the title) and the rows in each bin, so a one-row bin is seen as such.
 * @example `reliabilityFigures(report).map((f) => f.id) // ['reliability-diagram', 'reliability-counts']`
 */
export function reliabilityFigures(r: ClassificationReport, id = 'reliability'): [LineChart, BarChart] {
  const used = r.reliability.filter((b) => b.count > 0);
  return [
    {
      kind: 'line',
      id: `${id}-diagram`,
      title: `Reliability diagram (ECE ${r.ece.toFixed(3)})`,
      alt: `Accuracy against mean confidence in ${r.reliability.length} confidence bins (${used.length} with rows); the diagonal is perfect calibration. Expected calibration error ${r.ece.toFixed(3)}.`,
      xLabel: 'mean confidence in bin',
      yLabel: 'accuracy in bin',
      diagonal: true,
      series: [{ name: 'model', points: used.map((b) => [b.confidence, b.accuracy] as const) }],
    },
    {
      kind: 'bar',
      id: `${id}-counts`,
      title: 'Rows per confidence bin',
      alt: `How many of the ${r.rows} rows fall in each confidence bin of the reliability diagram; bins with few rows have unreliable accuracy.`,
      valueLabel: 'rows',
      categoryLabel: 'confidence bin',
      bars: used.map((b) => ({ label: `${fmt(b.lower)}–${fmt(b.upper)}`, value: b.count })),
    },
  ];
}

/**
 * Precision, recall and F1 of every class as grouped bars (F1 only beyond 13 classes).
 * @example `perClassFigure(report).bars.length // 3 × classes`
 */
export function perClassFigure(r: ClassificationReport, id = 'per-class-bars'): BarChart {
  const all = r.perClass.length <= 13;
  return {
    kind: 'bar',
    id,
    title: all ? 'Precision, recall and F1 per class' : 'F1 per class',
    alt: `${all ? 'Precision, recall and F1' : 'F1'} of each of ${r.perClass.length} classes; lowest F1: ${[...r.perClass].sort((a, b) => a.f1 - b.f1)[0]?.class ?? ''}.`,
    valueLabel: 'score',
    categoryLabel: 'class',
    bars: r.perClass.flatMap((p) => (all ? [{ label: p.class, value: p.precision, group: 'precision' }, { label: p.class, value: p.recall, group: 'recall' }, { label: p.class, value: p.f1, group: 'F1' }] : [{ label: p.class, value: p.f1 }])),
  };
}

/**
 * Every generalization figure of a classification report: confusion matrix, reliability diagram
 * with bin counts, per-class bars and the per-class table.
 * @example `classificationFigures(report, names).length // 5`
 */
export function classificationFigures(r: ClassificationReport, names: readonly string[]): Figure[] {
  return [
    confusionFigure(r, names),
    ...reliabilityFigures(r),
    perClassFigure(r),
    { kind: 'table', id: 'per-class', title: 'Per-class metrics', alt: 'Precision, recall, F1 and support of every class.', columns: ['class', 'precision', 'recall', 'F1', 'support'], rows: r.perClass.map((p) => [p.class, +p.precision.toFixed(4), +p.recall.toFixed(4), +p.f1.toFixed(4), p.support]) },
  ];
}
