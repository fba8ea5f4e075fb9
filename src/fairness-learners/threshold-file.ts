/**
 * The thresholds.json file of a threshold mitigation: a {@link ThresholdOptimizerState} with
 * snake_case field names (group labels and feature names are data and stay as they are).
 * @module
 */
import { z } from 'zod';
import type { GroupPolicy, ThresholdOptimizerState } from '../fairness/index.js';
import { readJsonFile } from '../io/index.js';

// JSON has no Infinity: the "never positive" threshold is null in the file (fromJSON restores it).
const thresholds = z.array(z.object({ threshold: z.number().nullable(), weight: z.number() }));
const label = z.union([z.string(), z.number(), z.boolean()]);
const common = { constraint: z.enum(['demographic_parity', 'equalized_odds']), categories: z.record(z.string(), z.array(label)) };
const fileSchema = z.object({ ...common, sensitive_features: z.array(z.string()), policies: z.record(z.string(), z.object({ thresholds, constant_weight: z.number(), constant: z.number() })) });
// The camelCase files of Keel versions before snake_case JSON.
const legacySchema = z.object({ ...common, sensitiveFeatures: z.array(z.string()), policies: z.record(z.string(), z.object({ thresholds, constantWeight: z.number(), constant: z.number() })) });

/** thresholds.json as written. */
export type ThresholdFile = z.infer<typeof fileSchema>;

/**
 * The file form of a fitted state.
 * @example `writeJson('thresholds.json', thresholdFile(to.toJSON()))`
 */
export function thresholdFile(state: ThresholdOptimizerState): ThresholdFile {
  const policies = Object.fromEntries(Object.entries(state.policies).map(([g, p]) => [g, { thresholds: p.thresholds.map((t) => ({ ...t })), constant_weight: p.constantWeight, constant: p.constant }]));
  return { constraint: state.constraint, sensitive_features: [...state.sensitiveFeatures], categories: Object.fromEntries(Object.entries(state.categories).map(([f, c]) => [f, [...c]])), policies };
}

/**
 * Reads a thresholds.json (also the camelCase files of earlier versions) as the state
 * {@link ThresholdOptimizer.fromJSON} takes; a malformed file is `SIDECAR_JSON` naming the file and field.
 * @example `ThresholdOptimizer.fromJSON(readThresholdFile('fair/thresholds.json'))`
 */
export function readThresholdFile(path: string): ThresholdOptimizerState {
  const f = readJsonFile(path, z.union([fileSchema, legacySchema]), { code: 'SIDECAR_JSON', what: 'the thresholds of a threshold mitigation', fix: 'give the thresholds.json that keel fairness mitigate --method threshold wrote' });
  const policy = (p: { readonly thresholds: z.infer<typeof thresholds>; readonly constant: number }, weight: number): GroupPolicy => ({ thresholds: p.thresholds.map((t) => ({ weight: t.weight, threshold: t.threshold ?? Infinity })), constantWeight: weight, constant: p.constant });
  if ('sensitive_features' in f) {
    return { constraint: f.constraint, sensitiveFeatures: f.sensitive_features, categories: f.categories, policies: Object.fromEntries(Object.entries(f.policies).map(([g, p]) => [g, policy(p, p.constant_weight)])) };
  }
  return { constraint: f.constraint, sensitiveFeatures: f.sensitiveFeatures, categories: f.categories, policies: Object.fromEntries(Object.entries(f.policies).map(([g, p]) => [g, policy(p, p.constantWeight)])) };
}
