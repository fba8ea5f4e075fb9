import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DataError, UsageError } from '../core/index.js';
import { Model } from '../model/index.js';
import { findClassNames, findPreprocessor } from '../data/index.js';
import { isTextModel } from '../text/index.js';
import { inferenceOnlyNote } from '../onnx/index.js';
import type { AuditConfig } from './audit-config.js';
import { modelInput, readSplit, type AuditData, type SplitSource } from './audit-data.js';
import { readTextSplit } from './audit-text.js';
import { AREAS, AREA_TITLES, type AreaReport, type AreaStatus, type AuditCheck, type AuditCheckStatus, type AuditReport, type AuditSeverity, type Figure } from './audit-types.js';
import { cachedLogits, type AuditContext } from './section.js';
import { SECTIONS, SECTION_NAMES, type SectionName } from './section-registry.js';

/** What to audit. */
export interface AuditOptions {
  /** An ONNX file, or a {@link Model} (its sidecars are read when it was loaded from a file). */
  readonly model: string | Model;
  /** Training data: a table (with `target`), `.npy` / IDX inputs (with `labels`), `.npz`, an image folder or `mnist`. */
  readonly data: string;
  readonly labels?: string | undefined;
  readonly test?: string | undefined;
  readonly testLabels?: string | undefined;
  readonly target?: string | undefined;
  readonly sensitive?: readonly string[] | undefined;
  /** Text models: the column of raw messages (default: the one the model was trained on). */
  readonly text?: string | undefined;
  /** Text models: the tokenizer.json (default: the one beside the model). */
  readonly tokenizer?: string | undefined;
  readonly config?: AuditConfig | undefined;
  /** Progress of each stage (the CLI prints it). */
  readonly progress?: ((event: AuditProgress) => void) | undefined;
}

/** One progress event. */
export interface AuditProgress {
  readonly stage: string;
  readonly index: number;
  readonly total: number;
  readonly state: 'start' | 'done' | 'skipped' | 'failed' | 'note';
  readonly message: string;
  readonly seconds: number;
}

const RANK: Readonly<Record<AuditSeverity, number>> = { info: 0, warning: 1, error: 2 };

/** The status of a check: as the section set it, else pass, or fail / warn by severity. */
export function checkStatus(c: AuditCheck): AuditCheckStatus {
  return c.status ?? (c.passed ? 'pass' : c.severity === 'error' ? 'fail' : 'warn');
}

function statusOf(checks: readonly AuditCheck[], notRun: string | undefined, notApplicable: boolean): AreaStatus {
  if (notApplicable && checks.length === 0) return 'n/a';
  const st = checks.map(checkStatus);
  if (notRun !== undefined && st.every((s) => s === 'not_run')) return 'not run';
  if (st.length === 0) return 'pass';
  if (st.includes('fail')) return 'fail';
  if (st.includes('warn')) return 'warn';
  if (st.includes('pass')) return 'pass';
  return st.includes('not_judged') ? 'not judged' : 'not run';
}

async function buildContext(o: AuditOptions, log: (m: string) => void): Promise<AuditContext> {
  if (typeof o.model === 'string' && !existsSync(o.model)) throw new UsageError('FILE_NOT_FOUND', `${o.model}: no such model file`, { file: o.model });
  const config = o.config ?? {};
  // Never worse than onnxruntime: a model Keel cannot represent is audited on onnxruntime directly;
  // the sections that need its graph are listed as not run, with the op that blocks it.
  const model = typeof o.model === 'string' ? await Model.loadForInference(o.model, { onNote: log }) : o.model;
  const modelPath = model.path ?? '(in-memory model)';
  const input = model.input;
  const rowShape = input.shape.slice(1).map((d) => (typeof d === 'number' ? d : 1));
  const sensitive = o.sensitive ?? [];
  const preprocessor = model.path === undefined ? undefined : findPreprocessor(model.path);
  const width = model.output.shape[1];
  const read = { target: o.target, sensitive, rowShape, preprocessor, outputs: typeof width === 'number' && width >= 2 ? width : undefined };
  const text = !model.inferenceOnly && (o.text !== undefined || isTextModel(model.graph));
  const readText = { modelPath, graph: text ? model.graph : undefined, text: o.text, tokenizer: o.tokenizer, target: o.target };
  const split = async (src: SplitSource, classes: readonly string[] | undefined): Promise<AuditData> =>
    readText.graph !== undefined ? readTextSplit(src, { ...readText, graph: readText.graph, classes: classes ?? (model.path === undefined ? undefined : findClassNames(model.path)) }) : readSplit(src, { ...read, classes });
  const train = await split({ data: o.data, labels: o.labels }, undefined);
  const test = o.test === undefined ? train : await split({ data: o.test, labels: o.testLabels }, train.classes);
  if (read.outputs !== undefined && train.classes.length > read.outputs) {
    throw new DataError('LABELS_RANGE', `${o.labels ?? o.data}: the labels hold ${train.classes.length} classes (${train.classes.slice(0, 12).join(', ')}) but ${modelPath} scores ${read.outputs}; audit the model with the data it was trained for`, { file: o.labels ?? o.data, classes: train.classes.length, outputs: read.outputs });
  }
  const history = config.history ?? (model.path === undefined ? undefined : join(dirname(model.path), 'history.json'));
  return {
    config,
    modelPath,
    model,
    get graph() {
      return model.graph;
    },
    // A text model's rows are token ids as wide as the evaluation split's longest message (at most its max length).
    rowShape: text ? test.x.shape.slice(1) : rowShape,
    kind: text ? 'text' : rowShape.length >= 2 ? 'image' : 'tabular',
    train,
    test,
    hasTest: o.test !== undefined,
    historyPath: history !== undefined && existsSync(history) ? history : undefined,
    sensitive,
    logits: cachedLogits(model, modelInput(test)),
    log,
  };
}

/**
 * Runs every audit section (or those named in `config.sections`) and assembles the report. A
 * section that throws becomes a failed `<section>.completed` check, so the report is always
 * written; the gate (`passed`) fails when any check at or above `config.failOn` fails.
 *
 * @example
 * ```ts
 * const report = await runAudit({ model: 'cnn.onnx', data: 'x.npy', labels: 'y.npy' });
 * report.passed;
 * ```
 */
export async function runAudit(o: AuditOptions): Promise<AuditReport> {
  const config = o.config ?? {};
  const selected = (config.sections ?? SECTION_NAMES) as SectionName[];
  const na = config.notApplicable ?? {};
  for (const n of [...selected, ...Object.keys(na)]) if (!(n in SECTIONS)) throw new UsageError('AUDIT_SECTION', `unknown audit section "${n}"; sections are ${SECTION_NAMES.join(', ')}`, { section: n });
  // Sections declared not applicable are listed (as n/a) even when `sections` leaves them out.
  const names = SECTION_NAMES.filter((n) => selected.includes(n) || na[n] !== undefined);
  const t0 = performance.now();
  const emit = (e: Omit<AuditProgress, 'seconds' | 'total'>): void => o.progress?.({ ...e, total: names.length, seconds: (performance.now() - t0) / 1000 });
  let current = { stage: 'load', index: 0 };
  const ctx = await buildContext(o, (message) => { emit({ ...current, state: 'note', message }); });
  const byArea = new Map<string, { checks: AuditCheck[]; figures: Figure[]; notes: string[]; notRun?: string; notApplicable?: boolean; seconds: number }>();
  for (const [i, name] of names.entries()) {
    const section = SECTIONS[name]();
    current = { stage: name, index: i + 1 };
    emit({ ...current, state: 'start', message: `${name} (${AREA_TITLES[section.area]})` });
    const s0 = performance.now();
    const slot = byArea.get(section.area) ?? { checks: [], figures: [], notes: [], seconds: 0 };
    byArea.set(section.area, slot);
    const reason = na[name];
    if (reason !== undefined) {
      slot.notRun = `not applicable: ${reason}`;
      slot.notApplicable = true;
      emit({ ...current, state: 'skipped', message: slot.notRun });
      continue;
    }
    try {
      const r = await section.run(ctx);
      slot.checks.push(...r.checks);
      slot.figures.push(...r.figures);
      slot.notes.push(...(r.notes ?? []));
      if (r.notRun !== undefined) slot.notRun = r.notRun;
      emit({ ...current, state: r.notRun === undefined ? 'done' : 'skipped', message: r.notRun ?? `${r.checks.filter((c) => c.passed).length}/${r.checks.length} checks passed` });
    } catch (e) {
      const blocked = ctx.model.inferenceOnly?.blocked;
      if (blocked !== undefined && e === blocked) {
        slot.notRun = `not run: ${inferenceOnlyNote(blocked)}`;
        emit({ ...current, state: 'skipped', message: slot.notRun });
        slot.seconds += (performance.now() - s0) / 1000;
        continue;
      }
      const message = e instanceof Error ? e.message : String(e);
      slot.checks.push({ id: `${name}.completed`, area: section.area, passed: false, severity: 'error', summary: `the ${name} section stopped with an error: ${message}`, figures: {} });
      emit({ ...current, state: 'failed', message });
    }
    slot.seconds += (performance.now() - s0) / 1000;
  }
  const areas: AreaReport[] = AREAS.map((area) => {
    const s = byArea.get(area);
    const notRun = s === undefined ? 'not run: section not selected in the config' : s.notRun;
    const checks = (s?.checks ?? []).map((c) => ({ ...c, status: checkStatus(c) }));
    return { area, title: AREA_TITLES[area], status: statusOf(checks, notRun, s?.notApplicable === true), checks, figures: s?.figures ?? [], notes: s?.notes ?? [], ...(notRun === undefined ? {} : { notRun }), seconds: s?.seconds ?? 0 };
  });
  const checks = areas.flatMap((a) => a.checks);
  const gate = RANK[config.failOn ?? 'error'];
  return {
    format: 'keel-audit/1',
    createdAt: new Date().toISOString(),
    inputs: { model: typeof o.model === 'string' ? o.model : (o.model.path ?? '(in-memory model)'), data: o.data, labels: o.labels ?? null, test: o.test ?? null, testLabels: o.testLabels ?? null, target: o.target ?? null, sensitive: (o.sensitive ?? []).join(',') },
    areas,
    checks,
    passed: !checks.some((c) => (c.status === 'fail' || c.status === 'warn') && RANK[c.severity] >= gate),
  };
}
