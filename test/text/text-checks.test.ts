import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng, tensor } from '../../src/core/index.js';
import { foldAssignment, splitRows } from '../../src/train/index.js';
import { keel } from '../cli/run-cli.js';
import { tempDir } from '../data/helpers.js';
import { createTable, openSource, runChecksDetailed, textCopyGroups, type CheckResult, type Table } from '../../src/data/index.js';

const SMS = join(import.meta.dirname, '../../data/sms-spam/sms-spam.jsonl.gz');

interface Sms {
  readonly texts: string[];
  readonly labels: string[];
  readonly lines: number[];
}

async function readSms(): Promise<Sms> {
  const src = await openSource(SMS, { missing: [''], trim: false, schema: { text: 'string', label: 'string' } });
  const [t, y] = [src.columns.indexOf('text'), src.columns.indexOf('label')];
  const out: Sms = { texts: [], labels: [], lines: [] };
  for await (const c of src.chunks()) {
    for (let i = 0; i < c.length; i++) {
      out.texts.push(c.cells[t]![i]!);
      out.labels.push(c.cells[y]![i]!);
      out.lines.push(c.lines[i]!);
    }
  }
  return out;
}

const table = (texts: readonly string[], labels: readonly string[]): Table =>
  createTable([
    { name: 'text', type: 'string', values: [...texts] },
    { name: 'label', type: 'string', values: [...labels] },
  ]);

const check = (checks: readonly CheckResult[], id: string): CheckResult => {
  const c = checks.find((x) => x.id === id);
  if (c === undefined) throw new Error(`no check ${id}`);
  return c;
};

describe('text data checks on the SMS Spam Collection', () => {
  let sms: Sms;
  let train: number[];
  let test: number[];
  beforeAll(async () => {
    sms = await readSms();
    // Seeded stratified 80/20 split: fold 0 of 5 is the test set.
    const codes = Int32Array.from(sms.labels, (l) => (l === 'spam' ? 1 : 0));
    const fold = foldAssignment(codes.length, 5, 7, codes);
    train = [...fold.keys()].filter((r) => fold[r] !== 0);
    test = [...fold.keys()].filter((r) => fold[r] === 0);
  });

  it('finds 5% seeded label flips by cross-validated bag-of-words models (precision ≥ 0.8, recall ≥ 0.6)', async () => {
    const rng = new Rng(15);
    const order = rng.permutation(train.length);
    const flipped = new Set(Array.from(order.subarray(0, Math.round(0.05 * train.length))));
    const labels = train.map((r, i) => (flipped.has(i) ? (sms.labels[r] === 'spam' ? 'ham' : 'spam') : sms.labels[r]!));
    const run = await runChecksDetailed({
      train: table(train.map((r) => sms.texts[r]!), labels),
      target: 'label',
      text: 'text',
      crossValidation: { folds: 5, seed: 3 },
    });
    const found = run.label_issues;
    const hits = found.filter((r) => flipped.has(r)).length;
    const precision = hits / found.length;
    const recall = hits / flipped.size;
    console.log(`label issues: ${found.length} found, ${flipped.size} flipped, precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`);
    expect(precision).toBeGreaterThanOrEqual(0.8);
    expect(recall).toBeGreaterThanOrEqual(0.6);
    expect(check(run.checks, 'label_issues').status).toBe('fail');
  });

  it('a split by textCopyGroups keeps every exact and near copy on one side: text_leakage finds none where a plain split leaks', async () => {
    const groups = textCopyGroups(sms.texts);
    const copies = sms.texts.length - new Set(groups).size;
    const y = tensor('int64', [sms.labels.length], sms.labels.map((l) => (l === 'spam' ? 1 : 0)));
    const leakage = async (s: { train: Int32Array; val: Int32Array }): Promise<CheckResult> => {
      const part = (rows: Int32Array): Table => table(Array.from(rows, (r) => sms.texts[r]!), Array.from(rows, (r) => sms.labels[r]!));
      const run = await runChecksDetailed({ train: part(s.train), test: part(s.val), target: 'label', text: 'text' });
      return check(run.checks, 'text_leakage');
    };
    const grouped = splitRows(sms.texts.length, 0.2, 0, y, SMS, groups);
    const plain = splitRows(sms.texts.length, 0.2, 0, y, SMS);
    const [g, p] = [await leakage(grouped), await leakage(plain)];
    console.log(`SMS copy groups: ${copies} messages copy another; leaked test texts ${p.evidence.stats.leaked} (plain split) vs ${g.evidence.stats.leaked} (grouped)`);
    expect(copies).toBeGreaterThan(400);
    expect(p.status).toBe('fail');
    expect(g.status).toBe('pass');
    expect(g.evidence.stats.leaked).toBe(0);
    // Still a stratified 80/20 split: each class within half a percent of its share.
    for (const c of [0, 1]) {
      const count = [...y.data].filter((v) => Number(v) === c).length;
      const held = [...grouped.val].filter((r) => Number(y.data[r]) === c).length;
      expect(Math.abs(held / count - 0.2)).toBeLessThan(0.005);
    }
  });

  it('reports duplicates, train/test leakage, encoding problems with lines, and no drift between random halves', async () => {
    const run = await runChecksDetailed({
      train: table(train.map((r) => sms.texts[r]!), train.map((r) => sms.labels[r]!)),
      test: table(test.map((r) => sms.texts[r]!), test.map((r) => sms.labels[r]!)),
      target: 'label',
      text: 'text',
      config: { checks: { outliers: { enabled: false } } },
    });
    // Exact copies counted independently from the raw texts (after lower-casing and white-space folding).
    const seen = new Set<string>();
    let exact = 0;
    for (const r of train) {
      const key = sms.texts[r]!.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
      if (seen.has(key)) exact++;
      seen.add(key);
    }
    const dup = check(run.checks, 'duplicate_texts');
    expect(dup.evidence.stats.exact).toBe(exact);
    expect(dup.evidence.stats.near).toBeGreaterThan(0);
    const near = dup.evidence.items.filter((i) => Number(i.similarity) < 1);
    for (const i of near) expect(Number(i.similarity)).toBeGreaterThanOrEqual(0.8);
    const leak = check(run.checks, 'text_leakage');
    expect(leak.status).toBe('fail');
    const inTrain = test.filter((r) => seen.has(sms.texts[r]!.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim())).length;
    expect(leak.evidence.stats.exact).toBe(inTrain);
    const enc = check(run.checks, 'text_encoding');
    const first = enc.evidence.items[0]!;
    // The SMS corpus carries HTML escapes such as "&lt;#&gt;"; the line is the file's line.
    expect(first.kind).toBe('html_entity');
    const row = first.split === 'train' ? train[Number(first.row)]! : test[Number(first.row)]!;
    expect(sms.texts[row]!.slice(Number(first.column) - 1).startsWith(String(first.sample))).toBe(true);
    expect(check(run.checks, 'text_drift').status).toBe('pass');
    expect(check(run.checks, 'empty_texts').status).toBe('pass');
  });

  it('flags empty texts with their line, and length drift when the test set holds only long messages', async () => {
    const long = test.filter((r) => sms.texts[r]!.length > 120);
    const texts = train.slice(0, 500).map((r) => sms.texts[r]!);
    texts[17] = '   ';
    const run = await runChecksDetailed({
      train: table(texts, train.slice(0, 500).map((r) => sms.labels[r]!)),
      test: table(long.map((r) => sms.texts[r]!), long.map((r) => sms.labels[r]!)),
      target: 'label',
      text: 'text',
    });
    const empty = check(run.checks, 'empty_texts');
    expect(empty.evidence.rows).toEqual([17]);
    const drift = check(run.checks, 'text_drift');
    expect(drift.status).toBe('warn');
    expect(drift.evidence.items[0]!.drifted).toBe(true);
  });

  it('keel check --text runs the text checks on the JSON-lines file and names file lines', () => {
    const dir = tempDir();
    const out = join(dir, 'report.json');
    const r = keel(['check', '--data', SMS, '--target', 'label', '--text', 'text', '--json', out]);
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8')) as { checks: CheckResult[] };
    const ids = report.checks.map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining(['empty_texts', 'duplicate_texts', 'text_encoding', 'text_leakage', 'text_drift', 'label_issues']));
    const seen = new Set<string>();
    let exact = 0;
    for (const t of sms.texts) {
      const key = t.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
      if (seen.has(key)) exact++;
      seen.add(key);
    }
    expect(check(report.checks, 'duplicate_texts').evidence.stats.exact).toBe(exact);
    const enc = check(report.checks, 'text_encoding').evidence.items[0]!;
    // One JSON record per line: the reported line is the record's line in the file.
    expect(enc.line).toBe(sms.lines[Number(enc.row)]);
    expect(sms.texts[Number(enc.row)]!.slice(Number(enc.column) - 1).startsWith(String(enc.sample))).toBe(true);
    expect(check(report.checks, 'text_leakage').status).toBe('not_run');
  });
});
