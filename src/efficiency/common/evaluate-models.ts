import type { HostTensor } from '../../core/index.js';
import type { Graph } from '../../ir/index.js';
import { Session, type SessionOptions } from '../../runtime/index.js';
import { accuracy, argmaxRows, predictBatched } from '../../train/index.js';

/** How a compressed model compares with its original on held-out rows. */
export interface Comparison {
  readonly rows: number;
  /** Top-1 accuracy before and after (only with labels). */
  readonly accuracyBefore?: number;
  readonly accuracyAfter?: number;
  /** accuracyBefore − accuracyAfter in percentage points. */
  readonly accuracyDropPoints?: number;
  /** Fraction of rows where both models predict the same class. */
  readonly agreement: number;
  /** Largest absolute difference between the two models' outputs. */
  readonly maxAbsDiff: number;
}

/** Runs a graph over all rows (one session, batches of 1024). */
export async function predictAll(graph: Graph, x: HostTensor, session: SessionOptions = {}): Promise<HostTensor> {
  const s = await Session.create(graph, session);
  try {
    return await predictBatched(s, x, 1024);
  } finally {
    await s.release();
  }
}

/**
 * Compares two models on the same rows: accuracy (with labels), top-1 agreement and output drift.
 * @example `const c = await compareModels(fp32, int8, xTest, yTest);`
 */
export async function compareModels(before: Graph, after: Graph, x: HostTensor, y?: HostTensor, session: SessionOptions = {}): Promise<Comparison> {
  const a = await predictAll(before, x, session);
  const b = await predictAll(after, x, session);
  const pa = argmaxRows(a);
  const pb = argmaxRows(b);
  let same = 0;
  for (let i = 0; i < pa.length; i++) if (pa[i] === pb[i]) same++;
  let maxAbsDiff = 0;
  for (let i = 0; i < a.data.length; i++) maxAbsDiff = Math.max(maxAbsDiff, Math.abs(Number(a.data[i]) - Number(b.data[i])));
  const rows = pa.length;
  const base = { rows, agreement: same / Math.max(1, rows), maxAbsDiff };
  if (!y) return base;
  const accuracyBefore = accuracy(a, y);
  const accuracyAfter = accuracy(b, y);
  return { ...base, accuracyBefore, accuracyAfter, accuracyDropPoints: 100 * (accuracyBefore - accuracyAfter) };
}
