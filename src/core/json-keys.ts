/**
 * Keel's JSON files have snake_case keys; its TypeScript objects have camelCase fields. These
 * turn one into the other, for values whose keys are field names. Fields whose keys are data
 * (column, class, check or section names) are named in `dataKeyed`: their own keys are kept as
 * written, the values under them are converted.
 * @module
 */

/** One field name in snake_case (`perClass` → `per_class`). */
export function snakeCaseName(k: string): string {
  return k.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** One field name in camelCase (`per_class` → `perClass`). */
export function camelCaseName(k: string): string {
  return k.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

function mapKeys(value: unknown, key: (k: string) => string, dataKeyed: ReadonlySet<string>, keysAreData: boolean): unknown {
  if (Array.isArray(value)) return value.map((v) => mapKeys(v, key, dataKeyed, false));
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const name = keysAreData ? k : key(k);
    out[name] = mapKeys(v, key, dataKeyed, !keysAreData && dataKeyed.has(camelCaseName(k)));
  }
  return out;
}

/**
 * The same value with every object key in snake_case (`perClass` → `per_class`), for Keel's
 * JSON outputs; the keys of the fields named in `dataKeyed` (camelCase field names) are kept.
 * @example `snakeCaseKeys({ logLoss: 0.1, perClass: [{ f1: 1 }] }); // { log_loss: 0.1, per_class: [{ f1: 1 }] }`
 */
export function snakeCaseKeys(value: unknown, dataKeyed: readonly string[] = []): unknown {
  return mapKeys(value, snakeCaseName, new Set(dataKeyed), false);
}

/**
 * The same value with every snake_case object key in camelCase (`per_class` → `perClass`), for
 * reading a JSON file Keel wrote with {@link snakeCaseKeys} back into its TypeScript shape (keys
 * already in camelCase stay, so older camelCase files read the same); the keys of the fields
 * named in `dataKeyed` (camelCase field names) are kept.
 * @example `camelCaseKeys({ not_run: 'no labels', thresholds: { 'data.label_issues': { min: 1 } } }, ['thresholds']); // { notRun: 'no labels', thresholds: { 'data.label_issues': { min: 1 } } }`
 */
export function camelCaseKeys(value: unknown, dataKeyed: readonly string[] = []): unknown {
  return mapKeys(value, camelCaseName, new Set(dataKeyed), false);
}
