import type { Figure, FigureValue, GalleryItem } from '../../figure/index.js';
import type { CheckContext } from '../check.js';
import type { DataSource } from '../data-source.js';
import { readRows, rowText } from './example-rows.js';
import type { PixelShape } from '../pixel-shape.js';
import { thumbnail } from './pixel-figures.js';

/** How examples are shown: as pixels, as the text column, or as `name=value` pairs. */
export interface ExampleView {
  readonly source: DataSource;
  readonly target: string | undefined;
  readonly text?: string | undefined;
  readonly pixels?: { readonly shape: PixelShape; readonly columns: readonly number[]; readonly range: readonly [number, number] } | undefined;
  /** Image data sets: the scan's gray thumbnails (`side` × `side` bytes a row). */
  readonly thumbs?: { readonly side: number; readonly data: Uint8Array } | undefined;
}

function example(view: ExampleView, row: number, cells: readonly string[], label: string): Pick<GalleryItem, 'image' | 'text'> {
  const t = view.thumbs;
  if (t !== undefined) return { image: thumbnail(t.data.subarray(row * t.side * t.side, (row + 1) * t.side * t.side), { channels: 1, height: t.side, width: t.side }, [0, 255], label, 5) };
  if (view.pixels !== undefined) return { image: thumbnail(view.pixels.columns.map((j) => Number(cells[j])), view.pixels.shape, view.pixels.range, label) };
  const j = view.text === undefined ? -1 : view.source.columns.indexOf(view.text);
  return { text: j >= 0 ? (cells[j] ?? '') : rowText(view.source.columns, cells, view.target) };
}

/**
 * A gallery of the most suspicious label issues (least confidence in the given label first): each
 * example's image or text with its given label, the suggested label and that confidence;
 * `probabilities` says where the probabilities came from (the alt text).
 */
export async function labelIssueGallery(ctx: CheckContext, view: ExampleView, max: number, probabilities = 'out-of-fold predictions'): Promise<Figure[]> {
  const r = ctx.labelIssues;
  const labels = ctx.train.labels;
  if (r === undefined || labels === undefined || r.issues.length === 0) return [];
  const rows = r.issues.slice(0, max);
  const cells = await readRows(view.source, rows);
  const items: GalleryItem[] = rows.map((row, k) => {
    const given = labels.classes[labels.codes[row] ?? -1] ?? '(missing)';
    const suggested = labels.classes[r.suggestedLabels[k] ?? -1] ?? '?';
    const fields: [string, FigureValue][] = [
      ['given', given],
      ['suggested', suggested],
      ['confidence in given', r.issueScores[k] ?? null],
    ];
    return { label: `row ${row}`, ...example(view, row, cells.get(row) ?? [], `row ${row}, labelled ${given}, suggested ${suggested}`), fields };
  });
  return [
    {
      kind: 'gallery',
      id: 'data-label-issues',
      title: `Label issues: the ${items.length} least confident of ${r.issues.length}`,
      alt: `The ${items.length} training examples whose given label the probabilities (${probabilities}) trust least, with the given label, the suggested label and the predicted probability of the given label.`,
      items,
    },
  ];
}

/**
 * Groups of identical rows (largest first) with their row numbers and sizes, and what the rows
 * hold; sizes count the copies recorded in the evidence (capped with it).
 */
export async function duplicateGroups(ctx: CheckContext, view: ExampleView, max: number): Promise<Figure[]> {
  const { count, pairs } = ctx.train.duplicates;
  if (count === 0) return [];
  const groups = new Map<number, number[]>();
  for (const [row, first] of pairs) groups.set(first, [...(groups.get(first) ?? [first]), row]);
  const top = [...groups.values()].sort((a, b) => b.length - a.length || a[0]! - b[0]!).slice(0, max);
  const cells = view.pixels === undefined && view.thumbs === undefined ? await readRows(view.source, top.map((g) => g[0]!)) : new Map<number, readonly string[]>();
  const rowsOf = (g: readonly number[]): string => (g.length > 12 ? `${g.slice(0, 12).join(', ')}, … (${g.length})` : g.join(', '));
  return [
    {
      kind: 'table',
      id: 'data-duplicate-groups',
      title: `Duplicate groups: ${top.length} of ${groups.size} group(s), ${count} repeated row(s)`,
      alt: `Groups of identical training rows, largest first: the rows of each group, its size and the row's content.`,
      columns: ['group', 'size', 'rows (0-based)', ...(view.pixels === undefined && view.thumbs === undefined ? ['content'] : [])],
      rows: top.map((g, k) => [k + 1, g.length, rowsOf(g), ...(view.pixels === undefined && view.thumbs === undefined ? [rowText(view.source.columns, cells.get(g[0]!) ?? [], undefined, 10)] : [])]),
    },
  ];
}
