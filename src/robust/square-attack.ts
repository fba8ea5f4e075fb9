import type { Model } from '../model/index.js';
import { scoresOf } from './classifier.js';
import { Rng, type HostTensor } from '../core/index.js';
import { finishAttack, prepareAttack, takeRows, type Attack, type AttackInputs, type AttackResult } from './attack.js';
import type { Classifier } from './classifier.js';
import { project, type Ball, type Norm, type PerturbOptions } from './threat-model.js';

/** Options for {@link SquareAttack}. */
export interface SquareOptions {
  /** Query budget per example (default 1000). */
  readonly queries?: number;
  /** Initial fraction of pixels changed per square (default 0.8, as in AutoAttack). */
  readonly pInit?: number;
}

/**
 * Square Attack (Andriushchenko et al. 2020), L∞, score-based: needs only the model's outputs.
 * Starts from random vertical stripes at ±ε, then proposes random squares set to ±ε per channel
 * and keeps a proposal when it lowers the margin z_y − max_{j≠y} z_j (or, targeted, raises the
 * target's margin). Square sizes shrink on the paper's schedule.
 *
 * @example
 * ```ts
 * const r = await new SquareAttack(blackBox(model), { queries: 1000 }).perturb(x, y, { eps: 0.1 });
 * ```
 */
export class SquareAttack implements Attack {
  readonly name = 'square';
  readonly norms: readonly Norm[] = ['linf'];

  private readonly model: Classifier;

  constructor(
    model: Classifier | Model,
    private readonly opts: SquareOptions = {},
  ) {
    this.model = scoresOf(model);
  }

  async perturb(inputs: HostTensor, labels: HostTensor, opts: PerturbOptions): Promise<AttackResult> {
    const a = prepareAttack(this.model, inputs, labels, opts, this.name, this.norms);
    const [c, h, w] = imageDims(this.model.rowShape);
    const { dim, rows, x, ball } = a;
    const rng = new Rng(a.seed);
    const budget = this.opts.queries ?? 1000;
    const adv = new Float32Array(x.length);
    for (let i = 0; i < rows; i++) {
      for (let ch = 0; ch < c; ch++) {
        for (let col = 0; col < w; col++) {
          const s = rng.uniform() < 0.5 ? -ball.eps : ball.eps;
          for (let r = 0; r < h; r++) {
            const j = i * dim + ch * h * w + r * w + col;
            adv[j] = x[j]! + s;
          }
        }
      }
    }
    project(adv, x, dim, ball);
    const margin = await this.margins(adv, rows, a);
    let queries = rows;
    for (let it = 1; it < budget; it++) {
      const active: number[] = [];
      margin.forEach((m, i) => m > 0 && active.push(i));
      if (active.length === 0) break;
      const p = pSchedule(this.opts.pInit ?? 0.8, it, budget);
      const side = Math.min(h, w, Math.max(1, Math.round(Math.sqrt((p * h * w)))));
      const cand = takeRows(adv, active, dim);
      active.forEach((i, k) => {
        const r0 = rng.int(h - side + 1);
        const c0 = rng.int(w - side + 1);
        for (let ch = 0; ch < c; ch++) {
          // As in the paper's code: a proposal must change the window, else the query is wasted
          // (with one channel, half of all random signs would repeat the current square).
          let s = rng.uniform() < 0.5 ? -ball.eps : ball.eps;
          if (!changesWindow(cand, x, k * dim, i * dim, ch * h * w, w, r0, c0, side, s, ball)) s = -s;
          for (let r = r0; r < r0 + side; r++) {
            for (let q = c0; q < c0 + side; q++) {
              const j = ch * h * w + r * w + q;
              cand[k * dim + j] = x[i * dim + j]! + s;
            }
          }
        }
      });
      project(cand, takeRows(x, active, dim), dim, ball);
      const m = await this.margins(cand, active.length, a, active);
      queries += active.length;
      active.forEach((i, k) => {
        if (m[k]! < margin[i]!) {
          margin[i] = m[k]!;
          adv.set(cand.subarray(k * dim, (k + 1) * dim), i * dim);
        }
      });
    }
    return finishAttack(this.model, a, adv, { queries });
  }

  /** Margin the attacker wants below 0: z_y − max_{j≠y} z_j (targeted: max_{j≠t} z_j − z_t). */
  private async margins(p: Float32Array, n: number, a: AttackInputs, idx?: readonly number[]): Promise<Float64Array> {
    const z = await this.model.logits(p, n);
    const c = this.model.classes;
    return Float64Array.from({ length: n }, (_, k) => {
      const i = idx ? idx[k]! : k;
      const t = a.targets ? a.targets[i]! : a.labels[i]!;
      let other = -Infinity;
      for (let j = 0; j < c; j++) if (j !== t) other = Math.max(other, z[k * c + j]!);
      const d = z[k * c + t]! - other;
      return a.targets ? -d : d;
    });
  }
}

/** [channels, height, width] of one input row: [C,H,W] images, [H,W] greyscale, [D] as one row. */
export function imageDims(row: readonly number[]): [number, number, number] {
  if (row.length === 3) return [row[0]!, row[1]!, row[2]!];
  if (row.length === 2) return [1, row[0]!, row[1]!];
  return [1, 1, row.reduce((s, v) => s * v, 1)];
}

/** The paper's schedule for the fraction p of changed pixels (rescaled to a 10,000-query budget). */
function pSchedule(pInit: number, it: number, budget: number): number {
  const t = Math.floor((it / budget) * 10000);
  const cuts = [10, 50, 200, 500, 1000, 2000, 4000, 6000, 8000];
  let p = pInit;
  for (const cut of cuts) if (t > cut) p /= 2;
  return p;
}

/** Whether setting one channel of a square to x + s (clipped to the box) changes the current iterate there. */
function changesWindow(cur: Float32Array, x: Float32Array, co: number, xo: number, cho: number, w: number, r0: number, c0: number, side: number, s: number, ball: Ball): boolean {
  for (let r = r0; r < r0 + side; r++) {
    for (let q = c0; q < c0 + side; q++) {
      const j = cho + r * w + q;
      const v = Math.min(ball.high, Math.max(ball.low, x[xo + j]! + s));
      if (Math.abs(v - cur[co + j]!) > 1e-7) return true;
    }
  }
  return false;
}
