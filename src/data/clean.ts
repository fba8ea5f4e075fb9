import { UsageError, featureTensor } from '../core/index.js';
import { AtomicFile, assertOutputsSafe } from '../io/index.js';
import { findLabelIssues, type LabelIssueOptions } from './confident-learning.js';
import { crossValProbabilities, type CrossValOptions } from './cross-val-probabilities.js';
import { csvRow } from './csv-writer.js';
import { standardizedFeatures } from './feature-matrix.js';
import type { DataSource, ReadOptions } from './data-source.js';
import { openSource } from './open-source.js';
import { openNpyProbabilities, type ProbabilitySource } from './probability-source.js';
import { profileDataset, type DatasetProfile } from './profile-dataset.js';
import { quantileSorted } from './statistics.js';

/** Options of {@link clean}. Paths: the inputs are only read; outputs are written atomically. */
export interface CleanOptions {
  readonly input: string;
  readonly output: string;
  /** CSV listing every change: file, row, line, column, action, old_value, new_value, reason. */
  readonly review: string;
  readonly target?: string | undefined;
  /** Test split: rows repeating training rows are dropped from its cleaned copy. */
  readonly test?: string | undefined;
  readonly testOutput?: string | undefined;
  /** Drop rows repeating an earlier row; default true. */
  readonly dedupe?: boolean;
  /** Fill missing feature cells with the column median (numbers) or mode (text); default `median-mode`. */
  readonly impute?: 'median-mode' | 'none';
  /** Also drop near-duplicate leaked test rows (not only exact copies); default true. */
  readonly dropNearLeaks?: boolean;
  /** What to do with label issues found from `probs`; default `drop`. */
  readonly labelIssues?: 'drop' | 'relabel' | 'keep';
  readonly probs?: ProbabilitySource | string | undefined;
  readonly labelIssueOptions?: LabelIssueOptions;
  /** Without `probs`: out-of-fold probabilities from k-fold cross-validation of a Keel MLP. */
  readonly crossValidation?: CrossValOptions | undefined;
  readonly read?: ReadOptions;
}

/** What {@link clean} changed. */
export interface CleanSummary {
  readonly rowsIn: number;
  readonly rowsOut: number;
  readonly duplicatesDropped: number;
  readonly cellsImputed: number;
  readonly labelIssuesDropped: number;
  readonly labelsChanged: number;
  readonly testRowsIn: number;
  readonly testRowsOut: number;
  readonly leakedRowsDropped: number;
}

const REVIEW_HEADER = ['file', 'row', 'line', 'column', 'action', 'old_value', 'new_value', 'reason'];

function fillValues(p: DatasetProfile): (string | undefined)[] {
  return p.columns.map((c) => {
    if (c.name === p.target || c.present === 0) return undefined;
    if (c.type === 'number' && c.sample.length > 0) return String(quantileSorted(c.sample, 0.5));
    if (c.counts === undefined) return undefined;
    let best: string | number | undefined;
    let n = 0;
    for (const [v, k] of c.counts) if (k > n) [best, n] = [v, k];
    return best === undefined ? undefined : String(best);
  });
}

/**
 * Writes a cleaned copy of a CSV file — duplicates dropped, missing cells imputed (median / mode),
 * label issues dropped or relabelled — plus the test split without rows leaked from training,
 * and a review CSV with one line per change. Inputs are never touched: an output path equal to
 * an input is refused (`OUTPUT_IS_INPUT`), and every file is written to a temporary file and
 * renamed into place.
 *
 * @example
 * ```ts
 * const s = await clean({ input: 'train.csv', output: 'train.clean.csv', review: 'review.csv', target: 'y' });
 * s.duplicatesDropped;
 * ```
 */
export async function clean(options: CleanOptions): Promise<CleanSummary> {
  const testPair = options.test !== undefined && options.testOutput !== undefined;
  if (options.test !== undefined && options.testOutput === undefined) {
    throw new UsageError('CLEAN_TEST_OUTPUT', 'A test file was given without testOutput; say where its cleaned copy goes.', {});
  }
  const outputs = [options.output, options.review, ...(testPair ? [options.testOutput] : [])];
  assertOutputsSafe({ inputs: [options.input, options.test, typeof options.probs === 'string' ? options.probs : undefined], outputs });
  const read = options.read ?? {};
  const src = await openSource(options.input, read);
  const train = await profileDataset(src, { target: options.target, keepAllRows: true, nearIndex: testPair });
  const drop = new Map<number, string>();
  if (options.dedupe ?? true) for (const [row, first] of train.duplicates.pairs) drop.set(row, `duplicate of row ${first}`);
  const relabel = new Map<number, string>();
  let issuesDropped = 0;
  const mode = options.labelIssues ?? 'drop';
  const cv = options.crossValidation;
  if ((options.probs !== undefined || cv !== undefined) && train.labels !== undefined && mode !== 'keep') {
    const probs =
      options.probs === undefined
        ? (await crossValProbabilities(featureTensor(await standardizedFeatures(src, train)), train.labels.codes, train.labels.classes.length, cv)).probs
        : typeof options.probs === 'string'
          ? await openNpyProbabilities(options.probs)
          : options.probs;
    const report = await findLabelIssues(train.labels.codes, probs, options.labelIssueOptions ?? {});
    report.issues.forEach((row, i) => {
      if (drop.has(row)) return;
      const suggestion = train.labels!.classes[report.suggestedLabels[i]!]!;
      if (mode === 'drop') {
        drop.set(row, `label issue (self-confidence ${report.issueScores[i]!.toFixed(4)}; predicted ${suggestion})`);
        issuesDropped++;
      } else relabel.set(row, suggestion);
    });
  }
  const fills = (options.impute ?? 'median-mode') === 'median-mode' ? fillValues(train) : [];
  const review = await AtomicFile.create(options.review);
  const files: AtomicFile[] = [review];
  try {
    await review.write(csvRow(REVIEW_HEADER) + '\n');
    const out = await AtomicFile.create(options.output);
    files.push(out);
    const written = await writeTrain(src, train, out, review, { drop, relabel, fills, target: options.target });
    let testIn = 0;
    let testOut = 0;
    let leaked = 0;
    if (testPair) {
      const testSrc = await openSource(options.test, read);
      const test = await profileDataset(testSrc, { target: options.target, keepAllRows: true, reference: train });
      const leaks = new Map<number, string>();
      for (const [row, t] of test.leakage?.exactPairs ?? []) leaks.set(row, `exact copy of train row ${t}`);
      if (options.dropNearLeaks ?? true) for (const [row, t] of test.leakage?.nearPairs ?? []) leaks.set(row, `near copy of train row ${t}`);
      const tOut = await AtomicFile.create(options.testOutput);
      files.push(tOut);
      testOut = await writeTrain(testSrc, test, tOut, review, { drop: leaks, relabel: new Map(), fills: [], target: options.target });
      testIn = test.rowCount;
      leaked = leaks.size;
    }
    for (const f of files.slice(1)) await f.commit();
    await review.commit();
    return {
      rowsIn: train.rowCount,
      rowsOut: written,
      duplicatesDropped: drop.size - issuesDropped,
      cellsImputed: fills.reduce((s, f, j) => s + (f === undefined ? 0 : train.columns[j]!.missing), 0),
      labelIssuesDropped: issuesDropped,
      labelsChanged: relabel.size,
      testRowsIn: testIn,
      testRowsOut: testOut,
      leakedRowsDropped: leaked,
    };
  } catch (e) {
    for (const f of files) await f.abort();
    throw e;
  }
}

interface Edits {
  readonly drop: ReadonlyMap<number, string>;
  readonly relabel: ReadonlyMap<number, string>;
  readonly fills: readonly (string | undefined)[];
  readonly target: string | undefined;
}

async function writeTrain(src: DataSource, profile: DatasetProfile, out: AtomicFile, review: AtomicFile, e: Edits): Promise<number> {
  const name = src.name;
  const targetIdx = e.target === undefined ? -1 : src.columns.indexOf(e.target);
  await out.write(csvRow(src.columns) + '\n');
  const missingRows = profile.columns.map((c) => new Set(c.missingRows));
  let written = 0;
  for await (const chunk of src.chunks()) {
    const lines: string[] = [];
    for (let i = 0; i < chunk.length; i++) {
      const row = chunk.offset + i;
      const line = String(chunk.lines[i] ?? '');
      const cells = chunk.cells.map((c) => c[i]!);
      const why = e.drop.get(row);
      if (why !== undefined) {
        await review.write(csvRow([name, String(row), line, '', 'drop_row', '', '', why]) + '\n');
        continue;
      }
      const newLabel = e.relabel.get(row);
      if (newLabel !== undefined && targetIdx >= 0) {
        await review.write(csvRow([name, String(row), line, e.target!, 'relabel', cells[targetIdx]!, newLabel, 'label issue']) + '\n');
        cells[targetIdx] = newLabel;
      }
      for (let j = 0; j < cells.length; j++) {
        const fill = e.fills[j];
        if (fill !== undefined && missingRows[j]!.has(row)) {
          const kind = src.types[j] === 'number' ? 'median' : 'mode';
          await review.write(csvRow([name, String(row), line, src.columns[j]!, 'impute', cells[j]!, fill, `missing; column ${kind}`]) + '\n');
          cells[j] = fill;
        }
      }
      lines.push(csvRow(cells));
      written++;
    }
    if (lines.length > 0) await out.write(lines.join('\n') + '\n');
  }
  return written;
}
