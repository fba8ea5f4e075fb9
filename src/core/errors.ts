/**
 * Keel's error model: every failure a user can cause is a {@link KeelError} with a stable
 * `code`, structured `details` and a message that says what was wrong and how to fix it.
 *
 * @example
 * ```ts
 * try { await loadNpy('x.npy'); } catch (e) { if (isKeelError(e, 'NPY_DTYPE')) ... }
 * ```
 */
export class KeelError extends Error {
  /** Stable, machine-readable identifier (SCREAMING_SNAKE_CASE). Tests assert on it. */
  readonly code: string;
  /** Structured context: file, row, column, expected vs. actual, ... */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    code: string,
    message: string,
    details: Readonly<Record<string, unknown>> = {},
    options: { cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = details;
  }
}

/** A problem with how a command or function was called (CLI exit code 2). */
export class UsageError extends KeelError {}
/** A problem with a file or data the user supplied. */
export class DataError extends KeelError {}
/** A problem with a model graph: shapes, unsupported ops, missing values. */
export class GraphError extends KeelError {}
/** A problem inside the execution runtime (onnxruntime). */
export class RuntimeError extends KeelError {}
/** Training went wrong: the loss or the weights stopped being finite numbers. */
export class TrainingError extends KeelError {}

/**
 * True when `e` is a KeelError, optionally with the given code.
 * @example `if (isKeelError(err, 'NPY_DTYPE')) { ... }`
 */
export function isKeelError(e: unknown, code?: string): e is KeelError {
  return e instanceof KeelError && (code === undefined || e.code === code);
}
