import type { TokensFigure } from './figure-types.js';
import { colourBarSvg, COLOUR_BAR_WIDTH } from './legend.js';
import { diverging, textOn } from './palette.js';
import { fmt } from './scale.js';
import { px, svgOpen, text, tip } from './svg.js';

const WIDTH = 760;
const CHAR = 7.2;
const LINE = 20;

/**
 * Token attributions as SVG: each token in a box coloured on the diverging scale (blue–white–
 * orange, safe for the common colour-vision deficiencies; blue = against, orange = towards the
 * explained class), scaled per text by its largest |score|, the exact score in the box's
 * tooltip; boxes wrap at the figure width; a colour bar gives the relative scale.
 * @example `tokensSvg({ kind: 'tokens', id: 't', title: 'Why spam', alt: '...', texts: [{ label: 'spam', tokens: ['free', 'entry'], scores: [0.9, 0.2] }] })`
 */
export function tokensSvg(f: TokensFigure): string {
  const body: string[] = [];
  const right = WIDTH - COLOUR_BAR_WIDTH - 8;
  let y = 4;
  for (const t of f.texts) {
    y += 14;
    body.push(text(4, y, t.label, 'font-weight="600"'));
    y += 6;
    const peak = Math.max(1e-12, ...t.scores.map(Math.abs));
    let x = 4;
    t.tokens.forEach((tok, i) => {
      const w = Math.max(2, Array.from(tok).length) * CHAR + 8;
      if (x + w > right && x > 4) {
        x = 4;
        y += LINE + 2;
      }
      const s = t.scores[i] ?? 0;
      const fill = diverging(s / peak);
      body.push(`<g class="token"><rect x="${px(x)}" y="${px(y)}" width="${px(w)}" height="${LINE}" rx="3" fill="${fill}" stroke="#999" stroke-width="0.5"/>${text(x + 4, y + 14, tok, `fill="${textOn(fill)}" font-family="ui-monospace,monospace"`)}${tip(`${tok}: ${fmt(s)}`)}</g>`);
      x += w + 3;
    });
    y += LINE + 10;
  }
  const height = Math.max(y + 4, 140);
  const bar = colourBarSvg({ lo: -1, hi: 1, title: 'score / max |score|', diverging: true }, right + 12, 12, Math.min(120, height - 24));
  return `${svgOpen(f.id, WIDTH, height, f.title, f.alt, 'scale')}<g font-size="12">${body.join('')}</g>${bar}</svg>`;
}
