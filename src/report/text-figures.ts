import type { TokenAttribution } from '../explain/index.js';
import { escapeHtml, figureHtml, pageHtml, type BarChart, type LineChart, type TokensFigure } from '../figure/index.js';

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

/** Equal-width bins from 0 to the longest length: the bin width and each part's counts. */
function lengthBins(parts: readonly ArrayLike<number>[], bins: number): { width: number; counts: number[][] } {
  const hi = Math.max(1, ...parts.flatMap((p) => Array.from(p)));
  const width = Math.max(1, Math.ceil((hi + 1) / bins));
  const counts = parts.map((p) => {
    const c = new Array<number>(Math.ceil((hi + 1) / width)).fill(0);
    for (const v of Array.from(p)) c[Math.floor(v / width)]!++;
    return c;
  });
  return { width, counts };
}

/**
 * Histogram of text lengths (tokens or words per text) as a bar chart, with `bins` equal-width bins.
 * @example `lengthHistogram('len', 'Tokens per message', lengths, 12)`
 */
export function lengthHistogram(id: string, title: string, lengths: ArrayLike<number>, bins = 12): BarChart {
  const { width, counts } = lengthBins([lengths], bins);
  return {
    kind: 'bar',
    id,
    title,
    alt: `${lengths.length} texts by length, bins of ${width}.`,
    valueLabel: 'texts',
    bars: counts[0]!.map((c, b) => ({ label: `${b * width}–${(b + 1) * width - 1}`, value: c })),
  };
}

/**
 * Text lengths of several splits (train vs test) on common bins, as the share of each split's
 * texts per bin (one line per split, drawn at the bin's lower edge), so splits of different sizes compare.
 * @example `lengthDistributions('lengths', 'Tokens per message', [{ name: 'train', lengths: a }, { name: 'test', lengths: b }])`
 */
export function lengthDistributions(id: string, title: string, parts: readonly { readonly name: string; readonly lengths: ArrayLike<number> }[], bins = 16): LineChart {
  const { width, counts } = lengthBins(parts.map((p) => p.lengths), bins);
  return {
    kind: 'line',
    id,
    title,
    alt: `Share of texts per length bin (bins of ${width}) for ${parts.map((p) => `${p.name} (${p.lengths.length} texts)`).join(' and ')}; lines that part show length drift.`,
    xLabel: `length (bins of ${width})`,
    yLabel: 'share of texts',
    series: parts.map((p, k) => ({ name: p.name, points: counts[k]!.map((c, b) => [b * width, c / Math.max(1, p.lengths.length)] as const) })),
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
