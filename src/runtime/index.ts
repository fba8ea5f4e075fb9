export { Session, availableProviders, setSessionDefaults, sessionDefaults, useSessionSettings, DISABLE_OPTIMIZERS_KEY, type SessionOptions, type ProviderName } from './session.js';
export { TrainStep, type TrainStepOptions, type TrainLoss, type ObjectiveContext, type CarriedBuffer } from './train-step.js';
export { checkGradients, type CheckInput, type GradCheckResult, type BuildFn } from './gradcheck.js';
export { predictBatched } from './predict-batched.js';
export { checkFeatures, checkModelInput } from './check-features.js';
