// Running ONNX bytes on onnxruntime-node, for inference and for the training runtime above it.
// Kept free of training code (autodiff, optimizers, ops) and of onnx-proto, so that `keel predict`
// and the library's predict load only what a forward pass needs.
export { Session, availableProviders, setSessionDefaults, sessionDefaults, useSessionSettings, DISABLE_OPTIMIZERS_KEY, type SessionOptions, type ProviderName } from './session.js';
export { predictBatched } from './predict-batched.js';
export { checkFeatures, checkModelInput, type ModelInputSpec } from './check-features.js';
export { TEXT_METADATA, isTextModel, type WithMetadata } from './model-metadata.js';
export { classProbabilities } from './class-probabilities.js';
