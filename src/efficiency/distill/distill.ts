import { GraphError, UsageError, type HostTensor } from '../../core/index.js';
import type { Graph } from '../../ir/index.js';
import { Model } from '../../model/index.js';
import { accuracy } from '../../train/index.js';
import { predictAll } from '../common/evaluate-models.js';
import { trainGraph, type TrainOptions } from '../common/train-graph.js';
import { countCosts } from '../profile/index.js';
import { distillationLoss } from './distill-loss.js';

/** Options for {@link distill}. */
export interface DistillOptions extends Omit<TrainOptions, 'objective' | 'target' | 'frozen'> {
  readonly alpha?: number;
  readonly temperature?: number;
  readonly evaluation?: { readonly x: HostTensor; readonly y: HostTensor };
}

/** What {@link distill} reports. */
export interface DistillReport {
  readonly teacherParameters: number;
  readonly studentParameters: number;
  /** studentParameters / teacherParameters. */
  readonly parameterRatio: number;
  readonly losses: readonly number[];
  readonly teacherAccuracy?: number;
  readonly studentAccuracy?: number;
}

/** Packs teacher logits [N, C] and labels [N] into float32 [N, C+1] targets. */
export function packTeacherTargets(logits: HostTensor, y: HostTensor): HostTensor<'float32'> {
  const n = logits.shape[0]!;
  const c = logits.shape[1]!;
  const out = new Float32Array(n * (c + 1));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < c; j++) out[i * (c + 1) + j] = Number(logits.data[i * c + j]);
    out[i * (c + 1) + c] = Number(y.data[i]);
  }
  return { dtype: 'float32', shape: [n, c + 1], data: out };
}

/**
 * Knowledge distillation: trains `student` (in place) on the teacher's soft targets plus the
 * labels with Keel's training loop (TrainStep's objective hook), loss
 * α·T²·KL(softmax(teacher/T) ‖ softmax(student/T)) + (1−α)·CE. Teacher and student are
 * {@link Model}s (or graphs); a student `Model` predicts with its new weights afterwards.
 *
 * @example
 * ```ts
 * const teacher = await Model.load('teacher.onnx');
 * const student = Model.fromNetwork(new Sequential([flatten(), dense(10)], { seed: 0 }), { inputShape: ['N', 1, 28, 28] });
 * const report = await distill(teacher, student, x, y, { epochs: 3, temperature: 4, alpha: 0.7 });
 * await student.save('student.onnx');
 * ```
 */
export async function distill(teacherModel: Model | Graph, studentModel: Model | Graph, x: HostTensor, y: HostTensor, o: DistillOptions): Promise<DistillReport> {
  const teacher = teacherModel instanceof Model ? teacherModel.graph : teacherModel;
  const student = studentModel instanceof Model ? studentModel.graph : studentModel;
  const tOut = teacher.outputs[0];
  const sOut = student.outputs[0];
  const c = tOut?.shape[1];
  if (!tOut || !sOut || tOut.rank !== 2 || typeof c !== 'number') throw new GraphError('DISTILL_MODEL', `the teacher must output logits [N, C] with a fixed number of classes, got ${tOut === undefined ? 'no output' : `[${tOut.shape.join(', ')}]`}${sOut === undefined ? ' (and the student has no output)' : ''}; distill from a classifier`, { shape: tOut?.shape ?? null });
  if (sOut.rank !== 2 || sOut.shape[1] !== c) throw new UsageError('DISTILL_CLASSES', `the student outputs ${String(sOut.shape[1])} classes, the teacher ${c}; build the student with ${c} outputs`, { teacher: c, student: sOut.shape[1] });
  const alpha = o.alpha ?? 0.5;
  const temperature = o.temperature ?? 4;
  if (!(alpha >= 0 && alpha <= 1) || !(temperature > 0)) throw new UsageError('DISTILL_OPTION', `alpha must be in [0, 1] and temperature > 0, got alpha ${alpha}, temperature ${temperature}`, { alpha, temperature });
  const targets = packTeacherTargets(await predictAll(teacher, x, o.session ?? {}), y);
  const losses = await trainGraph(student, x, targets, {
    ...o,
    target: { dtype: 'float32', shape: ['N', c + 1] },
    objective: (ctx) => distillationLoss(ctx.b, ctx.forward(ctx.x), ctx.y, { alpha, temperature, classes: c }),
  });
  // A student Model compiled before training would otherwise keep predicting with its old weights.
  if (studentModel instanceof Model) await studentModel.release();
  const params = (g: Graph): number => countCosts(g).reduce((s, n) => s + n.parameters, 0);
  const teacherParameters = params(teacher);
  const studentParameters = params(student);
  const report: DistillReport = { teacherParameters, studentParameters, parameterRatio: studentParameters / teacherParameters, losses };
  if (!o.evaluation) return report;
  const ev = o.evaluation;
  return {
    ...report,
    teacherAccuracy: accuracy(await predictAll(teacher, ev.x, o.session ?? {}), ev.y),
    studentAccuracy: accuracy(await predictAll(student, ev.x, o.session ?? {}), ev.y),
  };
}
