import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { readNpy } from '../../src/io/index.js';

/** Strings that execute if a page ever inserts them as HTML. */
export const HOSTILE = {
  script: '<script>document.title="pwned-script"</script>',
  img: '"><img src=x onerror="document.title=\'pwned-img\'">',
  svg: '</text><svg onload="document.title=\'pwned-svg\'">',
  classA: 'benign<script>document.title="pwned-class"</script>',
  classB: "malignant'><img src=x onerror=alert(1)>",
} as const;

export const FIXTURES = join(import.meta.dirname, '../fixtures/torch-reference');

/**
 * Writes the breast-cancer reference rows (tab_x.npy, 20 × 8, the inputs of tab.onnx) as a CSV
 * whose column names, class names and sensitive-group values are HTML/JS injection attempts.
 * This fixture tests escaping, not accuracy: the reference has no true labels for these rows
 * (tab_target.npy is the explained class, all 1), so rows get the class of their index parity and
 * the sensitive group alternates every two rows; both take hostile values.
 */
export function writeHostileCsv(dir: string): string {
  const x = readNpy(join(FIXTURES, 'tab_x.npy'));
  const names = [HOSTILE.script, HOSTILE.img, HOSTILE.svg, 'mean concave points', 'worst radius', 'worst texture', 'worst concavity', 'worst concave points'];
  const q = (s: string): string => `"${s.replace(/"/g, '""')}"`;
  const lines = [[...names, 'group', 'diagnosis'].map(q).join(',')];
  const n = x.shape[0] ?? 0;
  for (let i = 0; i < n; i++) {
    const row = Array.from({ length: 8 }, (_, j) => String(x.data[i * 8 + j]));
    lines.push([...row, q(Math.floor(i / 2) % 2 === 0 ? HOSTILE.script : HOSTILE.img), q(i % 2 === 0 ? HOSTILE.classA : HOSTILE.classB)].join(','));
  }
  const file = join(dir, 'hostile.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** Every hostile string must appear only escaped: no raw `<`, and no live attribute. */
export function expectInert(html: string): void {
  for (const s of Object.values(HOSTILE)) expect(html.includes(s), `raw ${s}`).toBe(false);
  // Every literal "<" starts a real tag (user text has it escaped): none may be a script (but the
  // dashboard's own, from its origin), an image or carry an event handler.
  const tags = (html.match(/<[a-z][^>]*>/gi) ?? []).filter((t) => t !== '<script src="/static/dashboard.js" defer>');
  expect(tags.filter((t) => /^<(script|img|iframe|object|embed)/i.test(t) || /\son[a-z]+\s*=/i.test(t))).toEqual([]);
  expect(html.includes('&#60;script&#62;document.title=&#34;pwned-'), 'escaped hostile text is shown').toBe(true);
}

