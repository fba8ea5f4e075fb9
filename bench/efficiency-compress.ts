// MNIST: distillation (student ≤ 1/10 of the teacher's parameters), 80% magnitude pruning and
// 50% channel pruning (layers really shrunk), each with fine-tuning, from a teacher trained on the
// full train set (bench/efficiency-teacher.ts: trained on first use, then cached).
// Env: STUDENT_EPOCHS, ALPHA, TEMPERATURE, MAG_EPOCHS, MAG_LR; SKIP_PRUNE=1 stops after the students, DISTILL_ONLY=1 after
// the distilled one (for trying alpha/temperature).
import { execFileSync } from 'node:child_process';
import { loadMnist } from '../src/datasets/index.js';
import { ChannelPruner, distill, MagnitudePruner, predictAll, pruneModel, trainGraph } from '../src/efficiency/index.js';
import { conv2d, dense, flatten, maxPool2d, Sequential } from '../src/nn/index.js';
import { accuracy, cosineWarmup } from '../src/train/index.js';
import { loadTeacher, TEACHER_RECIPE } from './efficiency-teacher.js';
import { report } from './harness.js';

const studentEpochs = Number(process.env['STUDENT_EPOCHS'] ?? 4);
const alpha = Number(process.env['ALPHA'] ?? 0.7);
const temperature = Number(process.env['TEMPERATURE'] ?? 4);
const magEpochs = Number(process.env['MAG_EPOCHS'] ?? 2);
const magLr = Number(process.env['MAG_LR'] ?? 1e-3);
const m = loadMnist({ shape: 'image' });
const shape = { inputShape: ['N', 1, 28, 28] as (string | number)[] };
const t00 = performance.now();
const since = (): string => `${((performance.now() - t00) / 1000).toFixed(0)} s`;
const log = (what: string) => (e: number, l: number): void => void process.stdout.write(`${what} epoch ${e}: loss ${l.toFixed(4)} (${since()})\n`);
const load = (): string => execFileSync('uptime', { encoding: 'utf8' }).trim().replace(/.*load average: /, '');
const loadBefore = load();
const t = await loadTeacher(m.train.x, m.train.y, m.test);
const teacher = t.graph;
const schedule = cosineWarmup({ warmupEpochs: 0.25 });
// A small CNN student (20 490 parameters, 4.9% of the teacher): 16 and 32 channels, no hidden dense layer.
const studentLayers = () => [conv2d(16, 3, { padding: 'same', activation: 'relu' }), maxPool2d(2), conv2d(32, 3, { padding: 'same', activation: 'relu' }), maxPool2d(2), flatten(), dense(10)];
const student = new Sequential(studentLayers(), { seed: 2 }).graph(shape);
let t0 = performance.now();
const d = await distill(teacher, student, m.train.x, m.train.y, { epochs: studentEpochs, lr: 2e-3, schedule, batchSize: 64, alpha, temperature, evaluation: { x: m.test.x, y: m.test.y }, onEpoch: log('student (distilled)') });
const distillS = (performance.now() - t0) / 1000;
if (process.env['DISTILL_ONLY'] === '1') {
  process.stdout.write(`alpha ${alpha}, temperature ${temperature}: teacher ${(100 * d.teacherAccuracy!).toFixed(2)}%, distilled ${(100 * d.studentAccuracy!).toFixed(2)}% (${since()})\n`);
  process.exit(0);
}
// The same student trained on labels alone, for reference.
const plain = new Sequential(studentLayers(), { seed: 2 }).graph(shape);
t0 = performance.now();
await trainGraph(plain, m.train.x, m.train.y, { epochs: studentEpochs, lr: 2e-3, schedule, batchSize: 64, onEpoch: log('student (labels only)') });
const plainS = (performance.now() - t0) / 1000;
const plainAcc = accuracy(await predictAll(plain, m.test.x), m.test.y);
process.stdout.write(`teacher ${(100 * d.teacherAccuracy!).toFixed(2)}%, distilled ${(100 * d.studentAccuracy!).toFixed(2)}%, labels only ${(100 * plainAcc).toFixed(2)}% (${since()})\n`);
if (process.env['SKIP_PRUNE'] === '1') process.exit(0);
const p = await pruneModel(teacher, { pruner: new MagnitudePruner(), sparsity: 0.8, fineTune: { x: m.train.x, y: m.train.y, options: { epochs: magEpochs, lr: magLr, schedule, batchSize: 64, onEpoch: log('magnitude-pruned fine-tune') } }, evaluation: { x: m.test.x, y: m.test.y } });
t0 = performance.now();
const c = await pruneModel(teacher, { pruner: new ChannelPruner(), sparsity: 0.5, fineTune: { x: m.train.x, y: m.train.y, options: { epochs: 2, lr: 1e-3, schedule, batchSize: 64, onEpoch: log('channel-pruned fine-tune') } }, evaluation: { x: m.test.x, y: m.test.y } });
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
  teacher_source: t.source, teacher_recipe: TEACHER_RECIPE, teacher_train_seconds: t.trainSeconds ?? null,
  teacher_accuracy: 100 * d.teacherAccuracy!, student_accuracy: 100 * d.studentAccuracy!, student_labels_only_accuracy: 100 * plainAcc,
  student_drop_points: 100 * (d.teacherAccuracy! - d.studentAccuracy!), student_parameters: d.studentParameters, teacher_parameters: d.teacherParameters, parameter_ratio: d.parameterRatio,
  student_epochs: studentEpochs, student_recipe: 'Adam 2e-3 peak, 0.25-epoch warmup + cosine, batch 64, 60 000 rows (both students)', distill_alpha: alpha, distill_temperature: temperature, distill_seconds: distillS, labels_only_seconds: plainS,
  pruned_sparsity: p.report.sparsity, pruned_accuracy_before_finetune: 100 * p.report.afterPruning!.accuracyAfter!, pruned_accuracy_after_finetune: 100 * p.report.afterFineTuning!.accuracyAfter!,
  pruned_drop_points: p.report.afterFineTuning!.accuracyDropPoints!,
  channel_removed: cs.removed, channel_kept: cs.kept, channel_parameters: [cs.parametersBefore, cs.parametersAfter], channel_flops_per_sample: [cs.flopsBefore, cs.flopsAfter], channel_bytes: [cs.bytesBefore, cs.bytesAfter],
  channel_accuracy_before_finetune: 100 * c.report.afterPruning!.accuracyAfter!, channel_accuracy_after_finetune: 100 * c.report.afterFineTuning!.accuracyAfter!,
  channel_drop_points: c.report.afterFineTuning!.accuracyDropPoints!, channel_finetune_epochs: 2, channel_seconds: channelS,
  train_rows: m.train.x.shape[0], magnitude_finetune_epochs: magEpochs, magnitude_finetune_lr: magLr, load_average_before: loadBefore, load_average_after: load(), wall_seconds: (performance.now() - t00) / 1000,
});
