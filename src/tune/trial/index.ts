export type { TrialState, StudyDirection, JsonValue, FrozenTrial, TrialUpdate } from './frozen-trial.js';
export { TRIAL_STATES, isFinished, lastIntermediate } from './frozen-trial.js';
export type { StudySnapshot } from './study-snapshot.js';
export { dominates, paretoFront, nonDominatedRanks, hypervolume2d } from './pareto-front.js';
