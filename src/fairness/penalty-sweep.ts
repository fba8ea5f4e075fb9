/**
 * The sweep over fairness-penalty strengths that every penalised learner runs: the training rows
 * validated once, one model per strength, and the accuracy/disparity trade-off the models trace.
 * The loop and its bookkeeping live here once; a learner brings only its fit, synchronous
 * ({@link runPenaltySweep}) or asynchronous ({@link runPenaltySweepAsync}).
 * @module
 */
import { UsageError } from '../core/index.js';
import type { ReductionFitOptions } from './exponentiated-gradient.js';
import { groupRows, groupShares, type GroupIndex } from './groups.js';
import { ParityMoment } from './moments.js';
import { paretoFront } from './pareto.js';
import { binarize, fitWeightTotal, resolvePosLabel, resolveWeights } from './validation.js';
import type { Column, ParetoPoint } from './types.js';

/** The training rows of one sweep, validated once, and the strengths to try in order. */
export interface PenaltySweep {
  readonly strengths: readonly number[];
  /** 0/1 label of each row. */
  readonly labels: Uint8Array;
  /** Weight of each row (1 when no sample weights were given). */
  readonly weight: Float64Array;
  /** Sum of the weights (> 0). */
  readonly total: number;
  readonly groups: GroupIndex;
  /** Weighted share of each group, `P(g)`, indexed like `groups.groups`. */
  readonly share: Float64Array;
}

/** A model fitted at one strength and its 0/1 predictions on the training rows. */
export interface PenaltyFit<M> {
  readonly model: M;
  readonly predictions: Float64Array;
}

/** One model per strength and the trade-off they trace on the training rows. */
export interface PenaltySweepResult<M> {
  readonly models: readonly M[];
  /** Weighted accuracy and demographic parity difference of each model, in strength order. */
  readonly explored: readonly ParetoPoint[];
  readonly pareto: readonly ParetoPoint[];
}

/**
 * Validates a sweep's training data: strengths >= 0, labels binarised, weights with a positive
 * sum, rows assigned to sensitive groups.
 * @example `const sweep = penaltySweep(y, { features: { sex }, sensitiveFeatures: 'sex' }, [0, 10, 100]);`
 */
export function penaltySweep(y: Column, data: ReductionFitOptions, strengths: readonly number[]): PenaltySweep {
  if (strengths.some((s) => !(s >= 0))) throw new UsageError('INVALID_OPTION', 'Penalty strengths must be >= 0.', { strengths });
  const n = y.length;
  const labels = binarize(y, resolvePosLabel([y], data.posLabel));
  const weight = resolveWeights(data.sampleWeight, n);
  const total = fitWeightTotal(weight);
  const groups = groupRows(data.features, data.sensitiveFeatures, n);
  return { strengths, labels, weight, total, groups, share: groupShares(groups.assignment, weight, total, groups.groups.length) };
}

/** The sweep as steps: yields each strength, takes back that strength's fit, returns the result. */
function* sweepSteps<M>(sweep: PenaltySweep): Generator<number, PenaltySweepResult<M>, PenaltyFit<M>> {
  const { labels, weight, total, groups } = sweep;
  const moment = new ParityMoment('demographic_parity', labels, groups.assignment, groups.groups.length, weight);
  const models: M[] = [];
  const explored: ParetoPoint[] = [];
  for (const strength of sweep.strengths) {
    const { model, predictions } = yield strength;
    let correct = 0;
    for (let i = 0; i < labels.length; i++) if (predictions[i] === labels[i]) correct += weight[i]!;
    models.push(model);
    explored.push({ parameter: strength, accuracy: correct / total, disparity: moment.disparity(predictions), label: `strength ${strength}` });
  }
  return { models, explored, pareto: paretoFront(explored) };
}

/**
 * Runs the sweep with a synchronous fit per strength.
 * @example `const path = runPenaltySweep(sweep, (strength) => { const m = fitAt(strength); return { model: m, predictions: m.predict(X) }; });`
 */
export function runPenaltySweep<M>(sweep: PenaltySweep, fit: (strength: number) => PenaltyFit<M>): PenaltySweepResult<M> {
  const steps = sweepSteps<M>(sweep);
  let step = steps.next();
  while (step.done !== true) step = steps.next(fit(step.value));
  return step.value;
}

/**
 * Runs the sweep with an asynchronous fit per strength (one strength at a time, in order).
 * @example `const path = await runPenaltySweepAsync(sweep, async (strength) => ({ model, predictions: await model.predict(X) }));`
 */
export async function runPenaltySweepAsync<M>(sweep: PenaltySweep, fit: (strength: number) => Promise<PenaltyFit<M>>): Promise<PenaltySweepResult<M>> {
  const steps = sweepSteps<M>(sweep);
  let step = steps.next();
  while (step.done !== true) step = steps.next(await fit(step.value));
  return step.value;
}
