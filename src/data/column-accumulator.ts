import type { Rng } from '../core/index.js';
import { parseNumeric } from './data-source.js';
import { foldMissing, foldNearNumber, foldNumber, foldText, type RowHashes } from './row-hasher.js';
import type { ColumnType } from './table.js';

/** Everything one streaming pass learns about a column. */
export interface ColumnProfile {
  readonly name: string;
  readonly type: ColumnType;
  /** Non-missing cells. */
  readonly present: number;
  readonly missing: number;
  /** First missing rows (0-based), up to the evidence cap. */
  readonly missingRows: readonly number[];
  /** Non-missing cells that parse as numbers / that do not. */
  readonly numericLike: number;
  readonly textLike: number;
  /** First rows of each kind (capped), for `mixed_types` evidence. */
  readonly numericLikeRows: readonly number[];
  readonly textLikeRows: readonly number[];
  /** Value → count (numbers as `number` keys); undefined when over the distinct-value cap. */
  readonly counts: ReadonlyMap<string | number, number> | undefined;
  readonly mean: number;
  readonly std: number;
  readonly min: number;
  readonly max: number;
  /** Ascending numeric values: all of them, or a uniform reservoir sample when `sampleExact` is false. */
  readonly sample: Float64Array;
  readonly sampleExact: boolean;
  /** Values outside preliminary fences (set after the first chunk), for one-pass outlier search. */
  readonly outlierCandidates: OutlierCandidates | undefined;
}

/** Rows whose value lies outside [low, high]; `complete` is false when the cap was hit. */
export interface OutlierCandidates {
  readonly low: number;
  readonly high: number;
  readonly rows: readonly number[];
  readonly values: readonly number[];
  readonly complete: boolean;
}

/** Limits of one pass. */
export interface AccumulatorLimits {
  readonly evidenceRows: number;
  /** Cap of `missingRows` (may be Infinity when cleaning). */
  readonly missingRows: number;
  readonly maxDistinct: number;
  readonly sampleSize: number;
  readonly nearBits: number;
  /** Fence width for outlier candidates (preliminary fences use half of it); undefined = off. */
  readonly outlierK: number | undefined;
}

const CANDIDATE_CAP = 50000;

/**
 * Streaming per-column statistics (counts, Welford mean/variance, a reservoir sample, capped
 * value counts) that also folds each cell into the row fingerprints.
 *
 * @example
 * ```ts
 * const acc = new ColumnAccumulator('x', 'number', limits, rng);
 * acc.update(chunk.cells[0], chunk.offset, missing, hashes, undefined);
 * acc.finish();
 * ```
 */
export class ColumnAccumulator {
  private present = 0;
  private missing = 0;
  private readonly missingRows: number[] = [];
  private numericLike = 0;
  private textLike = 0;
  private readonly numericLikeRows: number[] = [];
  private readonly textLikeRows: number[] = [];
  private counts: Map<string | number, number> | undefined = new Map();
  private n = 0;
  private mean = 0;
  private m2 = 0;
  private min = Infinity;
  private max = -Infinity;
  private sample: Float64Array;
  private sampleLen = 0;
  private preLow = Number.NaN;
  private preHigh = Number.NaN;
  private readonly candRows: number[] = [];
  private readonly candValues: number[] = [];
  private candComplete = true;

  constructor(
    readonly name: string,
    readonly type: ColumnType,
    private readonly limits: AccumulatorLimits,
    private readonly rng: Rng,
  ) {
    this.sample = new Float64Array(type === 'number' ? Math.min(1024, limits.sampleSize) : 0);
  }

  /** Consumes one chunk's cells of this column (`offset` = index of the first row). */
  update(
    cells: readonly string[],
    offset: number,
    missingSet: ReadonlySet<string>,
    exact: RowHashes | undefined,
    near: RowHashes | undefined,
  ): void {
    const cap = this.limits.evidenceRows;
    const bits = this.limits.nearBits;
    const numeric = this.type === 'number';
    const maxMarker = this.markerLength(missingSet);
    const watch = numeric && !Number.isNaN(this.preLow);
    for (let i = 0; i < cells.length; i++) {
      const t = cells[i]!;
      if (t.length <= maxMarker && missingSet.has(t)) {
        this.missing++;
        if (this.missingRows.length < this.limits.missingRows) this.missingRows.push(offset + i);
        if (exact !== undefined) foldMissing(exact, i);
        if (near !== undefined) foldMissing(near, i);
        continue;
      }
      this.present++;
      const v = parseNumeric(t);
      const isNum = !Number.isNaN(v);
      if (isNum) {
        this.numericLike++;
        if (this.numericLikeRows.length < cap) this.numericLikeRows.push(offset + i);
      } else {
        this.textLike++;
        if (this.textLikeRows.length < cap) this.textLikeRows.push(offset + i);
      }
      if (numeric && isNum) {
        this.addNumber(v);
        if (this.counts !== undefined) this.count(v);
        if (watch && (v < this.preLow || v > this.preHigh)) this.candidate(offset + i, v);
        if (exact !== undefined) foldNumber(exact, i, v);
        if (near !== undefined) foldNearNumber(near, i, v, bits);
      } else {
        if (this.counts !== undefined) this.count(t);
        if (exact !== undefined) foldText(exact, i, t);
        if (near !== undefined) foldText(near, i, t.toLowerCase().replace(/\s+/g, ' '));
      }
    }
    if (numeric && !watch && this.limits.outlierK !== undefined && this.sampleLen > 0) this.setFences(cells, offset, missingSet);
  }

  private markerLength(set: ReadonlySet<string>): number {
    let m = 0;
    for (const s of set) m = Math.max(m, s.length);
    return m;
  }

  /** After the first chunk: preliminary fences (half width) and candidates from this chunk. */
  private setFences(cells: readonly string[], offset: number, missingSet: ReadonlySet<string>): void {
    const sorted = this.sample.slice(0, this.sampleLen).sort();
    const q = (p: number): number => {
      const pos = (sorted.length - 1) * p;
      const lo = Math.floor(pos);
      return sorted[lo]! + (sorted[Math.min(sorted.length - 1, lo + 1)]! - sorted[lo]!) * (pos - lo);
    };
    const p10 = q(0.1);
    const p90 = q(0.9);
    const w = ((p90 - p10) * this.limits.outlierK!) / 2;
    this.preLow = p10 - w;
    this.preHigh = p90 + w;
    for (let i = 0; i < cells.length; i++) {
      const t = cells[i]!;
      if (missingSet.has(t)) continue;
      const v = parseNumeric(t);
      if (v < this.preLow || v > this.preHigh) this.candidate(offset + i, v);
    }
  }

  private candidate(row: number, v: number): void {
    if (this.candRows.length >= CANDIDATE_CAP) {
      this.candComplete = false;
      return;
    }
    this.candRows.push(row);
    this.candValues.push(v);
  }

  private count(key: string | number): void {
    const m = this.counts;
    if (m === undefined) return;
    m.set(key, (m.get(key) ?? 0) + 1);
    if (m.size > this.limits.maxDistinct) this.counts = undefined;
  }

  private addNumber(v: number): void {
    this.n++;
    const d = v - this.mean;
    this.mean += d / this.n;
    this.m2 += d * (v - this.mean);
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
    const cap = this.limits.sampleSize;
    if (this.sampleLen < cap) {
      if (this.sampleLen === this.sample.length) {
        const grown = new Float64Array(Math.min(cap, this.sample.length * 2));
        grown.set(this.sample);
        this.sample = grown;
      }
      this.sample[this.sampleLen++] = v;
    } else {
      const j = Math.floor(this.rng.uniform() * this.n);
      if (j < cap) this.sample[j] = v;
    }
  }

  /** The final, immutable profile. */
  finish(): ColumnProfile {
    const sample = this.sample.slice(0, this.sampleLen).sort();
    return Object.freeze({
      name: this.name,
      type: this.type,
      present: this.present,
      missing: this.missing,
      missingRows: this.missingRows,
      numericLike: this.numericLike,
      textLike: this.textLike,
      numericLikeRows: this.numericLikeRows,
      textLikeRows: this.textLikeRows,
      counts: this.counts,
      mean: this.n > 0 ? this.mean : Number.NaN,
      std: this.n > 1 ? Math.sqrt(this.m2 / (this.n - 1)) : 0,
      min: this.n > 0 ? this.min : Number.NaN,
      max: this.n > 0 ? this.max : Number.NaN,
      sample,
      sampleExact: this.n <= this.limits.sampleSize,
      outlierCandidates: Number.isNaN(this.preLow)
        ? undefined
        : { low: this.preLow, high: this.preHigh, rows: this.candRows, values: this.candValues, complete: this.candComplete },
    });
  }
}
