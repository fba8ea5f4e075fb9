import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ensureFolder, refuseFolder, tempSibling, writeError } from './file-io.js';

/**
 * A text file streamed to a temporary sibling and renamed into place on {@link commit}, so
 * readers never see a half-written file and a failure leaves the old file untouched. The
 * streaming counterpart of `writeFileAtomic` (same temporary name, folder creation and errors).
 *
 * @example
 * ```ts
 * const f = await AtomicFile.create('out.csv');
 * try { await f.write('a,b\n'); await f.commit(); } catch (e) { await f.abort(); throw e; }
 * ```
 */
export class AtomicFile {
  private buffer: string[] = [];
  private size = 0;

  private constructor(
    readonly path: string,
    private readonly tmp: string,
    private readonly handle: FileHandle,
  ) {}

  /** Opens a temporary file next to `path`, creating missing parent folders. */
  static async create(path: string): Promise<AtomicFile> {
    ensureFolder(dirname(path));
    refuseFolder(path);
    const tmp = tempSibling(path);
    try {
      return new AtomicFile(path, tmp, await open(tmp, 'wx'));
    } catch (cause) {
      throw writeError(path, cause);
    }
  }

  /** Appends text (buffered). */
  async write(text: string): Promise<void> {
    this.buffer.push(text);
    this.size += text.length;
    if (this.size >= 1 << 20) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const text = this.buffer.join('');
    this.buffer = [];
    this.size = 0;
    await this.handle.write(text);
  }

  /** Flushes, syncs and renames the temporary file onto `path`. */
  async commit(): Promise<void> {
    try {
      await this.flush();
      await this.handle.sync();
      await this.handle.close();
      await rename(this.tmp, this.path);
    } catch (cause) {
      await this.abort();
      throw writeError(this.path, cause);
    }
  }

  /** Discards the temporary file. */
  async abort(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    await unlink(this.tmp).catch(() => undefined);
  }
}
