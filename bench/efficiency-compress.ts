// MNIST: distillation (student ≤ 1/10 of the teacher's parameters), 80% magnitude pruning and
// 50% channel pruning (layers really shrunk), each with fine-tuning.
// TEACHER_ONNX=path loads an already trained teacher (same recipe) instead of training it here.
import { loadMnist } from '../src/datasets/index.js';
import { ChannelPruner, distill, MagnitudePruner, predictAll, pruneModel, trainGraph } from '../src/efficiency/index.js';
import { conv2d, dense, flatten, maxPool2d, Sequential } from '../src/nn/index.js';
import { loadOnnx } from '../src/onnx/index.js';
import { accuracy } from '../src/train/index.js';
import { report } from './harness.js';

const trainRows = Number(process.env['TRAIN_ROWS'] ?? 12000);
const epochs = Number(process.env['EPOCHS'] ?? 2);
const studentEpochs = Number(process.env['STUDENT_EPOCHS'] ?? 6);
const m = loadMnist({ shape: 'image', trainLimit: trainRows });
const shape = { inputShape: ['N', 1, 28, 28] as (string | number)[] };
const log = (what: string) => (e: number, l: number): void => void process.stdout.write(`${what} epoch ${e}: loss ${l.toFixed(4)}\n`);
const teacherFile = process.env['TEACHER_ONNX'];
const teacher = teacherFile
  ? (await loadOnnx(teacherFile)).graph
  : new Sequential([conv2d(32, 3, { padding: 'same', activation: 'relu' }), maxPool2d(2), conv2d(64, 3, { padding: 'same', activation: 'relu' }), maxPool2d(2), flatten(), dense(128, { activation: 'relu' }), dense(10)], { seed: 1 }).graph(shape);
if (!teacherFile) await trainGraph(teacher, m.train.x, m.train.y, { epochs, lr: 1e-3, batchSize: 64, onEpoch: log('teacher') });
// A small CNN student (20 490 parameters, 4.9% of the teacher): 16 and 32 channels, no hidden dense layer.
const studentLayers = () => [conv2d(16, 3, { padding: 'same', activation: 'relu' }), maxPool2d(2), conv2d(32, 3, { padding: 'same', activation: 'relu' }), maxPool2d(2), flatten(), dense(10)];
const student = new Sequential(studentLayers(), { seed: 2 }).graph(shape);
let t0 = performance.now();
const d = await distill(teacher, student, m.train.x, m.train.y, { epochs: studentEpochs, lr: 2e-3, batchSize: 64, alpha: 0.7, temperature: 4, evaluation: { x: m.test.x, y: m.test.y }, onEpoch: log('student (distilled)') });
const distillS = (performance.now() - t0) / 1000;
// The same student trained on labels alone, for reference.
const plain = new Sequential(studentLayers(), { seed: 2 }).graph(shape);
await trainGraph(plain, m.train.x, m.train.y, { epochs: studentEpochs, lr: 2e-3, batchSize: 64, onEpoch: log('student (labels only)') });
const plainAcc = accuracy(await predictAll(plain, m.test.x), m.test.y);
const p = await pruneModel(teacher, { pruner: new MagnitudePruner(), sparsity: 0.8, fineTune: { x: m.train.x, y: m.train.y, options: { epochs: 1, lr: 5e-4, batchSize: 64, onEpoch: log('magnitude-pruned fine-tune') } }, evaluation: { x: m.test.x, y: m.test.y } });
t0 = performance.now();
const c = await pruneModel(teacher, { pruner: new ChannelPruner(), sparsity: 0.5, fineTune: { x: m.train.x, y: m.train.y, options: { epochs: 2, lr: 1e-3, batchSize: 64, onEpoch: log('channel-pruned fine-tune') } }, evaluation: { x: m.test.x, y: m.test.y } });
const channelS = (performance.now() - t0) / 1000;
const cs = c.report.structure!;
const pc = (v: number | undefined): string => `${(100 * (v ?? NaN)).toFixed(2)}%`;
report('efficiency-compress', [
  { workload: 'mnist teacher CNN', engine: 'fp32', note: `${d.teacherParameters} params, acc ${pc(d.teacherAccuracy)}` },
  { workload: 'mnist student CNN (distilled)', engine: 'fp32', note: `${d.studentParameters} params (${(100 * d.parameterRatio).toFixed(1)}%), acc ${pc(d.studentAccuracy)}` },
  { workload: 'mnist student CNN (labels only)', engine: 'fp32', note: `acc ${pc(plainAcc)}` },
  { workload: 'teacher, 80% magnitude pruned', engine: 'fp32', note: `sparsity ${pc(p.report.sparsity)}, acc ${pc(p.report.afterPruning?.accuracyAfter)} before / ${pc(p.report.afterFineTuning?.accuracyAfter)} after fine-tuning` },
  { workload: 'teacher, 50% channels removed', engine: 'fp32', note: `${cs.parametersAfter} params, ${(cs.flopsAfter / 1e6).toFixed(2)} MFLOPs (from ${(cs.flopsBefore / 1e6).toFixed(2)}), acc ${pc(c.report.afterPruning?.accuracyAfter)} before / ${pc(c.report.afterFineTuning?.accuracyAfter)} after fine-tuning` },
], {
  teacher_source: teacherFile ? `loaded ${teacherFile} (trained with the recipe above)` : 'trained here',
  teacher_accuracy: 100 * d.teacherAccuracy!, student_accuracy: 100 * d.studentAccuracy!, student_labels_only_accuracy: 100 * plainAcc,
  student_drop_points: 100 * (d.teacherAccuracy! - d.studentAccuracy!), student_parameters: d.studentParameters, teacher_parameters: d.teacherParameters, parameter_ratio: d.parameterRatio,
  student_epochs: studentEpochs, distill_alpha: 0.7, distill_temperature: 4, distill_seconds: distillS,
  pruned_sparsity: p.report.sparsity, pruned_accuracy_before_finetune: 100 * p.report.afterPruning!.accuracyAfter!, pruned_accuracy_after_finetune: 100 * p.report.afterFineTuning!.accuracyAfter!,
  pruned_drop_points: p.report.afterFineTuning!.accuracyDropPoints!,
  channel_removed: cs.removed, channel_kept: cs.kept, channel_parameters: [cs.parametersBefore, cs.parametersAfter], channel_flops_per_sample: [cs.flopsBefore, cs.flopsAfter], channel_bytes: [cs.bytesBefore, cs.bytesAfter],
  channel_accuracy_before_finetune: 100 * c.report.afterPruning!.accuracyAfter!, channel_accuracy_after_finetune: 100 * c.report.afterFineTuning!.accuracyAfter!,
  channel_drop_points: c.report.afterFineTuning!.accuracyDropPoints!, channel_finetune_epochs: 2, channel_seconds: channelS,
  train_rows: trainRows, epochs,
});
