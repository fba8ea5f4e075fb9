/**
 * Keel's hyperparameter tuning: define-by-run studies, samplers, pruners and storages.
 * The only public entry of `src/tune`.
 *
 * @example
 * ```ts
 * import { createStudy, TpeSampler, TrialPruned } from 'keel/tune';
 * const study = await createStudy({ direction: 'minimize', sampler: new TpeSampler({ seed: 0 }) });
 * await study.optimize((trial) => (trial.suggestFloat('x', -10, 10) - 2) ** 2, { nTrials: 50 });
 * console.log(await study.bestParams());
 * ```
 */
export { TuneError, StorageError, TrialPruned } from './tune-error.js';
export * from './distributions/index.js';
export * from './trial/index.js';
export * from './samplers/index.js';
export * from './pruners/index.js';
export * from './storages/index.js';
export * from './study/index.js';
export * from './importance/index.js';
export * from './visualization/index.js';
