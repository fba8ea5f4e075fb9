import { realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from '../core/index.js';

/** What a command reads and writes, for {@link assertOutputsSafe}. Undefined entries are skipped. */
export interface CommandFiles {
  /** Files or folders the command reads (models, data, labels, a study database, ...). */
  readonly inputs: readonly (string | undefined)[];
  /** Files the command writes. */
  readonly outputs: readonly (string | undefined)[];
  /** Folders the command writes into (created when missing). */
  readonly outputFolders?: readonly (string | undefined)[];
}

/**
 * The first path on the way to `path` (itself included) that exists but is not a folder, or
 * undefined when every existing component is a folder.
 * @example `firstNonFolder('notes.txt/run'); // 'notes.txt' when notes.txt is a file`
 */
export function firstNonFolder(path: string): string | undefined {
  const parts: string[] = [];
  for (let d = resolve(path); ; d = dirname(d)) {
    parts.unshift(d);
    if (dirname(d) === d) break;
  }
  for (const p of parts) {
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      return undefined;
    }
    if (!isDir) return p;
  }
  return undefined;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Where a path really points: symlinks, `.` and `..` resolved. A path that does not exist yet is
 * resolved through its deepest existing ancestor, so `out/../x.npy` and a symlinked folder match.
 * @example `canonicalPath('runs/../x.npy') === canonicalPath('x.npy')`
 */
export function canonicalPath(path: string): string {
  const abs = resolve(path);
  const rest: string[] = [];
  for (let p = abs; ; p = dirname(p)) {
    try {
      return join(realpathSync(p), ...rest);
    } catch {
      if (dirname(p) === p) return abs;
      rest.unshift(basename(p));
    }
  }
}

/**
 * The one guard every command runs before any work: refuses an output that resolves to one of its
 * inputs (UsageError `OUTPUT_IS_INPUT`), two outputs that resolve to the same file
 * (`OUTPUT_TWICE`), a file output that is an existing folder (`OUTPUT_IS_FOLDER`) and an output
 * whose folder cannot be created because a file is in the way (`OUTPUT_NOT_FOLDER`). Inputs are
 * never modified.
 *
 * @example
 * ```ts
 * assertOutputsSafe({ inputs: [o.model, o.input], outputs: [o.out] });
 * ```
 */
export function assertOutputsSafe(files: CommandFiles): void {
  const ins = new Map<string, string>();
  for (const p of files.inputs) if (p !== undefined) ins.set(canonicalPath(p), p);
  const seen = new Map<string, string>();
  for (const out of files.outputs) {
    if (out === undefined) continue;
    const c = canonicalPath(out);
    const input = ins.get(c);
    if (input !== undefined) {
      throw new UsageError(
        'OUTPUT_IS_INPUT',
        `Refusing to write "${out}": it is the input "${input}". Choose another output path; inputs are never modified.`,
        { file: out, input },
      );
    }
    if (isFolder(out)) throw new UsageError('OUTPUT_IS_FOLDER', `${out} is a folder, but this output is a file. Give a file path (for example one inside that folder).`, { file: out });
    refuseFileInTheWay(out, dirname(out));
    const other = seen.get(c);
    if (other !== undefined) throw new UsageError('OUTPUT_TWICE', `"${other}" and "${out}" are the same file; give each output its own path.`, { file: out, other });
    seen.set(c, out);
  }
  for (const dir of files.outputFolders ?? []) if (dir !== undefined) refuseFileInTheWay(dir, dir);
}

function refuseFileInTheWay(out: string, folder: string): void {
  const blocker = firstNonFolder(folder);
  if (blocker === undefined) return;
  throw new UsageError('OUTPUT_NOT_FOLDER', `Cannot write "${out}": ${blocker} is a file, not a folder. Choose another output path or move that file.`, { file: out, blocker });
}
