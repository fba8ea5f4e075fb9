// Benchmark: every tabular check except label_issues on a generated 1,000,000-row × 20-column
// CSV (plus a 200,000-row test split for leakage and drift). Build first:
//   npx tsc -p tsconfig.build.json && node bench/data-checks.mjs [rows] [testRows]
// Prints wall time and peak RSS; the target is < 60 s and < 1 GiB on 2 cores.
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { runChecks } from '../dist/data/index.js';

const rows = Number(process.argv[2] ?? 1_000_000);
const testRows = Number(process.argv[3] ?? 200_000);
const dir = mkdtempSync(join(tmpdir(), 'keel-bench-'));

let s = 12345;
const rand = () => {
  s = (s + 0x6d2b79f5) >>> 0;
  let t = s;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
const cats = ['red', 'green', 'blue', 'cyan', 'magenta', 'yellow'];
const header = [...Array.from({ length: 15 }, (_, i) => `x${i}`), 'c0', 'c1', 'c2', 'c3', 'label'];

async function generate(path, n) {
  const out = createWriteStream(path);
  out.write(header.join(',') + '\n');
  let buf = [];
  for (let r = 0; r < n; r++) {
    const cells = [];
    for (let j = 0; j < 15; j++) cells.push((gauss() * (j + 1) + j).toFixed(4));
    for (let j = 0; j < 4; j++) cells.push(cats[Math.floor(rand() * (3 + j))]);
    if (r % 997 === 0) cells[3] = '';
    cells.push(rand() < 0.3 ? '1' : '0');
    buf.push(cells.join(','));
    if (buf.length === 10000) {
      if (!out.write(buf.join('\n') + '\n')) await once(out, 'drain');
      buf = [];
    }
  }
  if (buf.length > 0) out.write(buf.join('\n') + '\n');
  out.end();
  await once(out, 'finish');
}

const train = join(dir, 'train.csv');
const test = join(dir, 'test.csv');
let t = performance.now();
await generate(train, rows);
await generate(test, testRows);
console.log(`generated ${rows} + ${testRows} rows (${(statSync(train).size / 2 ** 20).toFixed(0)} MiB + ${(statSync(test).size / 2 ** 20).toFixed(0)} MiB) in ${((performance.now() - t) / 1000).toFixed(1)} s`);

const rssBefore = process.resourceUsage().maxRSS;
t = performance.now();
const report = await runChecks({ train, test, target: 'label', config: { checks: { label_issues: { enabled: false } } } });
const seconds = (performance.now() - t) / 1000;
const peak = process.resourceUsage().maxRSS / 1024;
for (const c of report.checks) console.log(`${c.passed ? 'pass' : 'FAIL'} ${c.id}: ${c.summary}`);
console.log(`runChecks: ${seconds.toFixed(1)} s, peak RSS ${peak.toFixed(0)} MiB (before checks ${(rssBefore / 1024).toFixed(0)} MiB)`);
rmSync(dir, { recursive: true, force: true });
if (seconds > 60 || peak > 1024) process.exitCode = 1;
