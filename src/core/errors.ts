import { ERROR_CATALOGUE, EXIT_CODES, type CatalogueEntry, type ErrorClassName } from './error-catalogue.js';

/** The type of {@link ERROR_CATALOGUE}. */
export type ErrorCatalogueTable = typeof ERROR_CATALOGUE;

/** Every code in {@link ERROR_CATALOGUE}; a KeelError's `code` is always one of them. */
export type ErrorCode = keyof ErrorCatalogueTable;

/**
 * The codes a given class may be thrown with.
 * @example `const code: CodeOf<'UsageError'> = 'FILE_NOT_FOUND';`
 */
export type CodeOf<K extends ErrorClassName> = { [C in ErrorCode]: ErrorCatalogueTable[C]['class'] extends K ? C : never }[ErrorCode];

/** Types of the detail fields that have one meaning everywhere; other fields are `unknown`. */
/** The declared types of the common detail fields (file, line, row, column, ...). */
export interface ErrorDetailTypes {
  readonly file: string;
  readonly row: number | undefined;
  readonly line: number | undefined;
  readonly flag: string;
}
/** The type a detail field carries (unknown for fields without a declared type). */
export type DetailField<K extends string> = K extends keyof ErrorDetailTypes ? ErrorDetailTypes[K] : unknown;
/** Every detail field listed for code `C` (optional ones end in `?`). */
export type DetailKey<C extends ErrorCode> = ErrorCatalogueTable[C]['details'][number];
/** The detail fields every throw of code `C` must carry. */
export type RequiredDetailKey<C extends ErrorCode> = Exclude<DetailKey<C>, `${string}?`>;
/** The detail fields only some throws of code `C` know (listed as `name?`). */
export type OptionalDetailKey<C extends ErrorCode> = DetailKey<C> extends infer K ? (K extends `${infer N}?` ? N : never) : never;

/**
 * The `details` a throw with code `C` carries, as the catalogue lists them.
 * @example `const d: ErrorDetails<'FILE_NOT_FOUND'> = { file: 'x.csv' };`
 */
export type ErrorDetails<C extends ErrorCode> = C extends ErrorCode
  ? { readonly [K in RequiredDetailKey<C>]: DetailField<K> } & { readonly [K in OptionalDetailKey<C>]?: DetailField<K> | undefined }
  : never;

/**
 * Keel's error model: every failure a user can cause is a {@link KeelError} with a stable
 * `code` from {@link ERROR_CATALOGUE}, structured `details` and a message that says what was
 * wrong and how to fix it. Throw one of the subclasses; each accepts only its own codes.
 *
 * @example
 * ```ts
 * try { await loadNpy('x.npy'); } catch (e) { if (isKeelError(e, 'NPY_DTYPE')) ... }
 * ```
 */
export class KeelError<C extends ErrorCode = ErrorCode> extends Error {
  /** Stable, machine-readable identifier (SCREAMING_SNAKE_CASE). Tests assert on it. */
  readonly code: C;
  /** Structured context: file, row, column, expected vs. actual, ... */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: C, message: string, details: ErrorDetails<C>, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = details;
  }
}

/** A problem with how a command or function was called (CLI exit code 2). */
export class UsageError<C extends CodeOf<'UsageError'> = CodeOf<'UsageError'>> extends KeelError<C> {}
/** A problem with a file or data the user supplied (exit code 3). */
export class DataError<C extends CodeOf<'DataError'> = CodeOf<'DataError'>> extends KeelError<C> {}
/** A problem with a model graph: shapes, unsupported ops, missing values (exit code 3). */
export class GraphError<C extends CodeOf<'GraphError'> = CodeOf<'GraphError'>> extends KeelError<C> {}
/** A problem inside the execution runtime (onnxruntime) (exit code 3). */
export class RuntimeError<C extends CodeOf<'RuntimeError'> = CodeOf<'RuntimeError'>> extends KeelError<C> {}
/** Training went wrong: the loss or the weights stopped being finite numbers (exit code 3). */
export class TrainingError<C extends CodeOf<'TrainingError'> = CodeOf<'TrainingError'>> extends KeelError<C> {}
/** The work ran, but its result failed a gate the caller set (a minimum speed-up, ...) (exit code 1). */
export class GateError<C extends CodeOf<'GateError'> = CodeOf<'GateError'>> extends KeelError<C> {}

/**
 * True when `e` is a KeelError, optionally with the given code.
 * @example `if (isKeelError(err, 'NPY_DTYPE')) { ... }`
 */
export function isKeelError(e: unknown, code?: ErrorCode): e is KeelError {
  return e instanceof KeelError && (code === undefined || e.code === code);
}

/**
 * The CLI exit code for an error: the catalogue's class decides (1 a gate failed, 2 usage, 3 any
 * other error);
 * anything that is not a KeelError is an internal error (3).
 * @example `process.exitCode = exitCodeOf(e);`
 */
export function exitCodeOf(e: unknown): number {
  if (!isKeelError(e)) return 3;
  const entry = ERROR_CATALOGUE[e.code] as CatalogueEntry | undefined;
  return entry === undefined ? 3 : EXIT_CODES[entry.class];
}

const CORE_CLASSES = { UsageError, DataError, GraphError, RuntimeError, TrainingError, GateError } as const;
type CoreCode = CodeOf<keyof typeof CORE_CLASSES>;

/**
 * A KeelError of the class the catalogue gives `code`, for a throw site whose code is a
 * parameter (a JSON reader told which code to use) rather than a literal.
 * @example `throw errorFor(kind.code, `${file}: not JSON`, { file });`
 */
export function errorFor<C extends CoreCode>(code: C, message: string, details: ErrorDetails<C>, options: { cause?: unknown } = {}): KeelError<C> {
  const name = ERROR_CATALOGUE[code].class;
  const Class = CORE_CLASSES[name] as unknown as new (code: C, message: string, details: ErrorDetails<C>, options: { cause?: unknown }) => KeelError<C>;
  return new Class(code, message, details, options);
}
