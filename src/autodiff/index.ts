export { gradients, type GradientOptions } from './gradients.js';
export { checkGradients, type CheckInput, type GradCheckResult } from './gradcheck.js';
