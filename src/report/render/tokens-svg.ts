import type { TokensFigure } from '../audit-types.js';
import { diverging, escapeHtml, fmt, svgOpen, text } from './svg-util.js';

const WIDTH = 760;
const CHAR = 7.2;
const LINE = 20;

/**
 * Token attributions as inline SVG: each token in a box coloured on the report's diverging scale
 * (ColorBrewer RdBu: blue = against, red = towards the explained class), scaled per text by its
 * largest |score|; the exact score is in each box's tooltip. Boxes wrap at the figure width.
 * @example `tokensSvg({ kind: 'tokens', id: 't', title: 'Why spam', alt: '...', texts: [{ label: 'spam', tokens: ['free', 'entry'], scores: [0.9, 0.2] }] })`
 */
export function tokensSvg(f: TokensFigure): string {
  const body: string[] = [];
  let y = 4;
  for (const t of f.texts) {
    y += 14;
    body.push(text(4, y, t.label, 'font-weight="600"'));
    y += 6;
    const peak = Math.max(1e-12, ...t.scores.map(Math.abs));
    let x = 4;
    t.tokens.forEach((tok, i) => {
      const w = Math.max(2, Array.from(tok).length) * CHAR + 8;
      if (x + w > WIDTH - 4 && x > 4) {
        x = 4;
        y += LINE + 2;
      }
      const s = t.scores[i] ?? 0;
      const u = s / peak;
      body.push(
        `<g><rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${LINE}" rx="3" fill="${diverging(u)}" stroke="#999" stroke-width="0.5"/>` +
          text(x + 4, y + 14, tok, `fill="${Math.abs(u) > 0.6 ? '#fff' : '#000'}"`) +
          `<title>${escapeHtml(`${tok}: ${fmt(s)}`)}</title></g>`,
      );
      x += w + 3;
    });
    y += LINE + 10;
  }
  const height = y + 4;
  return `${svgOpen(f.id, WIDTH, height, f.title, f.alt)}<g font-size="12" font-family="ui-monospace,monospace">${body.join('')}</g></svg>`;
}
