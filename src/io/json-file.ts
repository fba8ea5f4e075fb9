import type { z } from 'zod';
import { camelCaseKeys, camelCaseName, errorFor, snakeCaseName } from '../core/index.js';
import { readFileBytes } from './file-io.js';

/** How a JSON file's errors are reported. */
export interface JsonFileKind {
  /**
   * Error code of every failure; its catalogue class says whose file it is (a config the user
   * wrote: UsageError, exit 2; a file Keel wrote: DataError).
   */
  readonly code: JsonFileCode;
  /** What the file is, e.g. `the preprocessing saved with the model`. */
  readonly what: string;
  /** How to fix a bad file, e.g. `retrain the model to write it again`. */
  readonly fix: string;
  /**
   * The file's keys are snake_case, as every JSON Keel writes: they become the schema's camelCase
   * field names before the check (keys already in camelCase stay, so older files read too), and a
   * misfit's path is named as the file spells it. `dataKeyed` names the fields (camelCase) whose
   * keys are data — column, check or section names — and are kept as written.
   */
  readonly snakeCase?: { readonly dataKeyed: readonly string[] };
}

/** The codes a JSON file's failures are reported with. */
export type JsonFileCode = 'SIDECAR_JSON' | 'AUDIT_CONFIG' | 'MODEL_SPEC' | 'TRAIN_CONFIG' | 'TOKENIZER_FILE';

/**
 * Parses JSON text and checks it against a zod schema. Malformed JSON and values that do not
 * fit are one typed error naming the file, the line and column (malformed) or the JSON path
 * (misfit), what was expected, and the fix: never a SyntaxError, never an unchecked cast.
 *
 * @example
 * ```ts
 * const classes = parseJson(text, z.array(z.string()), 'labels.json', { code: 'SIDECAR_JSON', what: 'class names', fix: 'retrain' });
 * ```
 */
export function parseJson<S extends z.ZodType>(text: string, schema: S, file: string, kind: JsonFileKind): z.infer<S> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const at = jsonErrorPosition(text, (e as Error).message);
    const where = at === undefined ? '' : ` at line ${at.line}, column ${at.column}`;
    throw errorFor(kind.code, `${file}: ${kind.what} is not valid JSON${where}. Fix: ${kind.fix}.`, { file, ...at }, { cause: e });
  }
  const r = schema.safeParse(kind.snakeCase === undefined ? value : camelCaseKeys(value, kind.snakeCase.dataKeyed));
  if (!r.success) {
    const issue = r.error.issues[0];
    const path = (kind.snakeCase === undefined ? issue?.path.map(String) : filePath(issue?.path ?? [], kind.snakeCase.dataKeyed))?.join('.') ?? '';
    throw errorFor(kind.code, `${file}: ${kind.what} ${path === '' ? '' : `at "${path}" `}is wrong: ${issue?.message ?? 'invalid'}. Fix: ${kind.fix}.`, { file, path });
  }
  return r.data;
}

/**
 * Reads a JSON file and checks it (see {@link parseJson}); a missing file is `FILE_NOT_FOUND`.
 * @example `const pre = readJsonFile('runs/a/preprocess.json', preprocessorSchema, kind);`
 */
export function readJsonFile<S extends z.ZodType>(path: string, schema: S, kind: JsonFileKind): z.infer<S> {
  return parseJson(new TextDecoder().decode(readFileBytes(path)), schema, path, kind);
}

/**
 * Line and column (1-based) of a `JSON.parse` error in `text`, from the "position N" Node reports
 * (the end of the text for "Unexpected end of JSON input"); undefined when the message names no place.
 * @example `jsonErrorPosition('{"a":1', message) // { line: 1, column: 7 }`
 */
export function jsonErrorPosition(text: string, message: string): { line: number; column: number } | undefined {
  const m = /position (\d+)/.exec(message);
  const pos = m === null ? (/Unexpected end of JSON input/.test(message) ? text.length : undefined) : Number(m[1]);
  if (pos === undefined) return undefined;
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  return { line, column: pos - before.lastIndexOf('\n') };
}

/** A schema path as a snake_case file spells it (keys under a data-keyed field kept). */
function filePath(path: readonly PropertyKey[], dataKeyed: readonly string[]): string[] {
  return path.map((seg, i) => {
    const parent = path[i - 1];
    return typeof seg !== 'string' || (typeof parent === 'string' && dataKeyed.includes(camelCaseName(parent))) ? String(seg) : snakeCaseName(seg);
  });
}
