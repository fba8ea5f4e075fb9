/**
 * `keel/tune`: hyperparameter studies in Optuna's shape — `createStudy`, `study.optimize(objective,
 * { nTrials, timeout, catch })`, ask-and-tell, define-by-run `trial.suggest*` — with samplers
 * (random, grid, QMC, TPE, CMA-ES), pruners (median, percentile, successive halving, Hyperband,
 * ...), storages (memory, SQLite, PostgreSQL: many processes or machines) and parameter importances.
 *
 * @example
 * ```ts
 * import { createStudy, TpeSampler } from 'keel/tune';
 * const study = await createStudy({ direction: 'minimize', sampler: new TpeSampler({ seed: 0 }) });
 * await study.optimize((trial) => (trial.suggestFloat('x', -10, 10) - 2) ** 2, { nTrials: 50 });
 * ```
 * @packageDocumentation
 */
export { createStudy, loadStudy, Study, Trial, TrialReservation, TuneError, StorageError, TrialPruned } from '../tune/index.js';
export type { CreateStudyOptions, Objective, OptimizeOptions, ErrorClass, StudyCallback, TellResult, HeartbeatOptions } from '../tune/index.js';
export type { FrozenTrial, TrialState, StudyDirection, JsonValue, ParamValue, CategoricalChoice, NumericOptions, Distribution } from '../tune/index.js';
export { RandomSampler, GridSampler, QmcSampler, TpeSampler, OPTUNA_TPE_DEFAULTS, keelGamma, CmaEsSampler, Nsga2Sampler, createSampler, SAMPLER_NAMES } from '../tune/index.js';
export type { Sampler, SamplerName, RandomSamplerOptions, GridSamplerOptions, QmcSamplerOptions, TpeSamplerOptions, CmaEsSamplerOptions, Nsga2SamplerOptions } from '../tune/index.js';
export { NopPruner, MedianPruner, PercentilePruner, SuccessiveHalvingPruner, HyperbandPruner, PatientPruner, ThresholdPruner, createPruner, PRUNER_NAMES } from '../tune/index.js';
export type { Pruner, PrunerName, PercentilePrunerOptions, SuccessiveHalvingPrunerOptions, HyperbandPrunerOptions, PatientPrunerOptions } from '../tune/index.js';
export { InMemoryStorage, SqliteStorage, PostgresStorage, JournalStorage, openStorage, type Storage, type SqliteStorageOptions, type PostgresStorageOptions } from '../tune/index.js';
export { getParamImportances, trialsToCsv, type ParamImportanceOptions } from '../tune/index.js';
// Types that the signatures above mention.
export type { SearchSpace, ClaimOptions, ConstraintsFunction, CategoricalDistribution, FloatDistribution, IntDistribution, OptimizeTarget, RelativeSample, SamplingContext, StudySnapshot, StudyRecord, TrialInit, TrialUpdate, HyperbandBracket, PrunerFactoryOptions, SamplerFactoryOptions } from '../tune/index.js';
