import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Progress } from '../../core/index.js';
import { ensureFolder } from '../../io/index.js';
import type { Sequential } from '../../nn/index.js';
import { runAudit, writeAudit, writeAuditConfig, type AuditConfig, type AuditReport } from '../../report/index.js';
import { Session } from '../../runtime/index.js';
import { accuracy, fit, HistoryLogger, predictBatched, type EpochLogs } from '../../train/index.js';
import { progressLine } from './audit.js';
import { imageDemoTask } from './demo-image.js';
import { smsDemoTask } from './demo-sms.js';
import type { DemoAuditInputs, DemoDataset, DemoParams, DemoPlan, DemoTask } from './demo-task.js';
import { replaceStudy, tuneDemo } from './demo-tune.js';

/** Options of `keel demo`. */
export interface DemoOptions {
  readonly out: string;
  readonly dataset: DemoDataset;
  /** Smaller everything (for tests and a first look): fewer trials, epochs and rows. */
  readonly quick?: boolean;
  /** Tuning trials (0 = skip tuning, use defaults). */
  readonly trials?: number;
  /** Epochs of the final training run. */
  readonly epochs?: number;
  readonly seed: number;
}

/** What the demo produced. */
export interface DemoResult {
  readonly testAccuracy: number;
  readonly params: DemoParams;
  readonly report: AuditReport;
  readonly reportHtml: string;
  readonly reportJson: string;
}

/**
 * The demo's task for a bundled data set: the image demo (`digits`, `mnist`) or the text demo (`sms`).
 * @example `const task = await demoTask({ out: 'keel-demo', dataset: 'sms', quick: true, seed: 0 });`
 */
export async function demoTask(o: DemoOptions): Promise<DemoTask> {
  const q = { quick: o.quick === true, seed: o.seed };
  return o.dataset === 'sms' ? smsDemoTask(q) : imageDemoTask(o.dataset, q);
}

const pct = (v: number): string => `${(100 * v).toFixed(1)}%`;
const epochLine = (h: EpochLogs): string =>
  `loss ${h.loss.toFixed(4)}  acc ${pct(h['accuracy'] ?? Number.NaN)}  val_loss ${(h['val_loss'] ?? Number.NaN).toFixed(4)}  val_acc ${pct(h['val_accuracy'] ?? Number.NaN)}`;

/** The audit config the demo uses; also written to `OUT/audit.json` so `keel audit` can repeat it. */
function auditConfig(task: DemoTask, out: string, study: string, p: DemoPlan, seed: number): AuditConfig {
  const { fairness, thresholds, ...options } = task.audit();
  return {
    thresholds: { ...thresholds, 'tuning.complete_trials': { min: 1 } },
    ...options,
    ...(p.trials > 0 ? { tuning: { storage: `sqlite:${join(out, 'tune.db')}`, study } } : {}),
    notApplicable: {
      fairness,
      ...(p.trials > 0 ? {} : { tuning: 'tuning was skipped (keel demo --trials 0)', 'scale-out': 'tuning was skipped (keel demo --trials 0)' }),
    },
    seed,
  };
}

async function trainFinal(task: DemoTask, params: DemoParams, p: DemoPlan, dir: string, seed: number): Promise<number> {
  const net: Sequential = task.build(params, seed);
  const t0 = Date.now();
  const { options, stop } = task.fit(params, { epochs: p.epochs, final: true });
  const progress = new Progress({ label: '  train', total: p.epochs, unit: 'epoch' });
  const log = {
    name: 'demo_progress',
    onEpochEnd: (e: number, h: EpochLogs) => {
      progress.line(`  epoch ${String(e).padStart(2)}/${p.epochs}  ${epochLine(h)}  ${((Date.now() - t0) / 1000).toFixed(1)}s`);
      progress.set(e);
    },
  };
  const r = await fit(net, task.train.x, task.train.y, { ...options, seed, callbacks: [new HistoryLogger(join(dir, 'history.json')), ...(stop ? [stop] : []), log] });
  progress.done(r.stoppedEarly && stop ? `  early stopping after epoch ${r.history.length}; weights of epoch ${stop.bestEpoch} (lowest val_loss) kept` : undefined);
  const graph = task.save(net, dir);
  const session = await Session.create(graph);
  try {
    return accuracy(await predictBatched(session, task.test.x), task.test.y);
  } finally {
    await session.release();
  }
}

/** The `keel audit` flags that repeat the demo's audit on its files. */
function auditFlags(f: DemoAuditInputs): string {
  const flag = (name: string, v: string | undefined): string => (v === undefined ? '' : ` --${name} ${v}`);
  return `--data ${f.data}${flag('labels', f.labels)}${flag('test', f.test)}${flag('test-labels', f.testLabels)}${flag('text', f.text)}${flag('target', f.target)}`;
}

/**
 * `keel demo`: the main job on bundled real data, one loop for every data set (see `DemoTask`).
 * Tunes a small model briefly (TPE + ASHA, SQLite study), trains the chosen configuration with
 * early stopping, audits it on the held-out test split (every area; fairness marked not
 * applicable) and writes `OUT/audit/report.html`. The exit code is 1 when the audit gate fails.
 * Progress goes to stderr (core `Progress`): one line per stage, trial and epoch, with a bar and ETA
 * for the trials and epochs on a terminal; the report path is the last line of stdout.
 * @example `await demoCommand({ out: 'keel-demo', dataset: 'digits', seed: 0 })`
 */
export async function demoCommand(o: DemoOptions): Promise<DemoResult> {
  const progress = new Progress({ label: 'demo' });
  const t0 = Date.now();
  const secs = (): string => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
  const dirs = { data: join(o.out, 'data'), train: join(o.out, 'train'), audit: join(o.out, 'audit') };
  for (const d of Object.values(dirs)) ensureFolder(d);

  progress.line(`[1/4] data: ${LOAD_LINES[o.dataset]}`);
  const task = await demoTask(o);
  const p: DemoPlan = { ...task.plan, trials: o.trials ?? task.plan.trials, epochs: o.epochs ?? task.plan.epochs };
  const files = task.writeData(dirs.data);
  progress.line(`      ${task.description}; written to ${dirs.data}  ${secs()}`);

  const study = `demo-${o.dataset}`;
  let params = task.defaults;
  if (p.trials > 0) {
    progress.line(`[2/4] tune: ${p.trials} trials of TPE with ASHA pruning (up to ${p.trialEpochs} epochs each), study "${study}" in ${join(o.out, 'tune.db')}`);
    const trials = new Progress({ label: '  tune', total: p.trials, unit: 'trial' });
    // The folder is the demo's own: a previous demo's study is replaced (whole), not extended.
    const tuned = await replaceStudy(join(o.out, 'tune.db'), (storage) => tuneDemo({
      task, storage, study, trials: p.trials, epochs: p.trialEpochs, seed: o.seed,
      onEpoch: (n, h) => { trials.set(n, `trial ${n + 1} epoch ${h.epoch}  val_loss ${(h['val_loss'] ?? Number.NaN).toFixed(4)}`); },
      onTrial: (t, best) => {
        const ps = Object.entries(t.params).map(([k, v]) => `${k}=${typeof v === 'number' ? +v.toPrecision(3) : String(v)}`).join(' ');
        const v = t.values?.[0];
        trials.line(`  trial ${t.number + 1}/${p.trials}  ${t.state.toLowerCase().padEnd(8)} val_loss ${v === undefined ? '—' : v.toFixed(4)} after ${t.intermediateValues.length} epochs  ${ps}  (best ${best?.values?.[0]?.toFixed(4) ?? '—'})  ${secs()}`);
        trials.set(t.number + 1);
      },
    }));
    trials.done();
    params = tuned.params;
  } else {
    rmSync(join(o.out, 'tune.db'), { force: true });
    progress.line('[2/4] tune: skipped (--trials 0); default hyperparameters');
  }
  progress.line(`[3/4] train: ${task.describe(params)}, up to ${p.epochs} epochs, ${task.validation}`);
  const acc = await trainFinal(task, params, p, dirs.train, o.seed);
  const tested = task.test.y.shape[0] ?? 0;
  progress.line(`      test accuracy ${pct(acc)} on ${tested} held-out ${task.unit}; model and history in ${dirs.train}  ${secs()}`);

  progress.line('[4/4] audit: every area on the held-out test split');
  const config = auditConfig(task, o.out, study, p, o.seed);
  writeAuditConfig(join(o.out, 'audit.json'), config);
  const model = join(dirs.train, 'model.onnx');
  const report = await runAudit({
    model, ...files, config,
    progress: (e) => { progress.line(`  ${progressLine(e).trimStart()}`); },
  });
  const written = writeAudit(report, dirs.audit);
  const count = (s: string): number => report.areas.filter((a) => a.status === s).length;
  process.stdout.write(
    `test accuracy ${pct(acc)} on ${tested} held-out ${task.heldOut}; ` +
      `audit gate ${report.passed ? 'passed' : 'failed'} (${count('pass')} pass, ${count('warn')} warn, ${count('fail')} fail, ${count('not judged')} not judged, ${count('n/a') + count('not run')} n/a) in ${secs()}\n` +
      `repeat the audit: keel audit --model ${model} ${auditFlags(files)} --config ${join(o.out, 'audit.json')} --out ${dirs.audit}\n` +
      `browse runs, the study and the report: keel serve --root ${o.out} --storage sqlite:${join(o.out, 'tune.db')}\n` +
      `report: ${written.html}\n`,
  );
  if (!report.passed) {
    for (const c of report.checks.filter((x) => x.status === 'fail')) process.stderr.write(`keel: audit check ${c.id} failed: ${c.summary}\n`);
    process.exitCode = 1;
  }
  return { testAccuracy: acc, params, report, reportHtml: written.html, reportJson: written.json };
}

const LOAD_LINES: Readonly<Record<DemoDataset, string>> = {
  digits: 'bundled scikit-learn digits',
  mnist: 'bundled MNIST',
  sms: 'bundled SMS Spam Collection',
};
