import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTensor, readNpy, writeNpy } from '../../src/io/index.js';
import { keel } from '../cli/run-cli.js';

const ref = (name: string): string => join(import.meta.dirname, '../fixtures/torch-reference', name);
const dir = mkdtempSync(join(tmpdir(), 'keel-typed-'));
const at = (name: string): string => join(dir, name);

/** Exactly one `keel: CODE:` line on stderr, no stack, the given exit status. */
function oneLine(args: readonly string[], code: string, status: number): string {
  const r = keel(args, { cwd: dir });
  expect(r.status, r.stderr).toBe(status);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^keel: ${code}: `));
  expect(r.stderr).not.toContain('INTERNAL');
  return lines[0]!;
}

describe('errors that used to be keel: INTERNAL are typed', () => {
  it('tune --storage sqlite:<a CSV file> is STORAGE_NOT_SQLITE and the file is untouched', () => {
    const csv = 'a,b\n1,2\n3,4\n';
    writeFileSync(at('data.csv'), csv);
    writeFileSync(at('q.mjs'), 'export default async function (trial) { return trial.suggestFloat("x", -1, 1) ** 2; }\n');
    oneLine(['tune', '--objective', 'q.mjs', '--study', 's', '--storage', 'sqlite:data.csv', '--trials', '1'], 'STORAGE_NOT_SQLITE', 3);
    expect(readFileSync(at('data.csv'), 'utf8')).toBe(csv);
  });

  it('profile --batch 10000000 is PROFILE_BATCH_TOO_LARGE with the largest batch it can time', () => {
    const line = oneLine(['profile', '--model', ref('cnn.onnx'), '--batch', '10000000'], 'PROFILE_BATCH_TOO_LARGE', 2);
    expect(line).toMatch(/the most this profiler times is \d+/);
  });

  it('serve --port 99999 is a usage error', () => {
    oneLine(['serve', '--port', '99999'], 'CLI_OPTION', 2);
  });

  it('audit with a label outside the model classes is LABELS_RANGE naming the row', () => {
    const y = readNpy(ref('cnn_y.npy'));
    const bad = makeTensor('int64', y.shape, Array.from(y.data as BigInt64Array, Number));
    (bad.data)[5] = 9n + 90n;
    writeNpy(at('y99.npy'), bad);
    const line = oneLine(['audit', '--model', ref('cnn.onnx'), '--data', ref('cnn_x.npy'), '--labels', 'y99.npy', '--out', 'audit', '--quiet'], 'LABELS_RANGE', 3);
    expect(line).toContain('row 6: class "99"');
  });
});

describe('control characters from data are escaped in messages', () => {
  it('an ANSI escape in a CSV header is printed as text, not obeyed', () => {
    writeFileSync(at('ansi.csv'), 'a,\x1b[2J\x1b]0;owned\x07b\n1,2\n3,4\n');
    const line = oneLine(['train', '--data', 'ansi.csv', '--target', 'y', '--out', 'ansi'], 'COLUMN_NOT_FOUND', 2);
    expect(line).toContain('\\x1b[2J\\x1b]0;owned\\x07b');
    expect(line).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
  });

  it('a category with a carriage return in keel predict cannot overwrite the line', () => {
    copyFileSync(ref('tab.onnx'), at('tab.onnx'));
    writeFileSync(at('preprocess.json'), JSON.stringify({ columns: [{ name: 'c', kind: 'categorical', categories: ['a', 'b'] }], target: 'y', classes: ['0', '1'] }));
    writeFileSync(at('rows.csv'), 'c\n"ok\rkeel: all good"\n');
    const line = oneLine(['predict', '--model', 'tab.onnx', '--data', 'rows.csv', '--preprocess', 'preprocess.json'], '[A-Z_]+', 3);
    expect(line).not.toContain('\r');
  });
});
