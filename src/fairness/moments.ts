/**
 * Fairness constraints as "moments" for the reductions approach (Agarwal et al., 2018): linear
 * functions γ(h) of a classifier's predictions, one per (event, group) cell, where
 * γ_{e,g}(h) = E[h | E = e, A = g] − E[h | E = e]. Demographic parity uses a single event;
 * equalized odds uses the true label as the event.
 * @module
 */

/** Which parity a `Moment` constrains. */
export type ParityConstraint = 'demographic_parity' | 'equalized_odds';

/**
 * A parity constraint loaded with training data.
 * @example `const m = new ParityMoment('demographic_parity', y, groups, 2, w);`
 */
export class ParityMoment {
  readonly constraint: ParityConstraint;
  /** Number of (event, group) cells, i.e. of signed constraints per sign. */
  readonly size: number;
  private readonly event: Int32Array;
  private readonly cell: Int32Array;
  private readonly cellWeight: Float64Array;
  private readonly eventWeight: Float64Array;
  private readonly nGroups: number;
  private readonly weight: Float64Array;

  constructor(constraint: ParityConstraint, y: Uint8Array, groups: Int32Array, nGroups: number, weight: Float64Array) {
    this.constraint = constraint;
    this.nGroups = nGroups;
    this.weight = weight;
    const nEvents = constraint === 'equalized_odds' ? 2 : 1;
    this.size = nEvents * nGroups;
    this.event = Int32Array.from(y, (v) => (nEvents === 2 ? v : 0));
    this.cell = this.event.map((e, i) => e * nGroups + groups[i]!);
    this.cellWeight = new Float64Array(this.size);
    this.eventWeight = new Float64Array(nEvents);
    for (let i = 0; i < y.length; i++) {
      this.cellWeight[this.cell[i]!]! += weight[i]!;
      this.eventWeight[this.event[i]!]! += weight[i]!;
    }
  }

  /** Weighted mean prediction per (event, group) cell; `NaN` for empty cells. */
  cellMeans(pred: Float64Array): Float64Array {
    const sum = new Float64Array(this.size);
    for (let i = 0; i < pred.length; i++) sum[this.cell[i]!]! += this.weight[i]! * pred[i]!;
    return sum.map((s, c) => (this.cellWeight[c]! > 0 ? s / this.cellWeight[c]! : Number.NaN));
  }

  /** γ per cell: cell mean minus event mean (0 for empty cells). */
  gamma(pred: Float64Array): Float64Array {
    const means = this.cellMeans(pred);
    const out = new Float64Array(this.size);
    for (let e = 0; e < this.eventWeight.length; e++) {
      let eventMean = 0;
      for (let g = 0; g < this.nGroups; g++) {
        const c = e * this.nGroups + g;
        if (this.eventWeight[e]! > 0 && this.cellWeight[c]! > 0) eventMean += (means[c]! * this.cellWeight[c]!) / this.eventWeight[e]!;
      }
      for (let g = 0; g < this.nGroups; g++) {
        const c = e * this.nGroups + g;
        out[c] = this.cellWeight[c]! > 0 ? means[c]! - eventMean : 0;
      }
    }
    return out;
  }

  /** The reported disparity: largest (max − min) of cell means over events. */
  disparity(pred: Float64Array): number {
    const means = this.cellMeans(pred);
    let worst = 0;
    for (let e = 0; e < this.eventWeight.length; e++) {
      const vals = Array.from(means.subarray(e * this.nGroups, (e + 1) * this.nGroups)).filter((v) => !Number.isNaN(v));
      if (vals.length > 0) worst = Math.max(worst, Math.max(...vals) - Math.min(...vals));
    }
    return worst;
  }

  /**
   * Per-row benefit of predicting 1 under the constraint part of the Lagrangian with signed
   * multipliers `lambdaSigned` (λ⁺ − λ⁻, one per cell).
   */
  signedWeights(lambdaSigned: Float64Array): Float64Array {
    const eventSum = new Float64Array(this.eventWeight.length);
    for (let c = 0; c < this.size; c++) eventSum[Math.floor(c / this.nGroups)]! += lambdaSigned[c]!;
    const out = new Float64Array(this.weight.length);
    for (let i = 0; i < out.length; i++) {
      const e = this.event[i]!, c = this.cell[i]!;
      out[i] = this.weight[i]! * (eventSum[e]! / this.eventWeight[e]! - lambdaSigned[c]! / this.cellWeight[c]!);
    }
    return out;
  }
}
