/**
 * The data model of an audit: nine areas, checks with figures, charts as plain JSON specs.
 * `report.json` is exactly an {@link AuditReport}; the HTML report and the dashboard render it.
 */

/** The nine challenge areas an audit reports on, in summary-table order. */
export const AREAS = [
  'model',
  'generalization',
  'data',
  'interpretability',
  'fairness',
  'robustness',
  'efficiency',
  'tuning',
  'scale-out',
] as const;

/** One of the nine {@link AREAS}. */
export type AuditArea = (typeof AREAS)[number];

/** Human titles of the areas. */
export const AREA_TITLES: Readonly<Record<AuditArea, string>> = {
  model: 'Model and engine',
  generalization: 'Generalization: performance, calibration, fit',
  data: 'Data quality',
  interpretability: 'Interpretability',
  fairness: 'Fairness',
  robustness: 'Robustness',
  efficiency: 'Efficiency and hardware',
  tuning: 'Hyperparameter tuning',
  'scale-out': 'Scale-out',
};

/** How bad a failed check is: `error` fails the gate, `warning` shows as warn, `info` never fails. */
export type AuditSeverity = 'info' | 'warning' | 'error';

/** A JSON-friendly figure value. */
export type FigureValue = number | string | boolean | null;

/**
 * What became of a check: `pass`; `fail` (failed, severity error) or `warn` (failed, warning or
 * info); `not_judged` (measured, but no threshold was set to hold it to); `not_run` (with the
 * reason). Only `fail` and `warn` count against the gate.
 */
export type AuditCheckStatus = 'pass' | 'warn' | 'fail' | 'not_judged' | 'not_run';

/** One check of an audit. A failed check is a result, never an exception. */
export interface AuditCheck {
  /** Stable id, `area-prefix.name` (for example `performance.accuracy`); config thresholds key on it. */
  readonly id: string;
  readonly area: AuditArea;
  /** True only when the check was judged and passed (status `pass`). */
  readonly passed: boolean;
  /** Set on every check of a written report; sections may leave it to be derived from `passed` and `severity`. */
  readonly status?: AuditCheckStatus;
  /** Why the check did not run (status `not_run`). */
  readonly reason?: string;
  readonly severity: AuditSeverity;
  readonly summary: string;
  /** The measured value, the threshold it was held to and anything else worth reading. */
  readonly figures: Readonly<Record<string, FigureValue>>;
}

/** One named series of (x, y) points. */
export interface Series {
  readonly name: string;
  readonly points: readonly (readonly [number, number])[];
  /** Draw the points only, unjoined (a scatter, e.g. each trial's value). */
  readonly markersOnly?: boolean;
}

interface ChartBase {
  /** Unique within a report; used for anchors and tests. */
  readonly id: string;
  readonly title: string;
  /** Text alternative read by screen readers: what the chart shows in one or two sentences. */
  readonly alt: string;
}

/** Lines over a numeric x axis (learning curves, robust accuracy vs ε, reliability diagram). */
export interface LineChart extends ChartBase {
  readonly kind: 'line';
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly Series[];
  /** Draw the y = x reference (reliability diagrams). */
  readonly diagonal?: boolean;
  readonly logX?: boolean;
}

/** One bar per label, optionally with a confidence interval and a reference line. */
export interface BarChart extends ChartBase {
  readonly kind: 'bar';
  readonly valueLabel: string;
  readonly bars: readonly { readonly label: string; readonly value: number; readonly lower?: number; readonly upper?: number }[];
  readonly reference?: number;
}

/** A matrix of cells (confusion matrices, attribution maps). */
export interface HeatmapChart extends ChartBase {
  readonly kind: 'heatmap';
  readonly rows: number;
  readonly cols: number;
  /** Row-major values, rows × cols. */
  readonly values: readonly number[];
  readonly rowLabels?: readonly string[];
  readonly colLabels?: readonly string[];
  /** Signed data: a diverging scale centred on zero. */
  readonly diverging?: boolean;
  /** Print each value in its cell (small matrices). */
  readonly showValues?: boolean;
}

/** Parallel coordinates: one polyline per item across named axes, coloured by score. */
export interface ParallelChart extends ChartBase {
  readonly kind: 'parallel';
  readonly axes: readonly string[];
  /** `dashed` marks secondary items (for example pruned trials, scored by their last report). */
  readonly lines: readonly { readonly values: readonly number[]; readonly score: number; readonly dashed?: boolean }[];
}

/** A table figure (trial tables, per-group metrics). */
export interface TableFigure extends ChartBase {
  readonly kind: 'table';
  readonly columns: readonly string[];
  readonly rows: readonly (readonly FigureValue[])[];
}

/**
 * Token attributions of texts: each text's tokens on a diverging, colour-blind-safe scale (blue
 * against, red towards the explained class; white = no effect), one line group per text.
 */
export interface TokensFigure extends ChartBase {
  readonly kind: 'tokens';
  readonly texts: readonly {
    /** Shown above the tokens (e.g. "spam 0.98 · integrated gradients"). */
    readonly label: string;
    readonly tokens: readonly string[];
    readonly scores: readonly number[];
  }[];
}

/** Every figure kind the renderer draws. */
export type Figure = LineChart | BarChart | HeatmapChart | ParallelChart | TableFigure | TokensFigure;

/** What a section returns. */
export interface SectionResult {
  readonly checks: readonly AuditCheck[];
  readonly figures: readonly Figure[];
  /** Set when the section could not run; the area then shows "not run" with this reason. */
  readonly notRun?: string;
  /** Short notes shown under the section heading. */
  readonly notes?: readonly string[];
}

/**
 * Pass/warn/fail of one area; `not judged` when its checks were measured but none had a
 * threshold; `not run` when it lacked an input (a reason says which), `n/a` when the config
 * declares it does not apply (`notApplicable`, with the reason).
 */
export type AreaStatus = 'pass' | 'warn' | 'fail' | 'not judged' | 'not run' | 'n/a';

/** One area of the report. */
export interface AreaReport {
  readonly area: AuditArea;
  readonly title: string;
  readonly status: AreaStatus;
  readonly checks: readonly AuditCheck[];
  readonly figures: readonly Figure[];
  readonly notes: readonly string[];
  /** Why the area did not run (`not run: ...`) or does not apply (`not applicable: ...`). */
  readonly notRun?: string;
  readonly seconds: number;
}

/** The whole report, as written to `report.json`. */
export interface AuditReport {
  readonly format: 'keel-audit/1';
  readonly createdAt: string;
  readonly inputs: Readonly<Record<string, string | null>>;
  readonly areas: readonly AreaReport[];
  /** Every check of every area, flat. */
  readonly checks: readonly AuditCheck[];
  /** True when no check of gate severity failed (the CLI exits 0). */
  readonly passed: boolean;
}
