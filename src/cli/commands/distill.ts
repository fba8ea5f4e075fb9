import { distill, type DistillReport } from '../../efficiency/index.js';
import { writeFileAtomic } from '../../io/index.js';
import { exportModel, loadOnnx } from '../../onnx/index.js';
import { UsageError } from '../../core/index.js';
import { pct, readRows, type NpyTrainingOptions } from './efficiency-io.js';
import { snakeCaseKeys, writeJson } from '../output.js';

/** Options of `keel distill`. */
export interface DistillCommandOptions extends NpyTrainingOptions {
  readonly teacher: string;
  readonly student: string;
  readonly out: string;
  /** Training rows .npy. */
  readonly data: string;
  /** Training labels .npy. */
  readonly labels: string;
  readonly alpha: number;
  readonly temperature: number;
}

/**
 * `keel distill`: trains the student ONNX model on the teacher's soft targets and the labels.
 * @example `await distillCommand({ teacher: 't.onnx', student: 's.onnx', out: 'd.onnx', data: 'x.npy', labels: 'y.npy', alpha: 0.5, temperature: 4, epochs: 2, lr: 1e-3, batchSize: 64 })`
 */
export async function distillCommand(o: DistillCommandOptions): Promise<DistillReport> {
  const { graph: teacher } = await loadOnnx(o.teacher);
  const { graph: student } = await loadOnnx(o.student);
  const train = readRows(teacher.inputs[0]!, o.data, o.labels);
  if (o.evalData && !o.evalLabels) throw new UsageError('CLI_OPTION', '--eval-data needs --eval-labels (labels) to compare accuracies', { flag: '--eval-data' });
  const ev = o.evalData ? readRows(teacher.inputs[0]!, o.evalData, o.evalLabels) : undefined;
  const report = await distill(teacher, student, train.x, train.y!, {
    epochs: o.epochs, lr: o.lr, batchSize: o.batchSize, alpha: o.alpha, temperature: o.temperature,
    ...(ev?.y ? { evaluation: { x: ev.x, y: ev.y } } : {}),
  });
  writeFileAtomic(o.out, exportModel(student));
  const out = o.json === '-' ? process.stderr : process.stdout;
  out.write(`wrote ${o.out}: student ${report.studentParameters} parameters = ${(100 * report.parameterRatio).toFixed(1)}% of the teacher's ${report.teacherParameters}\n`);
  out.write(`loss per epoch: ${report.losses.map((l) => l.toFixed(4)).join(', ')}\n`);
  if (report.studentAccuracy !== undefined) out.write(`accuracy: teacher ${pct(report.teacherAccuracy)}, student ${pct(report.studentAccuracy)}\n`);
  if (o.json !== undefined) writeJson(o.json, snakeCaseKeys(report));
  return report;
}
