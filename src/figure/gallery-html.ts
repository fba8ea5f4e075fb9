import { escapeHtml } from './escape.js';
import type { FigureValue, GalleryFigure } from './figure-types.js';
import { fmt } from './scale.js';

/** Characters of an example's text shown in a card (the whole text stays in the data table). */
const TEXT_CHARS = 280;

const show = (v: FigureValue): string => (typeof v === 'number' ? fmt(v) : v === null ? '' : String(v));

/**
 * A gallery as HTML: one card per example — its image (a PNG data URL, allowed by the pages'
 * `img-src data:` policy) or its text — with the facts under it as a description list.
 * @example `galleryHtml({ kind: 'gallery', id: 'g', title: 'Label issues', alt: '…', items: [{ label: 'row 3', text: 'free prize', fields: [['given', 'ham']] }] })`
 */
export function galleryHtml(g: GalleryFigure): string {
  const cards = g.items.map((item) => {
    const img = item.image === undefined ? '' : `<img src="${escapeHtml(item.image.src)}" width="${Math.round(item.image.width)}" height="${Math.round(item.image.height)}" alt="${escapeHtml(item.image.alt)}">`;
    const t = item.text === undefined ? '' : `<blockquote>${escapeHtml(item.text.length > TEXT_CHARS ? `${item.text.slice(0, TEXT_CHARS - 1)}…` : item.text)}</blockquote>`;
    const facts = item.fields.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(show(v))}</dd>`).join('');
    return `<div class="card" role="listitem"><h4>${escapeHtml(item.label)}</h4>${img}${t}<dl>${facts}</dl></div>`;
  });
  return `<div class="gallery" role="list" aria-label="${escapeHtml(g.alt)}">${cards.join('')}</div>`;
}
