import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Progress } from '../../core/index.js';
import { ensureFolder, writeFileAtomic, writeNpy } from '../../io/index.js';
import { exportModel } from '../../onnx/index.js';
import { runAudit, writeAudit, writeAuditConfig, type AuditConfig, type AuditReport } from '../../report/index.js';
import { Session } from '../../runtime/index.js';
import { accuracy, EarlyStopping, fit, HistoryLogger, predictBatched, type EpochLogs } from '../../train/index.js';
import { progressLine } from './audit.js';
import { loadDemoData, type DemoData, type DemoDataset } from './demo-data.js';
import { DEFAULT_PARAMS, demoModel, replaceStudy, tuneDemo, type DemoParams } from './demo-tune.js';

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

interface Plan {
  readonly trials: number;
  readonly trialEpochs: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly attackRows: number;
}

function plan(o: DemoOptions): Plan {
  const q = o.quick === true;
  const digits = o.dataset === 'digits';
  return {
    trials: o.trials ?? (q ? 3 : digits ? 10 : 8),
    trialEpochs: q ? 3 : digits ? 9 : 3,
    epochs: o.epochs ?? (q ? 6 : digits ? 30 : 6),
    batchSize: digits ? 32 : 64,
    attackRows: q ? 100 : 200,
  };
}

const pct = (v: number): string => `${(100 * v).toFixed(1)}%`;
const epochLine = (h: EpochLogs): string =>
  `loss ${h.loss.toFixed(4)}  acc ${pct(h['accuracy'] ?? Number.NaN)}  val_loss ${(h['val_loss'] ?? Number.NaN).toFixed(4)}  val_acc ${pct(h['val_accuracy'] ?? Number.NaN)}`;

/** The audit config the demo uses; also written to `OUT/audit.json` so `keel audit` can repeat it. */
function auditConfig(out: string, study: string, p: Plan, seed: number): AuditConfig {
  return {
    thresholds: {
      'performance.accuracy': { min: 0.9 },
      'performance.ece': { max: 0.1, severity: 'warning' },
      'robustness.corruption_accuracy': { min: 0.5, severity: 'warning' },
      'tuning.complete_trials': { min: 1 },
    },
    robustness: { eps: [0.05, 0.1, 0.2], rows: p.attackRows },
    ...(p.trials > 0 ? { tuning: { storage: `sqlite:${join(out, 'tune.db')}`, study } } : {}),
    notApplicable: {
      fairness: 'handwritten digits carry no attribute of the person who wrote them, so there is no sensitive group to compare',
      ...(p.trials > 0 ? {} : { tuning: 'tuning was skipped (keel demo --trials 0)', 'scale-out': 'tuning was skipped (keel demo --trials 0)' }),
    },
    seed,
  };
}

async function trainFinal(data: DemoData, params: DemoParams, p: Plan, dir: string, seed: number): Promise<number> {
  const net = demoModel(params, data.rowShape, seed);
  const t0 = Date.now();
  const stop = new EarlyStopping({ monitor: 'val_loss', patience: 4, restoreBestWeights: true });
  const progress = new Progress({ label: '  train', total: p.epochs, unit: 'epoch' });
  const log = {
    name: 'demo_progress',
    onEpochEnd: (e: number, h: EpochLogs) => {
      progress.line(`  epoch ${String(e).padStart(2)}/${p.epochs}  ${epochLine(h)}  ${((Date.now() - t0) / 1000).toFixed(1)}s`);
      progress.set(e);
    },
  };
  const r = await fit(net, data.train.x, data.train.y, {
    epochs: p.epochs, batchSize: p.batchSize, lr: params.lr, optimizer: 'adam', validationSplit: 0.2, seed, callbacks: [new HistoryLogger(join(dir, 'history.json')), stop, log],
  });
  progress.done(r.stoppedEarly ? `  early stopping after epoch ${r.history.length}; weights of epoch ${stop.bestEpoch} (lowest val_loss) kept` : undefined);
  const graph = net.graph({ inputShape: ['N', ...data.rowShape] });
  writeFileAtomic(join(dir, 'model.onnx'), exportModel(graph));
  const session = await Session.create(graph);
  try {
    return accuracy(await predictBatched(session, data.test.x), data.test.y);
  } finally {
    await session.release();
  }
}

/**
 * `keel demo`: the main job on bundled real data. Tunes a small CNN briefly (TPE + ASHA, SQLite
 * study), trains the chosen configuration with early stopping, audits it on the held-out test
 * split (every area; fairness marked not applicable) and writes `OUT/audit/report.html`.
 * Progress goes to stderr (core `Progress`): one line per stage, trial and epoch, with a bar and ETA
 * for the trials and epochs on a terminal; the report path is the last line of stdout.
 * @example `await demoCommand({ out: 'keel-demo', dataset: 'digits', seed: 0 })`
 */
export async function demoCommand(o: DemoOptions): Promise<DemoResult> {
  const progress = new Progress({ label: 'demo' });
  const p = plan(o);
  const t0 = Date.now();
  const secs = (): string => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
  const dirs = { data: join(o.out, 'data'), train: join(o.out, 'train'), audit: join(o.out, 'audit') };
  for (const d of Object.values(dirs)) ensureFolder(d);

  progress.line(`[1/4] data: ${loadLine(o.dataset)}`);
  const data = loadDemoData(o.dataset, { quick: o.quick === true, seed: o.seed });
  const files = { x: join(dirs.data, 'train-x.npy'), y: join(dirs.data, 'train-y.npy'), tx: join(dirs.data, 'test-x.npy'), ty: join(dirs.data, 'test-y.npy') };
  writeNpy(files.x, data.train.x);
  writeNpy(files.y, data.train.y);
  writeNpy(files.tx, data.test.x);
  writeNpy(files.ty, data.test.y);
  progress.line(`      ${data.description}; written to ${dirs.data}  ${secs()}`);

  const study = `demo-${o.dataset}`;
  let params = DEFAULT_PARAMS;
  if (p.trials > 0) {
    progress.line(`[2/4] tune: ${p.trials} trials of TPE with ASHA pruning (up to ${p.trialEpochs} epochs each), study "${study}" in ${join(o.out, 'tune.db')}`);
    const trials = new Progress({ label: '  tune', total: p.trials, unit: 'trial' });
    // The folder is the demo's own: a previous demo's study is replaced (whole), not extended.
    const tuned = await replaceStudy(join(o.out, 'tune.db'), (storage) => tuneDemo({
      data, storage, study, trials: p.trials, epochs: p.trialEpochs, batchSize: p.batchSize, seed: o.seed,
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
  progress.line(`[3/4] train: lr=${+params.lr.toPrecision(3)} filters=${params.filters} width=${params.width} dropout=${params.dropout}, up to ${p.epochs} epochs, 20% of the training split for validation`);
  const acc = await trainFinal(data, params, p, dirs.train, o.seed);
  progress.line(`      test accuracy ${pct(acc)} on ${data.test.y.shape[0] ?? 0} held-out images; model and history in ${dirs.train}  ${secs()}`);

  progress.line('[4/4] audit: every area on the held-out test split');
  const config = auditConfig(o.out, study, p, o.seed);
  writeAuditConfig(join(o.out, 'audit.json'), config);
  const model = join(dirs.train, 'model.onnx');
  const report = await runAudit({
    model, data: files.x, labels: files.y, test: files.tx, testLabels: files.ty, config,
    progress: (e) => { progress.line(`  ${progressLine(e).trimStart()}`); },
  });
  const written = writeAudit(report, dirs.audit);
  const count = (s: string): number => report.areas.filter((a) => a.status === s).length;
  process.stdout.write(
    `test accuracy ${pct(acc)} on ${data.test.y.shape[0] ?? 0} held-out ${o.dataset === 'digits' ? 'digits' : 'MNIST digits'}; ` +
      `audit gate ${report.passed ? 'passed' : 'failed'} (${count('pass')} pass, ${count('warn')} warn, ${count('fail')} fail, ${count('not judged')} not judged, ${count('n/a') + count('not run')} n/a) in ${secs()}\n` +
      `repeat the audit: keel audit --model ${model} --data ${files.x} --labels ${files.y} --test ${files.tx} --test-labels ${files.ty} --config ${join(o.out, 'audit.json')} --out ${dirs.audit}\n` +
      `browse runs, the study and the report: keel serve --root ${o.out} --storage sqlite:${join(o.out, 'tune.db')}\n` +
      `report: ${written.html}\n`,
  );
  return { testAccuracy: acc, params, report, reportHtml: written.html, reportJson: written.json };
}

function loadLine(d: DemoDataset): string {
  return d === 'digits' ? 'bundled scikit-learn digits' : 'bundled MNIST';
}
