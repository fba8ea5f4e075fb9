// Writes every ```ts block of README.md and docs/*.md as its own module (NN-file-line.ts) into
// OUT_DIR, in document order, so a consumer project can compile them under `tsc --strict` and
// run them one after another (a later block may read what an earlier one saved).
// Usage: node test/package/extract-snippets.mjs REPO_ROOT OUT_DIR
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const [root, out] = process.argv.slice(2);
if (!root || !out) {
  console.error('usage: extract-snippets.mjs REPO_ROOT OUT_DIR');
  process.exit(2);
}
mkdirSync(out, { recursive: true });
const docs = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => join('docs', f))];
let n = 0;
for (const doc of docs) {
  const lines = readFileSync(join(root, doc), 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== '```ts') continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end].trim() !== '```') end++;
    if (end === lines.length) {
      console.error(`${doc}:${i + 1}: a \`\`\`ts block is never closed`);
      process.exit(1);
    }
    const name = `${String(++n).padStart(2, '0')}-${basename(doc, '.md').toLowerCase()}-${start}.ts`;
    // `export {}` makes each block a module (top-level await, no shared globals).
    writeFileSync(join(out, name), `// ${doc}, line ${start}\n${lines.slice(start, end).join('\n')}\nexport {};\n`);
    i = end;
  }
}
console.log(`${n} TypeScript blocks from ${docs.length} documents`);
