import { DataError } from '../core/index.js';
import type { ProbabilitySource } from './probability-source.js';

/** Which examples count as label issues (as in cleanlab's `filter_by`). */
export type LabelIssueFilter = 'prune_by_noise_rate' | 'confident_learning' | 'both' | 'predicted_neq_given';

/** Options of {@link findLabelIssues}. */
export interface LabelIssueOptions {
  /**
   * Default `prune_by_noise_rate` (flag the round(Q[i][j]·n) largest-margin rows per off-diagonal
   * cell); `confident_learning`: off-diagonal rows of the confident joint; `both`: intersection;
   * `predicted_neq_given`: every row whose argmax differs from its label (highest recall).
   */
  readonly filter?: LabelIssueFilter;
  /** Never flag an example whose given label is also the predicted (argmax) class; default true. */
  readonly excludeArgmaxAgreement?: boolean;
  /** Rows per batch of probabilities; default 8192. */
  readonly batchRows?: number;
}

/**
 * Confident-learning estimates (Northcutt et al., 2021). Matrices are indexed `[given][true]`.
 */
export interface LabelIssueReport {
  /** Per-class threshold t_j: mean predicted p_j over examples labelled j. */
  readonly thresholds: readonly number[];
  /** Confident joint counts C[given][true]. */
  readonly confidentJoint: readonly (readonly number[])[];
  /** Calibrated joint distribution Q[given][true] (sums to 1). */
  readonly joint: readonly (readonly number[])[];
  /** Noise matrix P(given = i | true = j), stored `[i][j]` (columns sum to 1). */
  readonly noiseMatrix: readonly (readonly number[])[];
  /** P(true = j | given = i), stored `[i][j]` (rows sum to 1). */
  readonly inverseNoiseMatrix: readonly (readonly number[])[];
  /** Estimated fraction of wrong labels, 1 − trace(Q). */
  readonly noiseRate: number;
  /** Issue rows ranked by self-confidence p_given(x), least confident first. */
  readonly issues: readonly number[];
  /** Self-confidence of each issue (same order as `issues`). */
  readonly issueScores: readonly number[];
  /** Predicted (argmax) class of each issue, a relabelling suggestion. */
  readonly suggestedLabels: readonly number[];
}

/** Bounded min-heap keeping the `cap` largest scores. */
class TopK {
  readonly scores: Float64Array;
  readonly rows: Int32Array;
  size = 0;
  constructor(readonly cap: number) {
    this.scores = new Float64Array(cap);
    this.rows = new Int32Array(cap);
  }
  push(score: number, row: number): void {
    const s = this.scores;
    const r = this.rows;
    if (this.size < this.cap) {
      let i = this.size++;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (s[p]! <= score) break;
        s[i] = s[p]!;
        r[i] = r[p]!;
        i = p;
      }
      s[i] = score;
      r[i] = row;
      return;
    }
    if (this.cap === 0 || score <= s[0]!) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.size) break;
      const c = l + 1 < this.size && s[l + 1]! < s[l]! ? l + 1 : l;
      if (s[c]! >= score) break;
      s[i] = s[c]!;
      r[i] = r[c]!;
      i = c;
    }
    s[i] = score;
    r[i] = row;
  }
}

const zeros = (k: number): number[][] => Array.from({ length: k }, () => new Array<number>(k).fill(0));

/**
 * Finds label issues from out-of-fold predicted probabilities by confident learning, in three
 * batched passes over the probabilities (memory O(n + k²), never the whole matrix): per-class
 * thresholds, the confident joint, then pruning by estimated noise rate. Labels are class codes
 * 0..k-1 (-1 = missing, ignored). Errors: `PROBS_SHAPE`, `PROBS_INVALID` (naming the row).
 *
 * @example
 * ```ts
 * const report = await findLabelIssues(Int32Array.from(labels), probabilityMatrix(p, n, k));
 * report.issues.slice(0, 10); // ten most suspicious rows
 * ```
 */
export async function findLabelIssues(
  labels: Int32Array,
  probs: ProbabilitySource,
  options: LabelIssueOptions = {},
): Promise<LabelIssueReport> {
  const n = labels.length;
  const k = probs.classes;
  const batchRows = options.batchRows ?? 8192;
  if (probs.rows !== n) {
    throw new DataError('PROBS_SHAPE', `Probabilities have ${probs.rows} rows but there are ${n} labels; give one row per example.`, {
      expected: n,
      actual: probs.rows,
    });
  }
  let maxLabel = -1;
  for (const l of labels) maxLabel = Math.max(maxLabel, l);
  if (maxLabel >= k) {
    throw new DataError('PROBS_SHAPE', `Labels go up to class ${maxLabel} but probabilities have only ${k} columns.`, {
      classes: k,
      maxLabel,
    });
  }
  // Pass 1: thresholds.
  const sums = new Float64Array(k);
  const counts = new Float64Array(k);
  for await (const b of probs.batches(batchRows)) {
    for (let r = 0; r < b.rows; r++) {
      const y = labels[b.offset + r]!;
      const base = r * k;
      for (let j = 0; j < k; j++) {
        const p = b.data[base + j]!;
        if (!(p >= -1e-6 && p <= 1 + 1e-6)) {
          throw new DataError('PROBS_INVALID', `Probability [${b.offset + r}, ${j}] = ${p} is not in [0, 1].`, {
            row: b.offset + r,
            column: j,
            value: p,
          });
        }
      }
      if (y >= 0) {
        sums[y] = sums[y]! + b.data[base + y]!;
        counts[y] = counts[y]! + 1;
      }
    }
  }
  const thresholds = Array.from(sums, (s, j) => (counts[j]! > 0 ? s / counts[j]! : 1));
  // Pass 2: confident joint, self-confidence, argmax.
  const cj = zeros(k);
  const confident = new Int32Array(n).fill(-1);
  const argmax = new Int32Array(n);
  const selfConf = new Float32Array(n);
  for await (const b of probs.batches(batchRows)) {
    for (let r = 0; r < b.rows; r++) {
      const row = b.offset + r;
      const y = labels[row]!;
      const base = r * k;
      let best = -1;
      let bestP = -1;
      let am = 0;
      for (let j = 0; j < k; j++) {
        const p = b.data[base + j]!;
        if (p > b.data[base + am]!) am = j;
        if (p >= thresholds[j]! - 1e-12 && p > bestP) {
          best = j;
          bestP = p;
        }
      }
      argmax[row] = am;
      if (y < 0) continue;
      selfConf[row] = b.data[base + y]!;
      if (best >= 0) {
        confident[row] = best;
        cj[y]![best]!++;
      }
    }
  }
  for (let i = 0; i < k; i++) cj[i]![i] = Math.max(1, cj[i]![i]!);
  // Calibrate to the given-label counts and normalise.
  const labelled = counts.reduce((s, v) => s + v, 0);
  const joint = zeros(k);
  for (let i = 0; i < k; i++) {
    const rowSum = cj[i]!.reduce((s, v) => s + v, 0);
    for (let j = 0; j < k; j++) {
      joint[i]![j] = rowSum > 0 ? (cj[i]![j]! / rowSum) * (counts[i]! / labelled) : i === j ? counts[i]! / labelled : 0;
    }
  }
  const noiseMatrix = zeros(k);
  const inverse = zeros(k);
  for (let j = 0; j < k; j++) {
    const colSum = joint.reduce((s, row) => s + row[j]!, 0);
    for (let i = 0; i < k; i++) noiseMatrix[i]![j] = colSum > 0 ? joint[i]![j]! / colSum : i === j ? 1 : 0;
  }
  for (let i = 0; i < k; i++) {
    const rowSum = joint[i]!.reduce((s, v) => s + v, 0);
    for (let j = 0; j < k; j++) inverse[i]![j] = rowSum > 0 ? joint[i]![j]! / rowSum : i === j ? 1 : 0;
  }
  let trace = 0;
  for (let i = 0; i < k; i++) trace += joint[i]![i]!;
  const flagged = new Uint8Array(n);
  const filter = options.filter ?? 'prune_by_noise_rate';
  if (filter === 'prune_by_noise_rate' || filter === 'both') await pruneByNoiseRate(labels, probs, joint, labelled, batchRows, flagged);
  for (let r = 0; r < n; r++) {
    const y = labels[r]!;
    const offDiagonal = y >= 0 && confident[r]! >= 0 && confident[r] !== y;
    if (filter === 'confident_learning') flagged[r] = offDiagonal ? 1 : 0;
    else if (filter === 'predicted_neq_given') flagged[r] = y >= 0 && argmax[r] !== y ? 1 : 0;
    else if (filter === 'both' && !offDiagonal) flagged[r] = 0;
    if ((options.excludeArgmaxAgreement ?? true) && argmax[r] === y) flagged[r] = 0;
  }
  const issues: number[] = [];
  for (let r = 0; r < n; r++) if (flagged[r] === 1) issues.push(r);
  issues.sort((a, b) => selfConf[a]! - selfConf[b]! || a - b);
  return Object.freeze({
    thresholds,
    confidentJoint: cj,
    joint,
    noiseMatrix,
    inverseNoiseMatrix: inverse,
    noiseRate: 1 - trace,
    issues,
    issueScores: issues.map((r) => selfConf[r]!),
    suggestedLabels: issues.map((r) => argmax[r]!),
  });
}

/** Pass 3: for each (given i, true j) flag the round(Q[i][j]·n) class-i rows with the largest p_j − p_i. */
async function pruneByNoiseRate(
  labels: Int32Array,
  probs: ProbabilitySource,
  joint: readonly (readonly number[])[],
  labelled: number,
  batchRows: number,
  flagged: Uint8Array,
): Promise<void> {
  const k = probs.classes;
  const heaps = new Map<number, TopK>();
  const targets: number[][] = [];
  for (let i = 0; i < k; i++) {
    const js: number[] = [];
    for (let j = 0; j < k; j++) {
      const m = i === j ? 0 : Math.round(joint[i]![j]! * labelled);
      if (m > 0) {
        js.push(j);
        heaps.set(i * k + j, new TopK(m));
      }
    }
    targets.push(js);
  }
  for await (const b of probs.batches(batchRows)) {
    for (let r = 0; r < b.rows; r++) {
      const y = labels[b.offset + r]!;
      if (y < 0) continue;
      const base = r * k;
      const py = b.data[base + y]!;
      for (const j of targets[y]!) heaps.get(y * k + j)!.push(b.data[base + j]! - py, b.offset + r);
    }
  }
  for (const h of heaps.values()) for (let t = 0; t < h.size; t++) flagged[h.rows[t]!] = 1;
}
