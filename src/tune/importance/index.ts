export { RandomForestRegressor } from './random-forest.js';
export type { RandomForestOptions } from './random-forest.js';
export { getParamImportances } from './param-importances.js';
export type { ParamImportanceOptions } from './param-importances.js';
export { optimizationHistory } from './optimization-history.js';
export type { HistoryPoint } from './optimization-history.js';
export { trialsToCsv } from './trials-to-csv.js';
