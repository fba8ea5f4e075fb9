import { UsageError } from './errors.js';

/**
 * Loads an optional dependency on first use. Keel installs without `better-sqlite3` and `pg`;
 * the feature that needs one imports it through here, and a user who lacks it gets a typed
 * `OPTIONAL_DEPENDENCY_MISSING` error that names the package and the command that installs it.
 *
 * @example
 * ```ts
 * const { default: Database } = await importOptional('better-sqlite3', 'a SQLite study storage', () => import('better-sqlite3'));
 * ```
 */
export async function importOptional<T>(pkg: string, feature: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (e) {
    if (!isMissingModule(e, pkg)) throw e;
    throw new UsageError(
      'OPTIONAL_DEPENDENCY_MISSING',
      `${feature} needs the optional package "${pkg}", which is not installed; install it next to keel with \`npm install ${pkg}\` (or pick a storage that does not need it, e.g. "memory")`,
      { package: pkg, feature },
      { cause: e },
    );
  }
}

/** True for Node's "cannot find package" error about `pkg` itself (not about one of its own imports). */
function isMissingModule(e: unknown, pkg: string): boolean {
  if (!(e instanceof Error)) return false;
  const code = (e as Error & { code?: unknown }).code;
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return false;
  return e.message.includes(`'${pkg}'`) || e.message.includes(`"${pkg}"`);
}
