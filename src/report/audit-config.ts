import { z } from 'zod';
import { snakeCaseKeys, UsageError } from '../core/index.js';
import { readJsonFile, writeFileAtomic, type JsonFileKind } from '../io/index.js';
import type { AuditArea, AuditCheck, AuditSeverity, FigureValue } from './audit-types.js';

const severity = z.enum(['info', 'warning', 'error']);
/** The schema of one entry of `thresholds`. */
export const thresholdSchema = z.strictObject({ min: z.number().optional(), max: z.number().optional(), severity: severity.optional() });

/**
 * The schema of an audit config (zod), with the camelCase field names of {@link AuditConfig};
 * `audit.json` spells the same keys in snake_case (`fail_on`, `not_applicable`, `gate_eps`), and
 * {@link readAuditConfig} reads both spellings.
 */
export const auditConfigSchema = z.strictObject({
  /** Lowest severity that fails the gate (default 'error'). */
  failOn: z.enum(['warning', 'error']).optional(),
  /** Section names to run (default: all). */
  sections: z.array(z.string()).optional(),
  /** Sections that do not apply to this model or data, with the reason shown in their place (area status "n/a"). */
  notApplicable: z.record(z.string(), z.string().min(1)).optional(),
  /** Per check id: bounds on its measured value and the severity when it fails. */
  thresholds: z.record(z.string(), thresholdSchema).optional(),
  /** Options of the data section, passed to `runChecks` (`checks`, `profile`, ...). */
  data: z.record(z.string(), z.unknown()).optional(),
  history: z.string().optional(),
  robustness: z
    .strictObject({
      eps: z.array(z.number().nonnegative()).optional(),
      gateEps: z.number().nonnegative().optional(),
      steps: z.number().int().positive().optional(),
      stepSize: z.number().positive().optional(),
      rows: z.number().int().positive().optional(),
      clip: z.tuple([z.number(), z.number()]).optional(),
      severities: z.array(z.number().int().min(1).max(5)).optional(),
      /** Text models: most word edits of the greedy word attack. */
      wordBudget: z.number().int().min(1).max(10).optional(),
    })
    .optional(),
  explain: z.strictObject({ examples: z.number().int().min(1).max(16).optional(), rows: z.number().int().positive().optional() }).optional(),
  fairness: z.strictObject({ bootstrap: z.number().int().min(10).optional(), minGroupSize: z.number().int().positive().optional() }).optional(),
  tuning: z.strictObject({ storage: z.string(), study: z.string().optional() }).optional(),
  seed: z.number().int().optional(),
});

/** The contents of `audit.json`. Every key is optional. */
export type AuditConfig = z.infer<typeof auditConfigSchema>;

/** Bounds and severity of one check id. */
export type Threshold = z.infer<typeof thresholdSchema>;

/**
 * Validates an audit config object; unknown keys and wrong types are a `AUDIT_CONFIG` usage error.
 * @example `const cfg = parseAuditConfig({ thresholds: { 'performance.accuracy': { min: 0.9 } } });`
 */
export function parseAuditConfig(value: unknown, file = 'audit config'): AuditConfig {
  const r = auditConfigSchema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = issue?.path.join('.') ?? '';
    throw new UsageError('AUDIT_CONFIG', `${file}: ${where === '' ? '' : `${where}: `}${issue?.message ?? 'invalid'}; see the audit section of the README for the keys`, { file, path: where });
  }
  return r.data;
}

/** Fields whose keys are data, kept as written: check ids (`thresholds`, `data.checks`), section names (`notApplicable`), column names (`data.read.schema`). */
const DATA_KEYED = ['thresholds', 'notApplicable', 'checks', 'schema'];

const FILE_KIND: JsonFileKind = { code: 'AUDIT_CONFIG', what: 'the audit config', fix: 'see the audit section of the README for the keys', snakeCase: { dataKeyed: DATA_KEYED } };

/**
 * Reads and validates `audit.json`: keys in snake_case like every JSON Keel writes (`fail_on`,
 * `not_applicable`); older files with camelCase keys (`failOn`) read the same.
 * @example `const cfg = readAuditConfig('audit.json');`
 */
export function readAuditConfig(path: string): AuditConfig {
  return readJsonFile(path, auditConfigSchema, FILE_KIND);
}

/**
 * Writes an audit config as `audit.json` (atomically), keys in snake_case; check ids, section and
 * column names stay as written. {@link readAuditConfig} reads it back equal.
 * @example `writeAuditConfig('out/audit.json', { failOn: 'warning', notApplicable: { fairness: 'no people' } });`
 */
export function writeAuditConfig(path: string, config: AuditConfig): void {
  writeFileAtomic(path, `${JSON.stringify(snakeCaseKeys(config, DATA_KEYED), null, 2)}\n`);
}

/** A measured value to hold against a threshold. */
export interface Measurement {
  readonly id: string;
  readonly area: AuditArea;
  readonly value: number;
  /** Bounds used when the config names none for this id. */
  readonly defaults: Threshold;
  /** What the value is, e.g. "accuracy on 200 test rows". */
  readonly what: string;
  readonly figures?: Readonly<Record<string, FigureValue>>;
}

const fmt = (v: number): string => (Number.isInteger(v) ? String(v) : v.toPrecision(4));

/**
 * Holds a measured value to its threshold (config first, then the section's defaults) and
 * returns the check. A NaN value fails; a value with no threshold at all is `not_judged` (shown,
 * never counted as a pass or a failure).
 * @example `gauge(cfg, { id: 'performance.accuracy', area: 'generalization', value: 0.97, defaults: { min: 0.5 }, what: 'accuracy' })`
 */
export function gauge(config: AuditConfig, m: Measurement): AuditCheck {
  const t = { ...m.defaults, ...(config.thresholds?.[m.id] ?? {}) };
  const low = t.min !== undefined && !(m.value >= t.min);
  const high = t.max !== undefined && !(m.value <= t.max);
  const judged = t.min !== undefined || t.max !== undefined;
  const passed = judged && !low && !high && !Number.isNaN(m.value);
  const bound = [t.min === undefined ? '' : `≥ ${fmt(t.min)}`, t.max === undefined ? '' : `≤ ${fmt(t.max)}`].filter((s) => s !== '').join(' and ');
  const summary = `${m.what}: ${fmt(m.value)}${!judged ? ` (not judged: no threshold; set thresholds["${m.id}"] in the audit config)` : passed ? ` (meets ${bound})` : ` (fails ${bound})`}`;
  const severity = t.severity ?? 'error';
  return {
    id: m.id,
    area: m.area,
    passed,
    status: !judged ? 'not_judged' : passed ? 'pass' : severity === 'error' ? 'fail' : 'warn',
    severity,
    summary,
    figures: { value: m.value, min: t.min ?? null, max: t.max ?? null, ...(m.figures ?? {}) },
  };
}

/**
 * A check decided by its own logic (for example a data check); the config may change its severity.
 * @example `decided(cfg, { id: 'data.duplicates', area: 'data', passed: true, severity: 'warning', summary: 'no duplicates', figures: {} })`
 */
export function decided(config: AuditConfig, c: AuditCheck): AuditCheck {
  const s: AuditSeverity | undefined = config.thresholds?.[c.id]?.severity;
  if (s === undefined) return c;
  const ran = c.status === undefined || c.status === 'pass' || c.status === 'fail' || c.status === 'warn';
  return { ...c, severity: s, ...(ran ? { status: c.passed ? 'pass' : s === 'error' ? 'fail' : 'warn' } : {}) };
}
