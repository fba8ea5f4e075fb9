export { gradients, type GradientOptions } from './gradients.js';
