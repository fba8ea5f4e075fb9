// MNIST: distillation (student ≤ 1/10 of the teacher's parameters) and 80% magnitude pruning with fine-tuning.
import { loadMnist } from '../src/datasets/index.js';
import { distill, MagnitudePruner, pruneModel, trainGraph } from '../src/efficiency/index.js';
import { conv2d, dense, flatten, maxPool2d, Sequential } from '../src/nn/index.js';
import { report } from './harness.js';

const trainRows = Number(process.env['TRAIN_ROWS'] ?? 12000);
const epochs = Number(process.env['EPOCHS'] ?? 2);
const m = loadMnist({ shape: 'image', trainLimit: trainRows });
const shape = { inputShape: ['N', 1, 28, 28] as (string | number)[] };
const teacher = new Sequential([conv2d(32, 3, { padding: 'same', activation: 'relu' }), maxPool2d(2), conv2d(64, 3, { padding: 'same', activation: 'relu' }), maxPool2d(2), flatten(), dense(128, { activation: 'relu' }), dense(10)], { seed: 1 }).graph(shape);
const log = (what: string) => (e: number, l: number): void => void process.stdout.write(`${what} epoch ${e}: loss ${l.toFixed(4)}\n`);
await trainGraph(teacher, m.train.x, m.train.y, { epochs, lr: 1e-3, batchSize: 64, onEpoch: log('teacher') });
const studentLayers = () => [conv2d(8, 3, { padding: 'same', activation: 'relu' }), maxPool2d(2), conv2d(16, 3, { padding: 'same', activation: 'relu' }), maxPool2d(2), flatten(), dense(10)];
const student = new Sequential(studentLayers(), { seed: 2 }).graph(shape);
const d = await distill(teacher, student, m.train.x, m.train.y, { epochs, lr: 2e-3, batchSize: 64, alpha: 0.7, temperature: 4, evaluation: { x: m.test.x, y: m.test.y }, onEpoch: log('student (distilled)') });
// The same student trained on labels alone, for reference.
const plain = new Sequential(studentLayers(), { seed: 2 }).graph(shape);
await trainGraph(plain, m.train.x, m.train.y, { epochs, lr: 2e-3, batchSize: 64 });
const { accuracy } = await import('../src/train/index.js');
const { predictAll } = await import('../src/efficiency/index.js');
const plainAcc = accuracy(await predictAll(plain, m.test.x), m.test.y);
const p = await pruneModel(teacher, { pruner: new MagnitudePruner(), sparsity: 0.8, fineTune: { x: m.train.x, y: m.train.y, options: { epochs: 1, lr: 5e-4, batchSize: 64, onEpoch: log('pruned fine-tune') } }, evaluation: { x: m.test.x, y: m.test.y } });
const pc = (v: number | undefined): string => `${(100 * (v ?? NaN)).toFixed(2)}%`;
report('efficiency-compress', [
  { workload: 'mnist teacher CNN', engine: 'fp32', note: `${d.teacherParameters} params, acc ${pc(d.teacherAccuracy)}` },
  { workload: 'mnist student (distilled)', engine: 'fp32', note: `${d.studentParameters} params (${(100 * d.parameterRatio).toFixed(1)}%), acc ${pc(d.studentAccuracy)}` },
  { workload: 'mnist student (labels only)', engine: 'fp32', note: `acc ${pc(plainAcc)}` },
  { workload: 'teacher, 80% magnitude pruned', engine: 'fp32', note: `sparsity ${pc(p.report.sparsity)}, acc ${pc(p.report.afterPruning?.accuracyAfter)} before / ${pc(p.report.afterFineTuning?.accuracyAfter)} after fine-tuning` },
], {
  teacher_accuracy: 100 * d.teacherAccuracy!, student_accuracy: 100 * d.studentAccuracy!, student_labels_only_accuracy: 100 * plainAcc, parameter_ratio: d.parameterRatio,
  pruned_sparsity: p.report.sparsity, pruned_accuracy_before_finetune: 100 * p.report.afterPruning!.accuracyAfter!, pruned_accuracy_after_finetune: 100 * p.report.afterFineTuning!.accuracyAfter!,
  pruned_drop_points: p.report.afterFineTuning!.accuracyDropPoints!, train_rows: trainRows, epochs,
});
