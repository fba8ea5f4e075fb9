import { readFileSync } from 'node:fs';
import type { HostTensor } from '../../core/index.js';
import { encodeForModel, findClassNames, isTabularPath, type PreprocessorSpec } from '../../data/index.js';
import { readNpy, writeFileAtomic, writeNpy } from '../../io/index.js';
import { inferenceOnlyNote, isInferenceOnly, loadForInference } from '../../onnx/index.js';
import { cliNote } from '../report.js';
import { Session, sessionDefaults } from '../../runtime/index.js';
import { isTextModel, modelTokenizer, readTextInputs } from '../../text/index.js';
import { checkModelInput, classProbabilities, predictBatched } from '../../train/index.js';

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
  const loaded = await loadForInference(o.model);
  const { graph } = loaded;
  // Never worse than onnxruntime: a model Keel cannot represent still predicts, with one note.
  if (isInferenceOnly(loaded)) cliNote(inferenceOnlyNote(loaded.blocked));
  const input = graph.inputs[0]!;
  const text = o.text !== undefined || isTextModel(graph);
  const raw = text ? { x: (await readTextInputs(file, modelTokenizer(o.model, graph, o.tokenizer), { text: o.text })).x, pre: undefined } : isTabularPath(file) ? await rawCsvFeatures(file, o) : { x: readNpy(file), pre: undefined };
  const x = text ? raw.x : checkModelInput(raw.x, input, file);
  // onnxruntime runs the file's own bytes (with the settings its metadata asks for): exporting
  // the imported graph again would cost ~0.5 s on a 45 MB model before the first row.
  const session = await Session.fromBytes(readFileSync(o.model), sessionDefaults(graph));
  const out = await predictBatched(session, x, o.batchSize ?? 1024);
  await session.release();
  if (o.out === undefined || /\.csv$/i.test(o.out)) {
    const names = findClassNames(o.model);
    const pre = raw.pre ?? (names ? { classes: names } : undefined);
    const text = predictionsCsv(out, pre);
    if (o.out === undefined) {
      process.stdout.write(text);
      return;
    }
    writeFileAtomic(o.out, text);
  } else writeNpy(o.out, out);
  process.stdout.write(`wrote ${o.out} [${out.shape.join(', ')}]\n`);
}
