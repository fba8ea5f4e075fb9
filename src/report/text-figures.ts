import type { TokenAttribution } from '../explain/index.js';
import { escapeHtml, figureHtml, pageHtml, type BarChart, type TokensFigure } from '../figure/index.js';

/**
 * The tokens figure of some token attributions: each text's tokens coloured by their score,
 * labelled with the explained class and the model's score for it.
 * @example `tokensFigure(rows, { id: 'why-spam', classes: ['ham', 'spam'], method: 'integrated gradients' })`
 */
export function tokensFigure(rows: readonly TokenAttribution[], o: { readonly id: string; readonly classes?: readonly string[]; readonly method: string }): TokensFigure {
  return {
    kind: 'tokens',
    id: o.id,
    title: `Token attributions (${o.method})`,
    alt: `${rows.length} texts; each token coloured by its contribution to the explained class: orange towards, blue against, white none.`,
    texts: rows.map((r, i) => ({
      label: `#${i + 1} ${o.classes?.[r.target] ?? `class ${r.target}`} · score ${r.output.toFixed(3)}${r.delta === undefined ? '' : ` · delta ${r.delta.toExponential(1)}`}`,
      tokens: r.tokens,
      scores: r.scores,
    })),
  };
}

/**
 * Histogram of text lengths (tokens or words per text) as a bar chart, with `bins` equal-width bins.
 * @example `lengthHistogram('len', 'Tokens per message', lengths, 12)`
 */
export function lengthHistogram(id: string, title: string, lengths: ArrayLike<number>, bins = 12): BarChart {
  const values = Array.from(lengths);
  const hi = Math.max(1, ...values);
  const width = Math.max(1, Math.ceil((hi + 1) / bins));
  const counts = new Array<number>(Math.ceil((hi + 1) / width)).fill(0);
  for (const v of values) counts[Math.floor(v / width)]!++;
  return {
    kind: 'bar',
    id,
    title,
    alt: `${values.length} texts by length, bins of ${width}.`,
    valueLabel: 'texts',
    bars: counts.map((c, b) => ({ label: `${b * width}–${(b + 1) * width - 1}`, value: c })),
  };
}

/**
 * A self-contained HTML page of token attributions (the `keel explain --text --html` output).
 * @example `writeFileAtomic('why.html', tokensPage(rows, { title: 'Why spam', classes: ['ham', 'spam'], method: 'occlusion' }))`
 */
export function tokensPage(rows: readonly TokenAttribution[], o: { readonly title: string; readonly classes?: readonly string[]; readonly method: string }): string {
  const fig = tokensFigure(rows, { id: 'tokens', method: o.method, ...(o.classes ? { classes: o.classes } : {}) });
  const legend = '<p class="note">Orange: the token pushes towards the explained class; blue: against it; white: no effect. Colours are scaled per text by its largest |score| (a blue–orange scale readable with the common colour-vision deficiencies); hover a token for its exact score.</p>';
  return pageHtml({ title: o.title, body: `<h1>${escapeHtml(o.title)}</h1>${legend}<div class="figures">${figureHtml(fig)}</div>` });
}
