import { writeFileAtomic } from '../io/index.js';

export { snakeCaseKeys } from '../core/index.js';

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
