import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { camelCaseKeys, UsageError } from '../../core/index.js';
import type { Dim } from '../../ir/index.js';
import { ensureFolder, writeFileAtomic } from '../../io/index.js';
import { exportModel } from '../../onnx/index.js';
import type { OptimizerName } from '../../optim/index.js';
import { majorityShare } from './train-text.js';
import { assertClassSet, AUGMENTATIONS, crossValidate, curvesSvg, diagnoseFit, fit, fitBaselines } from '../../train/index.js';
import { loadDataset, saveModelSidecars, type DataSpec, type LoadedData } from '../../data/index.js';
import { snakeCaseKeys, writeJson } from '../output.js';
import { autoRegularize, learningCurve } from './train-extras.js';
import { buildTrainModel, checkInitData, inferenceGraph, inputDtypeOf, loadInit, modelClasses, type TrainModel } from './train-model.js';
import { bindTextModel, DEFAULT_TEXT_MODEL, loadTextTraining, textRecipeDefaults, type TrainTextOptions } from './train-text.js';
import { classWeightsOf, commonFitOptions, earlyStoppingOf, isRegression, outputsOf, sampleWeightsOf, trainCallbacks, type TrainLossName } from './train-setup.js';

/** Options of `keel train --model` (saved as DIR/config.json, keys in snake_case, for --resume; older camelCase files still read). */
export interface TrainFitOptions extends TrainTextOptions {
  readonly data: string;
  readonly labels?: string;
  readonly target?: string;
  readonly model: string;
  /** ONNX model to fine-tune instead of building `model`. */
  readonly init?: string;
  readonly out: string;
  readonly resume?: string;
  /** Start afresh in an `out` folder that holds a run with other settings (never saved in config.json). */
  readonly overwrite?: boolean;
  readonly epochs: number;
  readonly batchSize: number;
  readonly optimizer: OptimizerName;
  /** Weight decay of `optimizer` (default: its own). */
  readonly weightDecay?: number;
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
  readonly loss?: TrainLossName;
  /** `auto` or one weight per class, comma-separated. */
  readonly classWeights?: string;
  readonly sampleWeights?: string;
  readonly reduceLrOnPlateau?: number;
  readonly lrFactor?: number;
  readonly kFold?: number;
  readonly logCsv?: boolean;
  /** Monitored metric of DIR/best.onnx (ModelCheckpoint). */
  readonly saveBest?: string;
  readonly adversarial?: 'pgd' | 'trades';
  readonly eps?: number;
  readonly attackSteps?: number;
  /** Transfer learning (with `init`): cut the model at this node, or `auto` (before the last Gemm/MatMul). */
  readonly cutAt?: string;
  /** New layers on top of the cut: layer calls, a JSON spec file or an ONNX head. */
  readonly head?: string;
  /** Weights to keep fixed: comma-separated names, globs (`*` = the whole backbone) or `upto:NODE`. */
  readonly freeze?: string;
  /** Discriminative learning rates: each layer group below the top trains at this factor of the one above. */
  readonly lrDecay?: number;
  /** Gradual unfreezing: thaw one frozen layer group (top down) every N epochs. */
  readonly unfreezeEvery?: number;
  /** Linear learning-rate warmup over this many epochs. */
  readonly warmup?: number;
  /** Dropout of a built-in text model: the recipe's, recorded so that --resume keeps it (no flag). */
  readonly dropout?: number;
}

const OPTIONAL = ['earlyStopping', 'schedule', 'augment', 'labelSmoothing', 'loss', 'classWeights', 'reduceLrOnPlateau', 'lrFactor', 'kFold', 'saveBest', 'adversarial', 'eps', 'attackSteps', 'cutAt', 'freeze', 'lrDecay', 'unfreezeEvery', 'warmup', 'text', 'maxLength', 'vocabSize', 'weightDecay'] as const;

const BUILT_IN_MODELS = ['mlp', 'cnn', 'linear', 'textcnn', 'lstm', 'gru', 'transformer', 'wordpiece', 'word'];
const abs = (p: string | undefined): string | undefined => (p === undefined || p === 'mnist' || p === 'mnist-test' || BUILT_IN_MODELS.includes(p) ? p : resolve(p));

/**
 * The settings of a `keel train` run from its flags: the defaults (with `--text`, the model's text
 * recipe through `textRecipeDefaults`) under the flags given, checked and saved as DIR/config.json;
 * or, with `--resume DIR`, that run's saved settings.
 */
export function trainConfig(o: Partial<TrainFitOptions>): TrainFitOptions {
  if (o.resume !== undefined) {
    let saved: TrainFitOptions;
    try {
      saved = camelCaseKeys(JSON.parse(readFileSync(join(o.resume, 'config.json'), 'utf8'))) as TrainFitOptions;
    } catch (e) {
      throw new UsageError('RESUME_MISSING', `${o.resume}: no config.json of an earlier keel train --out run to resume`, { dir: o.resume }, { cause: e });
    }
    return { ...saved, out: o.resume };
  }
  if (!o.data || !o.out) throw new UsageError('CLI_OPTION', `keel train${o.init !== undefined ? ' --init' : ''} needs --data and --out (or --resume DIR)`, { flag: o.data ? '--out' : '--data' });
  if (o.init !== undefined && o.model !== undefined) throw new UsageError('CLI_OPTION', '--init fine-tunes an existing model; drop --model', { flag: '--init' });
  if (o.init !== undefined && o.autoRegularize) throw new UsageError('CLI_OPTION', '--auto-regularize rebuilds a --model spec with L2 and dropout; it does not apply to an imported --init model', { flag: '--auto-regularize' });
  const cfg: TrainFitOptions = {
    data: abs(o.data)!,
    ...(o.labels !== undefined ? { labels: abs(o.labels)! } : {}),
    ...(o.target !== undefined ? { target: o.target } : {}),
    model: abs(o.model ?? (o.text !== undefined ? DEFAULT_TEXT_MODEL : 'mlp'))!,
    ...(o.tokenizer !== undefined ? { tokenizer: abs(o.tokenizer)! } : {}),
    ...(o.embeddings !== undefined ? { embeddings: resolve(o.embeddings) } : {}),
    ...(o.init !== undefined ? { init: resolve(o.init) } : {}),
    ...(o.head !== undefined ? { head: /\.(onnx|json)$/i.test(o.head) ? resolve(o.head) : o.head } : {}),
    out: o.out,
    epochs: o.epochs ?? 10,
    batchSize: o.batchSize ?? 64,
    optimizer: o.optimizer ?? 'adam',
    lr: o.lr ?? 1e-3,
    seed: o.seed ?? 0,
    shuffle: o.shuffle ?? true,
    valSplit: o.valSplit ?? 0.1,
    ...(o.text !== undefined ? textRecipeDefaults(o) : {}),
    ...Object.fromEntries(OPTIONAL.flatMap((k) => (o[k] !== undefined ? [[k, o[k]]] : []))),
    ...(o.sampleWeights !== undefined ? { sampleWeights: resolve(o.sampleWeights) } : {}),
    ...(o.autoRegularize ? { autoRegularize: true } : {}),
    ...(o.learningCurve ? { learningCurve: true } : {}),
    ...(o.logCsv ? { logCsv: true } : {}),
  };
  if (cfg.text !== undefined && (cfg.kFold !== undefined || cfg.autoRegularize === true)) throw new UsageError('CLI_OPTION', '--k-fold and --auto-regularize are not available with --text yet; drop them (--learning-curve works)', { flag: '--text' });
  if (cfg.adversarial !== undefined && cfg.eps === undefined) throw new UsageError('CLI_OPTION', '--adversarial needs --eps (the L∞ radius, in input units)', { flag: '--adversarial' });
  if (cfg.adversarial !== undefined && (cfg.loss ?? 'cross-entropy') !== 'cross-entropy') throw new UsageError('CLI_OPTION', `--adversarial trains on softmax cross-entropy; drop --loss ${cfg.loss ?? ''}`, { flag: '--adversarial' });
  if (cfg.eps !== undefined && cfg.adversarial === undefined) throw new UsageError('CLI_OPTION', '--eps only applies with --adversarial pgd|trades', { flag: '--eps' });
  if (isRegression(cfg) && (cfg.classWeights !== undefined || cfg.labelSmoothing !== undefined)) throw new UsageError('CLI_OPTION', `--class-weights and --label-smoothing are for classification, not --loss ${cfg.loss ?? ''}`, { flag: '--class-weights' });
  if (!(cfg.valSplit < 1)) throw new UsageError('CLI_OPTION', `--val-split must be in [0, 1), got ${cfg.valSplit}`, { flag: '--val-split', value: cfg.valSplit });
  for (const a of cfg.augment?.split(',') ?? []) if (!(a in AUGMENTATIONS)) throw new UsageError('CLI_OPTION', `--augment: unknown augmentation "${a}"; use ${Object.keys(AUGMENTATIONS).join(',')}`, { flag: '--augment', value: a });
  refuseOtherRun(cfg, o.overwrite === true);
  ensureFolder(cfg.out);
  writeFileAtomic(join(cfg.out, 'config.json'), new TextEncoder().encode(JSON.stringify(snakeCaseKeys(cfg), null, 2)));
  return cfg;
}

/**
 * An `--out` folder that already holds a run (its config.json and a checkpoint or model) continues only when the settings
 * are the same (an interrupted run started again); other settings are refused
 * (`TRAIN_OUT_EXISTS`), unless `overwrite`, which drops the old checkpoint so the run starts afresh.
 */
function refuseOtherRun(cfg: TrainFitOptions, overwrite: boolean): void {
  const file = join(cfg.out, 'config.json');
  // A run that stopped before its first epoch (bad data, a typo) left nothing to continue.
  if (!existsSync(file) || !['checkpoint.bin', 'model.onnx'].some((f) => existsSync(join(cfg.out, f)))) return;
  if (overwrite) {
    rmSync(join(cfg.out, 'checkpoint.bin'), { force: true });
    return;
  }
  let saved: Record<string, unknown> = {};
  try {
    saved = camelCaseKeys(JSON.parse(readFileSync(file, 'utf8'))) as Record<string, unknown>;
  } catch {
    // An unreadable config.json is another run's too.
  }
  const now = cfg as unknown as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(saved), ...Object.keys(now)])].filter((k) => k !== 'out' && JSON.stringify(saved[k]) !== JSON.stringify(now[k]));
  if (keys.length === 0) return;
  const changed = keys.map((k) => `${k} ${JSON.stringify(saved[k]) ?? 'unset'} → ${JSON.stringify(now[k]) ?? 'unset'}`);
  throw new UsageError('TRAIN_OUT_EXISTS', `${cfg.out} holds a keel train run with other settings (${changed.join(', ')}); pass --resume ${cfg.out} to continue it, --overwrite to start afresh, or another --out`, { dir: cfg.out, changed: keys });
}

/**
 * `keel train --data ... --model ... --out DIR` (or `--resume DIR`): trains with a checkpoint per
 * epoch and writes model.onnx, history.json, diagnosis.json and curves.svg (plus cv.json,
 * learning-curve.json, auto-regularize.json, history.csv and best.onnx when asked for).
 */
export async function trainFitCommand(opts: Partial<TrainFitOptions>): Promise<void> {
  const o = trainConfig(opts);
  const regression = isRegression(o);
  const init = o.init !== undefined ? await loadInit(o.init) : undefined;
  const spec = { data: o.data, labels: o.labels, target: o.target, task: regression ? ('regression' as const) : ('classification' as const), classes: modelClasses(o, init), inputDtype: init?.inputs[0]!.dtype === 'int64' ? ('int64' as const) : undefined };
  const loaded: LoadedData = o.text !== undefined ? await loadTextTraining(o, opts.resume !== undefined) : await loadDataset(spec, o.valSplit, o.seed);
  const { train, val, rows } = loaded;
  checkInitData(init, o, [train, val]);
  // A new model's classes come from the labels, so they must all be there; a fine-tuned model
  // declares its own (labels must fit them). Either way one class alone is refused.
  if (!regression) assertClassSet([{ y: train.y, rows: rows.train }, ...(val ? [{ y: val.y, rows: rows.val }] : [])], { file: o.labels ?? o.data, names: train.classes, declared: modelClasses(o, init) });
  const outputs = outputsOf(o, train);
  const inputShape = ['N', ...train.x.shape.slice(1)];
  // A text model is saved for any message length (padding is masked), trained at the data's width.
  const savedShape = o.text !== undefined ? ['N', 'T'] : inputShape;
  const built = await buildTrainModel(o, outputs, inputShape, init);
  const total = rows.train.length + rows.val.length;
  const weights = { classWeights: regression ? undefined : classWeightsOf(o.classWeights, train), sampleWeights: sampleWeightsOf(o.sampleWeights, total, rows.train) };
  const common = { ...commonFitOptions(o, train, val, weights), ...built.fit };
  if (o.kFold !== undefined && opts.resume === undefined) await kFold(o, spec, outputs, weights.classWeights, built.fit, inputShape);
  const { callbacks } = trainCallbacks(o, train.x.shape[0] ?? 0);
  const t0 = Date.now();
  const res = await fit(built.model, train.x, train.y, { ...common, callbacks: [...built.callbacks, ...callbacks], checkpointDir: o.out });
  const graph = inferenceGraph(built.model, savedShape, inputDtypeOf(o));
  bindTextModel(graph, o);
  writeFileAtomic(join(o.out, 'model.onnx'), exportModel(graph));
  writeFileAtomic(join(o.out, 'history.json'), JSON.stringify(res.history, null, 2));
  saveModelSidecars(o.out, { classes: train.classes, preprocessor: train.preprocessor?.with({ task: regression ? 'regression' : 'classification', loss: o.loss ?? 'cross-entropy' }) });
  writeFileAtomic(join(o.out, 'curves.svg'), curvesSvg(res.history));
  const base = regression ? {} : train.x.dtype === 'int64' ? { majority: majorityShare(train.y) } : await fitBaselines(train.x, train.y, { classes: train.classes.length, seed: o.seed, epochs: 10, maxRows: 5000 });
  const diagnosis = diagnoseFit(res.history, base);
  writeJson(join(o.out, 'diagnosis.json'), snakeCaseKeys(diagnosis));
  const last = res.history[res.history.length - 1];
  const metric = regression ? `val_mae ${last?.['val_mae']?.toFixed(4) ?? '–'}` : `val_accuracy ${last?.['val_accuracy']?.toFixed(4) ?? '–'}`;
  process.stdout.write(`trained ${res.history.length} epochs in ${((Date.now() - t0) / 1000).toFixed(1)}s${res.resumedFrom ? ` (resumed after epoch ${res.resumedFrom})` : ''}; ${metric}; verdict ${diagnosis.verdict}; wrote ${join(o.out, 'model.onnx')}\n`);
  if (o.learningCurve) await learningCurve(o, train, common, outputs);
  if (o.autoRegularize) await autoRegularize(o, train, common, diagnosis, res.history, outputs);
}

/** `--k-fold K`: K-fold cross-validation on all rows (the validation split included); writes cv.json. */
async function kFold(o: TrainFitOptions, spec: DataSpec, outputs: number, classWeights: number[] | undefined, transfer: TrainModel['fit'], inputShape: readonly Dim[]): Promise<void> {
  const all = await loadDataset(spec, 0, o.seed);
  const k = o.kFold ?? 5;
  const sampleWeights = sampleWeightsOf(o.sampleWeights, all.rows.train.length, all.rows.train);
  const common = { ...commonFitOptions(o, all.train, undefined, { classWeights, sampleWeights }), ...transfer };
  const early = earlyStoppingOf(o);
  const callbacks = early ? [early] : [];
  const cv = await crossValidate(async () => (await buildTrainModel(o, outputs, inputShape)).model, all.train.x, all.train.y, { ...common, k, callbacks });
  const metrics = Object.keys(cv.mean).filter((m) => m.startsWith('val_'));
  const summary = Object.fromEntries(metrics.map((m) => [m, `${cv.mean[m]!.toFixed(4)} ± ${cv.std[m]!.toFixed(4)}`]));
  writeFileAtomic(join(o.out, 'cv.json'), JSON.stringify({ k, rows: all.rows.train.length, folds: cv.folds.map((f, i) => ({ fold: i + 1, ...f })), mean: cv.mean, std: cv.std, summary }, null, 2));
  process.stdout.write(`${k}-fold cross-validation: ${Object.entries(summary).map(([m, v]) => `${m} ${v}`).join(', ')}\n`);
}
