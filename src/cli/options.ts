import { UsageError } from '../core/index.js';

/** Parses a positive integer CLI value with a typed usage error. */
export function positiveInt(flag: string): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n <= 0) throw new UsageError('CLI_OPTION', `${flag} must be a positive integer, got "${v}"`, { flag, value: v });
    return n;
  };
}

/** Parses a non-negative integer. */
export function nonNegativeInt(flag: string): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new UsageError('CLI_OPTION', `${flag} must be a non-negative integer, got "${v}"`, { flag, value: v });
    return n;
  };
}

/** Parses a positive float. */
export function positiveFloat(flag: string): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new UsageError('CLI_OPTION', `${flag} must be a positive number, got "${v}"`, { flag, value: v });
    return n;
  };
}

/** Parses a number ≥ 0. */
export function nonNegativeFloat(flag: string): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new UsageError('CLI_OPTION', `${flag} must be a number ≥ 0, got "${v}"`, { flag, value: v });
    return n;
  };
}

/** Parses one of a fixed set of names. */
export function oneOf<T extends string>(flag: string, names: readonly T[]): (v: string) => T {
  return (v) => {
    if (!(names as readonly string[]).includes(v)) throw new UsageError('CLI_OPTION', `${flag} must be one of ${names.join('|')}, got "${v}"`, { flag, value: v });
    return v as T;
  };
}

/** Parses a TCP port, 0 (any free port) to 65535. */
export function portNumber(flag: string): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError('CLI_OPTION', `${flag} must be a port number from 0 (any free port) to 65535, got "${v}"`, { flag, value: v });
    return n;
  };
}

/**
 * Splits a comma-separated list value (`sex, race` → `['sex', 'race']`), dropping empty items.
 * @example `commaList('sex,race') // ['sex', 'race']`
 */
export function commaList(v: string): string[] {
  return v.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}
