import { UsageError } from '../../core/index.js';
import { InMemoryStorage } from './in-memory-storage.js';
import { JournalStorage } from './journal-storage.js';
import { PostgresStorage } from './postgres-storage.js';
import { SqliteStorage } from './sqlite-storage.js';
import type { Storage } from './storage.js';

/**
 * Opens a storage from a URL: `memory`, `sqlite:path.db` (also `sqlite:///abs/path.db`),
 * `journal:path.log` (Optuna's JournalFileStorage format),
 * `postgres://user:pass@host:port/db` (or `postgresql://`). Throws `INVALID_STORAGE_URL`.
 *
 * @example
 * ```ts
 * const storage = await openStorage('sqlite:tune.db');
 * ```
 */
export async function openStorage(url: string, options: { readonly connectTimeoutMs?: number } = {}): Promise<Storage> {
  if (url === 'memory' || url === ':memory:') return new InMemoryStorage();
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\//, '');
    if (path === '') throw new UsageError('INVALID_STORAGE_URL', `Storage URL "${url}" has no file path; use sqlite:path/to/file.db.`, { url });
    return SqliteStorage.open(path);
  }
  if (url.startsWith('journal:')) {
    const path = url.slice('journal:'.length);
    if (path === '') throw new UsageError('INVALID_STORAGE_URL', `Storage URL "${url}" has no file path; use journal:path/to/optuna.log.`, { url });
    return new JournalStorage(path);
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    return PostgresStorage.open(url, options.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: options.connectTimeoutMs });
  }
  throw new UsageError('INVALID_STORAGE_URL', `Unknown storage URL "${url}". Use "memory", "sqlite:file.db", "journal:file.log" or "postgres://host/db".`, { url });
}
