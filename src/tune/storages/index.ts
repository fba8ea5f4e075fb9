export type { ClaimOptions, Storage, StudyRecord } from './storage.js';
export type { TrialInit } from './apply-trial-update.js';
export { applyTrialUpdate, newTrial } from './apply-trial-update.js';
export { InMemoryStorage, studyExists } from './in-memory-storage.js';
export { SqliteStorage } from './sqlite-storage.js';
export type { SqliteStorageOptions } from './sqlite-storage.js';
export { PostgresStorage } from './postgres-storage.js';
export type { PostgresStorageOptions } from './postgres-storage.js';
export { openStorage } from './open-storage.js';
