import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../../core/index.js';
import { writeFileAtomic } from '../../io/index.js';
import { crossEntropyLoss, modelFromSpec } from '../../nn/index.js';
import { exportModel } from '../../onnx/index.js';
import type { OptimizerName } from '../../optim/index.js';
import { AUGMENTATIONS, curvesSvg, diagnoseFit, EarlyStopping, fit, fitBaselines, HistoryLogger, LR_SCHEDULES, loadDataset, ProgressBar, TerminateOnNaN, type Callback } from '../../train/index.js';
import { autoRegularize, learningCurve } from './train-extras.js';

/** Options of `keel train --model` (saved as DIR/config.json for --resume). */
export interface TrainFitOptions {
  readonly data: string;
  readonly labels?: string;
  readonly target?: string;
  readonly model: string;
  readonly out: string;
  readonly resume?: string;
  readonly epochs: number;
  readonly batchSize: number;
  readonly optimizer: OptimizerName;
  readonly lr: number;
  readonly seed: number;
  readonly shuffle: boolean;
  readonly valSplit: number;
  readonly earlyStopping?: number;
  readonly schedule?: 'constant' | 'step' | 'cosine' | 'one_cycle';
  readonly augment?: string;
  readonly labelSmoothing?: number;
  readonly autoRegularize?: boolean;
  readonly learningCurve?: boolean;
}

const abs = (p: string | undefined): string | undefined => (p === undefined || p === 'mnist' || p === 'mnist-test' || ['mlp', 'cnn', 'linear'].includes(p) ? p : resolve(p));

function config(o: Partial<TrainFitOptions>): TrainFitOptions {
  if (o.resume !== undefined) {
    let saved: TrainFitOptions;
    try {
      saved = JSON.parse(readFileSync(join(o.resume, 'config.json'), 'utf8')) as TrainFitOptions;
    } catch (e) {
      throw new UsageError('RESUME_MISSING', `${o.resume}: no config.json of an earlier keel train --out run to resume`, { dir: o.resume }, { cause: e });
    }
    return { ...saved, out: o.resume };
  }
  if (!o.data || !o.out) throw new UsageError('CLI_OPTION', 'keel train needs --data and --out (or --init MODEL.onnx to fine-tune, or --resume DIR)', {});
  const cfg: TrainFitOptions = {
    data: abs(o.data)!,
    ...(o.labels !== undefined ? { labels: abs(o.labels)! } : {}),
    ...(o.target !== undefined ? { target: o.target } : {}),
    model: abs(o.model ?? 'mlp')!,
    out: o.out,
    epochs: o.epochs ?? 10,
    batchSize: o.batchSize ?? 64,
    optimizer: o.optimizer ?? 'adam',
    lr: o.lr ?? 1e-3,
    seed: o.seed ?? 0,
    shuffle: o.shuffle ?? true,
    valSplit: o.valSplit ?? 0.1,
    ...(o.earlyStopping !== undefined ? { earlyStopping: o.earlyStopping } : {}),
    ...(o.schedule !== undefined ? { schedule: o.schedule } : {}),
    ...(o.augment !== undefined ? { augment: o.augment } : {}),
    ...(o.labelSmoothing !== undefined ? { labelSmoothing: o.labelSmoothing } : {}),
    ...(o.autoRegularize ? { autoRegularize: true } : {}),
    ...(o.learningCurve ? { learningCurve: true } : {}),
  };
  if (!(cfg.valSplit < 1)) throw new UsageError('CLI_OPTION', `--val-split must be in (0, 1), got ${cfg.valSplit}`, {});
  for (const a of cfg.augment?.split(',') ?? []) if (!(a in AUGMENTATIONS)) throw new UsageError('CLI_OPTION', `--augment: unknown augmentation "${a}"; use ${Object.keys(AUGMENTATIONS).join(',')}`, {});
  mkdirSync(cfg.out, { recursive: true });
  writeFileAtomic(join(cfg.out, 'config.json'), new TextEncoder().encode(JSON.stringify(cfg, null, 2)));
  return cfg;
}

/**
 * `keel train --data ... --model ... --out DIR` (or `--resume DIR`): trains with a checkpoint per
 * epoch and writes model.onnx, history.json, diagnosis.json and curves.svg.
 */
export async function trainFitCommand(opts: Partial<TrainFitOptions>): Promise<void> {
  const o = config(opts);
  const { train, val } = loadDataset({ data: o.data, labels: o.labels, target: o.target }, o.valSplit, o.seed);
  const classes = train.classes.length;
  const model = modelFromSpec(o.model, { outputs: classes, seed: o.seed });
  const early = o.earlyStopping !== undefined ? new EarlyStopping({ patience: o.earlyStopping, restoreBestWeights: true }) : undefined;
  const callbacks: Callback[] = [new TerminateOnNaN(), ...(early ? [early] : []), new HistoryLogger(join(o.out, 'history.json')), new ProgressBar(process.stderr, Math.ceil((train.x.shape[0] ?? 0) / o.batchSize))];
  const loss = crossEntropyLoss(o.labelSmoothing !== undefined ? { labelSmoothing: o.labelSmoothing } : {});
  const common = {
    epochs: o.epochs,
    batchSize: o.batchSize,
    optimizer: o.optimizer,
    lr: o.lr,
    seed: o.seed,
    shuffle: o.shuffle,
    loss,
    ...(o.schedule && o.schedule !== 'constant' ? { schedule: LR_SCHEDULES[o.schedule]() } : {}),
    ...(o.augment ? { augment: o.augment.split(',').map((a) => AUGMENTATIONS[a as keyof typeof AUGMENTATIONS]()) } : {}),
    ...(val ? { validationData: val } : {}),
    source: { data: o.data, labels: o.labels ?? o.data },
  };
  const t0 = Date.now();
  const res = await fit(model, train.x, train.y, { ...common, callbacks, checkpointDir: o.out });
  const graph = model.graph({ inputShape: ['N', ...train.x.shape.slice(1)] });
  writeFileAtomic(join(o.out, 'model.onnx'), exportModel(graph));
  writeFileSync(join(o.out, 'history.json'), JSON.stringify(res.history, null, 2));
  writeFileSync(join(o.out, 'labels.json'), JSON.stringify(train.classes));
  if (train.preprocessor) writeFileSync(join(o.out, 'preprocess.json'), JSON.stringify(train.preprocessor, null, 2));
  writeFileSync(join(o.out, 'curves.svg'), curvesSvg(res.history));
  const base = await fitBaselines(train.x, train.y, { classes, seed: o.seed, epochs: 10, maxRows: 5000 });
  const diagnosis = diagnoseFit(res.history, base);
  writeFileSync(join(o.out, 'diagnosis.json'), JSON.stringify(diagnosis, null, 2));
  const last = res.history[res.history.length - 1];
  process.stdout.write(`trained ${res.history.length} epochs in ${((Date.now() - t0) / 1000).toFixed(1)}s${res.resumedFrom ? ` (resumed after epoch ${res.resumedFrom})` : ''}; val_accuracy ${last?.['val_accuracy']?.toFixed(4) ?? '–'}; verdict ${diagnosis.verdict}; wrote ${join(o.out, 'model.onnx')}\n`);
  if (o.learningCurve) await learningCurve(o, train, val, common);
  if (o.autoRegularize) await autoRegularize(o, train, val, common, diagnosis, res.history);
}
