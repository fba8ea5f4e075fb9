export { distill, packTeacherTargets, type DistillOptions, type DistillReport } from './distill.js';
export { distillationLoss, type DistillLossOptions } from './distill-loss.js';
