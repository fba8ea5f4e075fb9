import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { readAuditReport, type AuditReport } from '../report/index.js';

/** A training run folder (one with `history.json`) or an audit folder (one with `report.json`). */
export interface CatalogEntry {
  readonly id: number;
  /** Folder relative to the dashboard root. */
  readonly name: string;
  readonly dir: string;
  readonly modifiedMs: number;
}

/** What the dashboard serves: only these files, addressed by number, never by path. */
export interface Catalog {
  readonly runs: readonly CatalogEntry[];
  readonly reports: readonly CatalogEntry[];
}

const SKIP = new Set(['node_modules', '.git', 'dist']);

/**
 * Finds run and report folders under `root` (up to `depth` levels). Symbolic links are not
 * followed, so nothing outside `root` is ever listed.
 * @example `const { runs, reports } = scanCatalog('experiments');`
 */
export function scanCatalog(root: string, depth = 3): Catalog {
  const runs: CatalogEntry[] = [];
  const reports: CatalogEntry[] = [];
  const visit = (dir: string, level: number): void => {
    const add = (file: string, list: CatalogEntry[]): void => {
      const p = join(dir, file);
      if (existsSync(p) && statSync(p).isFile()) list.push({ id: list.length, name: relative(root, dir) || '.', dir, modifiedMs: statSync(p).mtimeMs });
    };
    add('history.json', runs);
    add('report.json', reports);
    if (level >= depth) return;
    let names: string[];
    try {
      names = readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory() && !d.isSymbolicLink() && !SKIP.has(d.name) && !d.name.startsWith('.')).map((d) => d.name).sort();
    } catch {
      return;
    }
    for (const n of names) visit(join(dir, n), level + 1);
  };
  visit(root, 0);
  return { runs, reports };
}

/** Reads a run's history (an array of epoch logs); `[]` while the file is being written. */
export function readHistory(e: CatalogEntry): readonly Readonly<Record<string, number>>[] {
  try {
    const v = JSON.parse(readFileSync(join(e.dir, 'history.json'), 'utf8')) as unknown;
    return Array.isArray(v) ? (v as Record<string, number>[]) : [];
  } catch {
    return [];
  }
}

/** Reads an audit report; undefined when it is not a Keel audit report. */
export function readReport(e: CatalogEntry): AuditReport | undefined {
  return readAuditReport(join(e.dir, 'report.json'));
}
