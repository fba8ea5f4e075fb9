/**
 * Keel's JSON files have snake_case keys; its TypeScript objects have camelCase fields. These two
 * turn one into the other, for values whose keys are field names, never data (column, class or
 * group names).
 * @module
 */

function mapKeys(value: unknown, key: (k: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => mapKeys(v, key));
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[key(k)] = mapKeys(v, key);
  return out;
}

/**
 * The same value with every object key in snake_case (`perClass` → `per_class`), for Keel's
 * JSON outputs.
 * @example `snakeCaseKeys({ logLoss: 0.1, perClass: [{ f1: 1 }] }); // { log_loss: 0.1, per_class: [{ f1: 1 }] }`
 */
export function snakeCaseKeys(value: unknown): unknown {
  return mapKeys(value, (k) => k.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase());
}

/**
 * The same value with every snake_case object key in camelCase (`per_class` → `perClass`), for
 * reading a JSON file Keel wrote with {@link snakeCaseKeys} back into its TypeScript shape.
 * @example `camelCaseKeys({ not_run: 'no labels' }); // { notRun: 'no labels' }`
 */
export function camelCaseKeys(value: unknown): unknown {
  return mapKeys(value, (k) => k.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase()));
}
