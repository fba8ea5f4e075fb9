import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTensor, readNpy, writeNpy } from '../../src/io/index.js';
import { maxAbsDiff } from '../helpers/compare.js';
import { keel } from '../cli/run-cli.js';

const fx = (name: string): string => join(import.meta.dirname, '../fixtures/torch-reference', name);
const dir = mkdtempSync(join(tmpdir(), 'keel-outputs-'));
const at = (name: string): string => join(dir, name);
for (const [from, to] of [['cnn.onnx', 'm.onnx'], ['cnn.onnx', 's.onnx'], ['cnn_x.npy', 'x.npy'], ['cnn_y.npy', 'y.npy']] as const) copyFileSync(fx(from), at(to));
symlinkSync(at('x.npy'), at('link.npy'));
symlinkSync(at('m.onnx'), at('link.onnx'));
mkdirSync(at('sub'));
writeFileSync(at('notes.txt'), 'a file, not a folder\n');

/** The command fails with exit 2 and one `keel: CODE:` line, and every file in `unchanged` keeps its bytes. */
function refused(args: readonly string[], code: string, unchanged: readonly string[]): void {
  const before = unchanged.map((f) => readFileSync(f));
  const r = keel(args, { cwd: dir });
  expect(r.status, r.stderr).toBe(2);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^keel: ${code}: `));
  unchanged.forEach((f, i) => {
    expect(readFileSync(f).equals(before[i]!), `${f} was modified`).toBe(true);
  });
}

describe('an output that resolves to an input is refused, the input left intact', () => {
  it('predict: --out equal to --data, to --model, through a symlink and through ..', () => {
    refused(['predict', '--model', 'm.onnx', '--data', 'x.npy', '--out', 'x.npy'], 'OUTPUT_IS_INPUT', [at('x.npy')]);
    refused(['predict', '--model', 'm.onnx', '--data', 'x.npy', '--out', 'm.onnx'], 'OUTPUT_IS_INPUT', [at('m.onnx')]);
    refused(['predict', '--model', 'm.onnx', '--data', 'link.npy', '--out', 'sub/../x.npy'], 'OUTPUT_IS_INPUT', [at('x.npy')]);
    refused(['predict', '--model', 'link.onnx', '--data', 'x.npy', '--out', join(dir, 'm.onnx')], 'OUTPUT_IS_INPUT', [at('m.onnx')]);
  });

  it('explain, attack, quantize, prune', () => {
    refused(['explain', '--model', 'm.onnx', '--data', 'x.npy', '--out', 'x.npy'], 'OUTPUT_IS_INPUT', [at('x.npy')]);
    refused(['attack', '--model', 'm.onnx', '--data', 'x.npy', '--labels', 'y.npy', '--attack', 'fgsm', '--eps', '0.1', '--out', 'm.onnx'], 'OUTPUT_IS_INPUT', [at('m.onnx')]);
    refused(['quantize', '--model', 'm.onnx', '--out', 'link.onnx'], 'OUTPUT_IS_INPUT', [at('m.onnx')]);
    refused(['prune', '--model', 'm.onnx', '--out', './m.onnx'], 'OUTPUT_IS_INPUT', [at('m.onnx')]);
  });

  it('distill over the teacher or the student; evaluate --json over the model', () => {
    const distill = ['distill', '--teacher', 'm.onnx', '--student', 's.onnx', '--data', 'x.npy', '--labels', 'y.npy'];
    refused([...distill, '--out', 'm.onnx'], 'OUTPUT_IS_INPUT', [at('m.onnx')]);
    refused([...distill, '--out', 's.onnx'], 'OUTPUT_IS_INPUT', [at('s.onnx')]);
    refused(['evaluate', '--model', 'm.onnx', '--data', 'x.npy', '--labels', 'y.npy', '--json', 'm.onnx'], 'OUTPUT_IS_INPUT', [at('m.onnx')]);
  });

  it('tune --json over its own study database or journal', () => {
    const db = at('study.db');
    writeFileSync(db, 'SQLite format 3\0 stands in for a study database');
    refused(['tune', '--study', 's', '--storage', `sqlite:${db}`, '--trials', '1', '--json', 'study.db'], 'OUTPUT_IS_INPUT', [db]);
    refused(['tune', '--study', 's', '--storage', 'sqlite:study.db', '--trials', '1', '--html', 'sub/../study.db'], 'OUTPUT_IS_INPUT', [db]);
    writeFileSync(at('study.log'), '{"op_code": 0, "worker_id": "w", "study_name": "s", "directions": [1]}\n');
    refused(['tune', '--study', 's', '--storage', 'journal:study.log', '--trials', '1', '--json', 'study.log'], 'OUTPUT_IS_INPUT', [at('study.log')]);
  });

  it('two outputs that are one file', () => {
    refused(['attack', '--model', 'm.onnx', '--data', 'x.npy', '--labels', 'y.npy', '--attack', 'fgsm', '--eps', '0.1', '--out', 'a.npy', '--json', './a.npy'], 'OUTPUT_TWICE', []);
  });
});

describe('output folders are created, or refused with a typed error before any work', () => {
  it('predict creates missing parent folders and writes the right numbers', () => {
    const r = keel(['predict', '--model', 'm.onnx', '--data', 'x.npy', '--out', 'new/deep/p.npy'], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    expect(maxAbsDiff(readNpy(at('new/deep/p.npy')), readNpy(fx('cnn_logits.npy')))).toBeLessThan(1e-4);
  });

  it('--out naming an existing file is OUTPUT_NOT_FOLDER for train, fairness mitigate, audit and demo', () => {
    refused(['train', '--data', 'x.npy', '--labels', 'y.npy', '--model', 'mlp', '--out', 'notes.txt'], 'OUTPUT_NOT_FOLDER', [at('notes.txt')]);
    refused(['fairness', 'mitigate', '--method', 'reweigh', '--data', 'd.csv', '--target', 'y', '--sensitive', 'g', '--out', 'notes.txt'], 'OUTPUT_NOT_FOLDER', [at('notes.txt')]);
    refused(['audit', '--model', 'm.onnx', '--data', 'x.npy', '--labels', 'y.npy', '--out', 'notes.txt'], 'OUTPUT_NOT_FOLDER', [at('notes.txt')]);
    refused(['demo', '--out', 'notes.txt'], 'OUTPUT_NOT_FOLDER', [at('notes.txt')]);
    refused(['explain', '--model', 'm.onnx', '--data', 'x.npy', '--out', 'a.npy', '--png', 'notes.txt'], 'OUTPUT_NOT_FOLDER', [at('notes.txt')]);
    refused(['predict', '--model', 'm.onnx', '--data', 'x.npy', '--out', 'notes.txt/p.npy'], 'OUTPUT_NOT_FOLDER', [at('notes.txt')]);
    refused(['predict', '--model', 'm.onnx', '--data', 'x.npy', '--out', 'sub'], 'OUTPUT_IS_FOLDER', []);
  });

  it('clean --out into a missing folder creates it', () => {
    writeFileSync(at('t.csv'), 'a,y\n1,0\n2,1\n2,1\n3,0\n');
    const r = keel(['clean', '--data', 't.csv', '--target', 'y', '--out', 'cleaned/t.csv', '--review', 'cleaned/review.csv'], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(at('cleaned/t.csv'), 'utf8')).toBe('a,y\n1,0\n2,1\n3,0\n');
  });
});

describe('command-line mistakes and closed pipes', () => {
  it('a missing required option is one MISSING_OPTION line with exit 2, not the whole help', () => {
    refused(['predict', '--data', 'x.npy'], 'MISSING_OPTION', []);
    refused(['fairness', '--data', 'd.csv'], 'MISSING_OPTION', []);
    refused(['fairness', 'mitigate', '--method', 'reweigh', '--out', 'fm'], 'MISSING_OPTION', []);
  });

  it('keel predict | head ends quietly', () => {
    const x = readNpy(at('x.npy'));
    const big = makeTensor('float32', [x.shape[0]! * 50, ...x.shape.slice(1)]);
    for (let k = 0; k < 50; k++) (big.data).set(x.data as Float32Array, k * x.data.length);
    writeNpy(at('big.npy'), big); // about 1 MB of CSV: far more than a pipe holds
    const bin = join(import.meta.dirname, '../../dist/cli/keel.js');
    const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${bin}" predict --model m.onnx --data big.npy | head -n 2 >/dev/null`], { cwd: dir, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
