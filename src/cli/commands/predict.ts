import { DataError, type HostTensor } from '../../core/index.js';
import type { PreprocessorSpec } from '../../data/index.js';
import { mayBlockGradients, readFileBytes, readNpy, readOnnxInterface, writeFileAtomic, writeNpy } from '../../io/index.js';
import { dtypeFromOnnx } from '../../ir/index.js';
import { Session, checkModelInput, classProbabilities, isTextModel, predictBatched, sessionDefaults, type ModelInputSpec } from '../../session/index.js';
import { cliNote } from '../report.js';

/** Options of `keel predict`. */
export interface PredictOptions {
  readonly model: string;
  /** Features as .npy (rows on the first axis), or a raw CSV transformed with the model's preprocess.json. */
  readonly data: string;
  /** Training-time preprocessing (default: preprocess.json beside the model). */
  readonly preprocess?: string;
  /** .npy (raw model outputs) or .csv (predicted class and probabilities, or values); default CSV on stdout. */
  readonly out?: string;
  readonly batchSize?: number;
  /** Text column of raw messages for a text model (default: the column it was trained on). */
  readonly text?: string;
  /** The model's tokenizer.json (default: the one beside the model). */
  readonly tokenizer?: string;
}

/** Features of a raw CSV, encoded with the training-time preprocessing beside the model (or `o.preprocess`). */
export async function rawCsvFeatures(file: string, o: Pick<PredictOptions, 'model' | 'preprocess'>): Promise<{ x: HostTensor; pre: PreprocessorSpec }> {
  const { encodeForModel } = await import('../../data/index.js');
  const rows = await encodeForModel(file, { model: o.model, preprocess: o.preprocess, requireTarget: false, unseen: 'error' });
  return { x: rows.x, pre: rows.preprocessor.spec };
}

const cell = (v: number): string => String(Math.round(v * 1e6) / 1e6);
const quote = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** Predictions as CSV: class and per-class probabilities (classifiers), or the predicted values. */
export function predictionsCsv(out: HostTensor, pre: Pick<PreprocessorSpec, 'classes' | 'task'> | undefined): string {
  const n = out.shape[0] ?? 0;
  const w = out.data.length / Math.max(1, n);
  const s = out.data as Float32Array;
  const classes = pre && pre.task !== 'regression' && pre.classes.length > 0 ? pre.classes : undefined;
  const lines: string[] = [];
  if (!classes) {
    lines.push(w === 1 ? 'prediction' : Array.from({ length: w }, (_, j) => `prediction_${j}`).join(','));
    for (let i = 0; i < n; i++) lines.push(Array.from(s.subarray(i * w, (i + 1) * w), cell).join(','));
    return lines.join('\n') + '\n';
  }
  lines.push(['prediction', ...classes.map((c) => quote(`p_${c}`))].join(','));
  for (let i = 0; i < n; i++) {
    const p = classProbabilities(s.subarray(i * w, (i + 1) * w));
    const k = p.indexOf(Math.max(...p));
    lines.push([quote(classes[k] ?? String(k)), ...p.map(cell)].join(','));
  }
  return lines.join('\n') + '\n';
}

/**
 * `keel predict`: model output for every row of an .npy input or of a raw CSV (standardization and
 * one-hot encodings fitted at training time are applied from preprocess.json; unseen categories and
 * missing columns are typed errors). Writes raw outputs as .npy, or predictions as CSV.
 * @example `await predictCommand({ model: 'run/model.onnx', data: 'new-rows.csv', out: 'preds.csv' })`
 */
export async function predictCommand(o: PredictOptions): Promise<void> {
  const file = o.data;
  // onnxruntime runs the file's own bytes (with the settings its metadata asks for); Keel reads
  // only the file's interface. Importing the graph (and loading onnx-proto, the ops and the
  // exporter) would cost more than predicting on a small batch. Text, tabular and CSV-output
  // code loads only when the input or output needs it.
  const bytes = readFileBytes(o.model);
  const model = readOnnxInterface(bytes, o.model);
  // Only when an op may be outside Keel's is the graph imported, to say once which one blocks
  // gradients (as profile, attack and audit do); the model runs from its own bytes either way.
  if (mayBlockGradients(model)) {
    const { gradientBlocker, inferenceOnlyNote } = await import('../../onnx/index.js');
    const blocked = gradientBlocker(bytes, o.model);
    if (blocked) cliNote(inferenceOnlyNote(blocked));
  }
  const declared = model.inputs[0];
  if (!declared) throw new DataError('ONNX_PARSE', `${o.model} declares no graph input (corrupt, truncated or not an ONNX model)`, { file: o.model });
  const input: ModelInputSpec = { name: declared.name, shape: [...declared.dims], dtype: dtypeFromOnnx(declared.elemType) ?? 'float32' };
  const text = o.text !== undefined || isTextModel(model);
  let pre: PreprocessorSpec | undefined;
  let x: HostTensor;
  if (text) {
    const { modelTokenizer, readTextInputs } = await import('../../text/index.js');
    x = (await readTextInputs(file, modelTokenizer(o.model, model, o.tokenizer), { text: o.text })).x;
  } else if (/\.npy$/i.test(file)) x = checkModelInput(readNpy(file), input, file);
  else {
    const { isTabularPath } = await import('../../data/index.js');
    const raw = isTabularPath(file) ? await rawCsvFeatures(file, o) : { x: readNpy(file), pre: undefined };
    pre = raw.pre;
    x = checkModelInput(raw.x, input, file);
  }
  const session = await Session.fromBytes(bytes, sessionDefaults(model));
  const out = await predictBatched(session, x, o.batchSize ?? 1024);
  await session.release();
  if (o.out === undefined || /\.csv$/i.test(o.out)) {
    const { findClassNames } = await import('../../data/index.js');
    const names = pre ? undefined : findClassNames(o.model);
    const text = predictionsCsv(out, pre ?? (names ? { classes: names } : undefined));
    if (o.out === undefined) {
      process.stdout.write(text);
      return;
    }
    writeFileAtomic(o.out, text);
  } else writeNpy(o.out, out);
  process.stdout.write(`wrote ${o.out} [${out.shape.join(', ')}]\n`);
}
