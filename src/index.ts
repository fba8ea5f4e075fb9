/**
 * Keel's public surface: the engine and training names at the top level, and every capability
 * as a namespace that is also a subpath (`import { explain } from 'keel'` is `keel/explain`).
 * Each surface is declared once, in `src/public/`; internals are not exported.
 *
 * @example
 * ```ts
 * import { Model, explain } from 'keel';
 * const model = await Model.load('cnn.onnx');
 * const { attributions } = await new explain.IntegratedGradients(model).attribute(x, { target: 3 });
 * ```
 * @packageDocumentation
 */
export * from './public/engine.js';
export * from './public/train.js';

export * as engine from './public/engine.js';
export * as train from './public/train.js';
export * as data from './public/data.js';
export * as explain from './public/explain.js';
export * as tune from './public/tune.js';
export * as fairness from './public/fairness.js';
export * as robust from './public/robust.js';
export * as efficiency from './public/efficiency.js';
export * as report from './public/report.js';
export * as text from './public/text.js';
