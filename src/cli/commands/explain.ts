import { join } from 'node:path';
import { Progress, UsageError, type HostTensor } from '../../core/index.js';
import { EXPLAINERS, ExplainModel, barChartSvg, beeswarmSvg, heatmapPng, rowsOf, summarize, type ExplainerName, type PermutationAttribution, type Target } from '../../explain/index.js';
import { Model } from '../../model/index.js';
import { say, snakeCaseKeys, writeJson } from '../output.js';
import { ensureFolder, readNpy, writeFileAtomic, writeNpy } from '../../io/index.js';
import { checkFeatures } from '../../train/index.js';
import { explainText } from './explain-text.js';
import { readModelInput } from './model-input.js';
import { takesText } from './text-model-input.js';

/** Options of `keel explain`. */
export interface ExplainOptions {
  readonly model: string;
  /** Input .npy (first axis = rows). */
  readonly data: string;
  readonly out: string;
  readonly method: ExplainerName;
  /** Class per row (.npy of integers) or one class index for every row. */
  readonly labels?: string;
  readonly baseline?: string;
  readonly steps?: number;
  readonly samples?: number;
  readonly seed?: number;
  readonly layer?: string;
  readonly png?: string;
  readonly json?: string;
  /** Text column of raw messages for a text model (default: the column it was trained on). */
  readonly text?: string;
  /** The text model's tokenizer.json (default: the one beside the model). */
  readonly tokenizer?: string;
  /** Text models: explain only the first N messages. */
  readonly rows?: number;
  /** Text models: the tokens highlighted by their scores as a self-contained HTML page. */
  readonly html?: string;
}

/**
 * `keel explain`: attributions for every row of an .npy input, written as .npy of the input's
 * shape, with optional pictures and a JSON summary; on a text model, per-token attributions of
 * raw messages as JSON (and HTML) by {@link explainText}.
 * @example `await explainCommand({ model: 'cnn.onnx', data: 'x.npy', labels: 'y.npy', method: 'gradient', out: 'a.npy' })`
 */
export async function explainCommand(o: ExplainOptions): Promise<void> {
  const loaded = await Model.load(o.model);
  if (takesText(loaded.graph, o.text)) return explainText(o, loaded);
  if (o.rows !== undefined || o.html !== undefined) throw new UsageError('CLI_OPTION', '--rows and --html are for text models (keel train --text); array inputs draw pictures with --png DIR', { flag: o.rows !== undefined ? '--rows' : '--html' });
  // Attribution methods evaluate the model on many perturbed or interpolated rows: show their count and rate.
  const progress = new Progress({ label: `explain (${o.method})`, unit: 'row' });
  const model = ExplainModel.fromModel(loaded, { onRows: (n) => { progress.tick(n); } });
  try {
    const input = await readModelInput(o.data, o.model);
    const x = checkFeatures(input.x, model.input, o.data);
    // A raw table explains each row's own class (its target column) unless --labels says otherwise.
    const target = o.labels === undefined ? input.labels : readTarget(o.labels);
    const baselines = o.baseline === undefined ? undefined : readNpy(o.baseline);
    const explainer = EXPLAINERS[o.method](model, { ...pick(o) });
    const result = await explainer.attribute(x, { ...(target === undefined ? {} : { target }), ...(baselines === undefined ? {} : { baselines }) });
    progress.done();
    writeNpy(o.out, result.attributions);
    const importances = 'importances' in result ? (result as PermutationAttribution).importances : undefined;
    if (o.json !== undefined) writeJson(o.json, snakeCaseKeys(summarize(explainer.name, result.attributions, { ...(result.delta ? { delta: result.delta } : {}), ...(importances ? { importances } : {}) })));
    if (o.png) writePictures(o.png, x, result.attributions);
    const delta = result.delta ? `, max convergence delta ${Math.max(...result.delta).toExponential(2)}` : '';
    say(o.json, `wrote ${o.out} [${result.attributions.shape.join(', ')}] (${explainer.name}${delta})`);
  } finally {
    await model.release();
  }
}

function pick(o: ExplainOptions): { steps?: number; samples?: number; seed?: number; layer?: string } {
  return { ...(o.steps === undefined ? {} : { steps: o.steps }), ...(o.samples === undefined ? {} : { samples: o.samples }), ...(o.seed === undefined ? {} : { seed: o.seed }), ...(o.layer === undefined ? {} : { layer: o.layer }) };
}

function readTarget(spec: string): Target {
  if (/^\d+$/.test(spec)) return Number(spec);
  const t: HostTensor = readNpy(spec);
  if (t.dtype === 'float32' || t.dtype === 'float64') {
    const ints = Array.from(t.data as Float32Array, Number);
    if (ints.some((v) => !Number.isInteger(v))) throw new UsageError('EXPLAIN_TARGET_DTYPE', `${spec}: targets must be integer class indices, got ${t.dtype} with fractional values`, { file: spec });
    return ints;
  }
  return t;
}

function writePictures(dir: string, x: HostTensor<'float32'>, a: HostTensor<'float32'>): void {
  ensureFolder(dir);
  if (x.shape.length >= 3) {
    for (let i = 0; i < Math.min(rowsOf(x), 100); i++) writeFileAtomic(join(dir, `row-${i}.png`), heatmapPng(x, a, i));
  } else {
    writeFileAtomic(join(dir, 'bars.svg'), barChartSvg(a));
    writeFileAtomic(join(dir, 'beeswarm.svg'), beeswarmSvg(a, x));
  }
}
