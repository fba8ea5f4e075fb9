import { writeFileAtomic } from '../io/index.js';

/**
 * The same value with every object key in snake_case (`perClass` → `per_class`), for Keel's
 * JSON outputs. Only for values whose keys are field names, never data (column or class names).
 * @example `snakeCaseKeys({ logLoss: 0.1, perClass: [{ f1: 1 }] }); // { log_loss: 0.1, per_class: [{ f1: 1 }] }`
 */
export function snakeCaseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeCaseKeys);
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase()] = snakeCaseKeys(v);
  return out;
}

/**
 * Writes a JSON report where `--json` says: a file (atomically), or stdout for `-`.
 * @example `writeJson(o.json, report);`
 */
export function writeJson(target: string, value: unknown): void {
  const text = `${JSON.stringify(value, null, 2)}\n`;
  if (target === '-') process.stdout.write(text);
  else writeFileAtomic(target, text);
}

/**
 * Where a command prints its human-readable summary: stdout, unless `--json -` has taken stdout
 * for the JSON (then stderr, so the JSON stays parseable).
 * @example `say(o.json, 'accuracy 0.98');`
 */
export function say(json: string | undefined, line: string): void {
  (json === '-' ? process.stderr : process.stdout).write(`${line}\n`);
}

/** The output guard's view of a `--json` target: stdout (`-`) is no file. */
export function jsonFile(json: string | undefined): string | undefined {
  return json === '-' ? undefined : json;
}
