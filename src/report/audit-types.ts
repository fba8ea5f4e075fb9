/**
 * The data model of an audit: nine areas, checks with figures, charts as plain JSON specs.
 * `report.json` is exactly an {@link AuditReport}; the HTML report and the dashboard render it.
 */
import type { Figure, FigureValue } from '../figure/index.js';

export type { Figure, FigureValue, LineChart, BarChart, HeatmapChart, ParallelChart, TableFigure, Series, ScatterChart, ContourChart, TimelineChart, ImageFigure } from '../figure/index.js';

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
