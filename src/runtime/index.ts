export { Session, availableProviders, type SessionOptions, type ProviderName } from './session.js';
