import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE, EXIT_CODES, type CatalogueEntry } from './error-catalogue.js';
import { DataError, GateError, UsageError, errorFor, exitCodeOf, isKeelError } from './errors.js';

const ROOT = join(import.meta.dirname, '..', '..');
const README = join(ROOT, 'README.md');
const BEGIN = '<!-- error-table:begin (generated from src/core/error-catalogue.ts) -->';
const END = '<!-- error-table:end -->';

/** The README's error table, one row per catalogue code. */
function errorTable(): string {
  const cell = (s: string): string => s.replace(/\|/g, '\\|');
  const rows = Object.entries(ERROR_CATALOGUE as Readonly<Record<string, CatalogueEntry>>).map(([code, e]) => {
    const details = e.details.length === 0 ? '' : e.details.map((d) => `\`${d}\``).join(', ');
    return `| \`${code}\` | ${e.class} | ${EXIT_CODES[e.class]} | ${details} | ${cell(e.summary)} |`;
  });
  return [BEGIN, '| Code | Class | Exit | Details | What went wrong |', '| --- | --- | --- | --- | --- |', ...rows, END].join('\n');
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    return d.isDirectory() ? sourceFiles(p) : p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

describe('the error catalogue', () => {
  it('is what the README error table shows (KEEL_UPDATE_ERRORS=1 rewrites it)', () => {
    const text = readFileSync(README, 'utf8');
    const start = text.indexOf(BEGIN);
    const end = text.indexOf(END);
    expect(start, `README.md needs the markers ${BEGIN} ... ${END}`).toBeGreaterThan(0);
    const current = text.slice(start, end + END.length);
    if (process.env.KEEL_UPDATE_ERRORS === '1' && current !== errorTable()) {
      writeFileSync(README, text.slice(0, start) + errorTable() + text.slice(end + END.length));
      return;
    }
    expect(current, 'README error table is stale: run KEEL_UPDATE_ERRORS=1 npx vitest run src/core/error-catalogue.test.ts').toBe(errorTable());
  });

  it('lists codes in order, each thrown somewhere in src/', () => {
    const codes = Object.keys(ERROR_CATALOGUE);
    expect(codes).toEqual([...codes].sort());
    const source = sourceFiles(join(ROOT, 'src')).filter((f) => !f.endsWith('error-catalogue.ts')).map((f) => readFileSync(f, 'utf8')).join('\n');
    const unused = codes.filter((c) => !source.includes(`'${c}'`));
    expect(unused, 'catalogue codes no source file uses: remove them').toEqual([]);
  });

  it('is never escaped with a type assertion on a code', () => {
    const cast = /\bas\s+(?:unknown\s+as\s+)?(?:ErrorCode|CodeOf<|'[A-Z][A-Z0-9_]+')/;
    const offenders = sourceFiles(join(ROOT, 'src')).flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .map((line, i) => ({ where: `${f.slice(ROOT.length + 1)}:${i + 1}`, line }))
        .filter(({ line }) => cast.test(line)),
    );
    expect(offenders).toEqual([]);
  });

  it('gives every class its exit code: 1 gate, 2 usage, 3 any other error', () => {
    expect(exitCodeOf(new GateError('QUANT_NO_GAIN', 'no gain', { batch: 1, threads: 1, speedup: 0.9 }))).toBe(1);
    expect(exitCodeOf(new UsageError('FILE_NOT_FOUND', 'x.csv: no such file', { file: 'x.csv' }))).toBe(2);
    expect(exitCodeOf(new DataError('CSV_EMPTY', 'x.csv: empty', { file: 'x.csv', line: 1, column: 1 }))).toBe(3);
    expect(exitCodeOf(new Error('a bug'))).toBe(3);
    expect(exitCodeOf('thrown string')).toBe(3);
  });

  it('builds the class the catalogue names for a code passed as a value', () => {
    const user = errorFor('AUDIT_CONFIG', 'audit.json: bad', { file: 'audit.json', path: 'thresholds' });
    const keel = errorFor('SIDECAR_JSON', 'labels.json: bad', { file: 'labels.json' });
    expect(user).toBeInstanceOf(UsageError);
    expect(keel).toBeInstanceOf(DataError);
    expect(isKeelError(keel, 'SIDECAR_JSON')).toBe(true);
    expect(keel.details).toEqual({ file: 'labels.json' });
  });

  it('refuses at compile time a code outside it, a code with the wrong class and missing details', () => {
    // These lines are checked by `npm run typecheck`: each @ts-expect-error fails the build if the line compiles.
    // @ts-expect-error NO_SUCH_CODE is not in the catalogue
    const unknown = new UsageError('NO_SUCH_CODE', 'x', {});
    // @ts-expect-error FILE_NOT_FOUND is a UsageError, never a DataError
    const wrongClass = new DataError('FILE_NOT_FOUND', 'x', { file: 'x' });
    // @ts-expect-error FILE_NOT_FOUND carries the file
    const noDetails = new UsageError('FILE_NOT_FOUND', 'x', {});
    // @ts-expect-error CSV_EMPTY has no `rows` detail
    const extra = new DataError('CSV_EMPTY', 'x', { file: 'x', line: 1, column: 1, rows: 0 });
    expect([unknown, wrongClass, noDetails, extra].map((e) => e.code)).toEqual(['NO_SUCH_CODE', 'FILE_NOT_FOUND', 'FILE_NOT_FOUND', 'CSV_EMPTY']);
  });
});
