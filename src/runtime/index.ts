export { Session, availableProviders, setSessionDefaults, sessionDefaults, useSessionSettings, DISABLE_OPTIMIZERS_KEY, predictBatched, checkFeatures, checkModelInput, type SessionOptions, type ProviderName, type WithMetadata } from '../session/index.js';
export { TrainStep } from './train-step.js';
export type { TrainStepOptions, TrainLoss, ObjectiveContext, CarriedBuffer } from './step-options.js';
export { checkGradients, type CheckInput, type GradCheckResult, type BuildFn } from './gradcheck.js';
