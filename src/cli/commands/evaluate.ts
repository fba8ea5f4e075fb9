import { DataError, UsageError, type HostTensor } from '../../core/index.js';
import { loadOnnx } from '../../onnx/index.js';
import { Session } from '../../runtime/index.js';
import { isTextModel, labelIndices, modelTokenizer, readTextInputs } from '../../text/index.js';
import { encodeForModel, findClassNames, findPreprocessor, isTabularPath, loadDataset } from '../../data/index.js';
import { checkModelInput, classificationReport, predictBatched, type ClassificationReport } from '../../train/index.js';
import { say, snakeCaseKeys, writeJson } from '../output.js';

/** Options of `keel evaluate`. */
export interface EvaluateOptions {
  readonly model: string;
  readonly data: string;
  readonly labels?: string;
  readonly target?: string;
  readonly json?: string;
  /** Text column of raw messages for a text model (default: the column it was trained on). */
  readonly text?: string;
  /** The model's tokenizer.json (default: the one beside the model). */
  readonly tokenizer?: string;
}

/**
 * Scores a classifier on labelled data. A raw CSV is transformed with the `preprocess.json` saved
 * beside the model by `keel train`, so training-time standardization and encodings are reused.
 * @example `await evaluateCommand({ model: 'run/model.onnx', data: 'mnist-test', json: 'eval.json' })`
 */
export async function evaluateCommand(o: EvaluateOptions): Promise<ClassificationReport> {
  const { graph } = await loadOnnx(o.model);
  const input = graph.inputs[0]!;
  const pre = isTabularPath(o.data) ? findPreprocessor(o.model) : undefined;
  let x: HostTensor;
  let y: HostTensor;
  let classes: readonly string[] | undefined;
  if (o.text !== undefined || isTextModel(graph)) {
    classes = findClassNames(o.model);
    if (!classes) throw new UsageError('LABELS_MISSING', `${o.model}: evaluating a text model needs the class names (labels.json) that keel train wrote beside it`, { model: o.model });
    if (o.target === undefined) throw new UsageError('CLI_OPTION', `${o.data}: name the label column with --target COLUMN`, { file: o.data });
    const { x: ids, table } = await readTextInputs(o.data, modelTokenizer(o.model, graph, o.tokenizer), { text: o.text, target: o.target });
    x = ids;
    y = labelIndices(table, classes, o.target);
  } else if (pre) {
    const t = await encodeForModel(o.data, { model: o.model, target: o.target });
    const n = t.csv.rows.length;
    x = t.x;
    y = { dtype: 'int64', shape: [n], data: BigInt64Array.from(t.y, (v) => BigInt(v)) };
    classes = pre.classes;
  } else {
    const { train } = await loadDataset({ data: o.data, labels: o.labels, target: o.target, inputDtype: input.dtype === 'int64' ? 'int64' : undefined }, 0, 0);
    x = train.x;
    y = train.y;
    classes = findClassNames(o.model);
  }
  const xf = checkModelInput(x, input, o.data);
  const session = await Session.create(graph);
  const logits = await predictBatched(session, xf);
  await session.release();
  const width = logits.data.length / Math.max(1, logits.shape[0] ?? 1);
  for (let i = 0; i < (y.shape[0] ?? 0); i++) {
    const v = Number(y.data[i]);
    if (v >= Math.max(2, width)) throw new DataError('LABELS_RANGE', `${o.labels ?? o.data}: label ${v} at row ${i} is outside the model's ${width} classes`, { row: i, value: v });
  }
  const report = classificationReport(logits, y, classes);
  if (o.json !== undefined) writeJson(o.json, snakeCaseKeys(report));
  say(o.json, `accuracy ${(report.accuracy * 100).toFixed(2)}%  log loss ${report.logLoss.toFixed(4)}  ECE ${report.ece.toFixed(4)}  (${report.rows} rows)`);
  for (const c of report.perClass) say(o.json, `  ${c.class.padEnd(12)} precision ${c.precision.toFixed(3)}  recall ${c.recall.toFixed(3)}  f1 ${c.f1.toFixed(3)}  support ${c.support}`);
  return report;
}
