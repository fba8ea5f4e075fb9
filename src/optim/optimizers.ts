import { UsageError } from '../core/index.js';
import type { Value } from '../ir/index.js';
import type { Builder } from '../ops/index.js';
import type { Optimizer, UpdateInputs, UpdateOutputs } from './optimizer.js';

function checkPositive(name: string, v: number, allowZero = false): void {
  if (!Number.isFinite(v) || v < 0 || (!allowZero && v === 0)) throw new UsageError('OPTIMIZER_OPTION', `optimizer option ${name} must be ${allowZero ? '≥ 0' : '> 0'}, got ${v}`, { name, value: v });
}

/** L2 penalty folded into the gradient (PyTorch's `weight_decay` for SGD, Adam, RMSprop). */
function withDecay(b: Builder, g: Value, p: Value, wd: number): Value {
  return wd === 0 ? g : b.add(g, b.scale(p, wd));
}

/**
 * Scalars an update needs once per step (bias corrections, step sizes), built by the first
 * trained tensor's update and shared by all the others in the same graph: keyed by the step and
 * learning-rate values the update reads (a per-tensor learning-rate scale gives its own lr value).
 */
class PerStep<T> {
  private readonly byStep = new WeakMap<Value, WeakMap<Value, T>>();
  constructor(private readonly make: (b: Builder, io: UpdateInputs) => T) {}
  get(b: Builder, io: UpdateInputs): T {
    let byLr = this.byStep.get(io.step);
    if (!byLr) this.byStep.set(io.step, (byLr = new WeakMap()));
    let got = byLr.get(io.lr);
    if (got === undefined) byLr.set(io.lr, (got = this.make(b, io)));
    return got;
  }
}

/** `1 − lr·wd` (decoupled weight decay's factor), once per step. */
const decayFactor = (wd: number): PerStep<Value> => new PerStep((b, io) => b.sub(b.scalar(1, io.lr.dtype), b.scale(io.lr, wd)));

/** Options for {@link Sgd}. */
export interface SgdOptions {
  readonly momentum?: number;
  readonly nesterov?: boolean;
  readonly weightDecay?: number;
}

/**
 * Stochastic gradient descent with optional (Nesterov) momentum, matching `torch.optim.SGD`.
 * @example `new Sgd({ momentum: 0.9, nesterov: true })`
 */
export class Sgd implements Optimizer {
  readonly name = 'sgd';
  readonly stateSize: number;
  readonly idleWhenZero: boolean;
  private readonly decay: PerStep<Value>;
  constructor(readonly opts: SgdOptions = {}) {
    checkPositive('momentum', opts.momentum ?? 0, true);
    checkPositive('weightDecay', opts.weightDecay ?? 0, true);
    this.stateSize = (opts.momentum ?? 0) > 0 ? 1 : 0;
    this.idleWhenZero = (opts.weightDecay ?? 0) === 0;
    this.decay = decayFactor(opts.weightDecay ?? 0);
  }
  update(b: Builder, io: UpdateInputs): UpdateOutputs {
    const wd = this.opts.weightDecay ?? 0;
    const mu = this.opts.momentum ?? 0;
    // Without momentum, p − lr·(g + wd·p) is p·(1 − lr·wd) − lr·g: three passes over p, not four.
    if (mu === 0) return { params: b.sub(wd === 0 ? io.params : b.mul(io.params, this.decay.get(b, io)), b.mul(io.lr, io.grad)), state: [] };
    const g = withDecay(b, io.grad, io.params, wd);
    const buf = b.add(b.scale(io.state[0]!, mu), g);
    return { params: b.sub(io.params, b.mul(io.lr, this.opts.nesterov ? b.add(g, b.scale(buf, mu)) : buf)), state: [buf] };
  }
}

/** Options for {@link Adam} and {@link AdamW}. */
export interface AdamOptions {
  readonly beta1?: number;
  readonly beta2?: number;
  readonly eps?: number;
  readonly weightDecay?: number;
}

/** Adam's per-step scalars: the step size s = lr·√bc2 / bc1 and ε̃ = ε·√bc2 (bc = bias correction 1 − βᵗ). */
interface AdamScalars {
  readonly stepSize: Value;
  readonly eps: Value;
}

function adamScalars(o: Required<AdamOptions>): PerStep<AdamScalars> {
  return new PerStep((b, io) => {
    const one = b.scalar(1, io.lr.dtype);
    const bc1 = b.sub(one, b.op1('Pow', [b.scalar(o.beta1, io.lr.dtype), io.step]));
    const root = b.op1('Sqrt', [b.sub(one, b.op1('Pow', [b.scalar(o.beta2, io.lr.dtype), io.step]))]);
    return { stepSize: b.div(b.mul(io.lr, root), bc1), eps: b.scale(root, o.eps) };
  });
}

/**
 * PyTorch's update p − (lr/bc1)·m / (√v/√bc2 + ε), written as p − s·m / (√v + ε̃) with the
 * bias corrections folded into the per-step scalars s and ε̃ (multiplying through by √bc2): twelve
 * passes over each tensor instead of thirteen, and no scalar work per tensor.
 */
function adamStep(b: Builder, io: UpdateInputs, g: Value, o: Required<AdamOptions>, k: AdamScalars, p: Value): UpdateOutputs {
  const m = b.add(b.scale(io.state[0]!, o.beta1), b.scale(g, 1 - o.beta1));
  const v = b.add(b.scale(io.state[1]!, o.beta2), b.scale(b.mul(g, g), 1 - o.beta2));
  const denom = b.add(b.op1('Sqrt', [v]), k.eps);
  return { params: b.sub(p, b.mul(k.stepSize, b.div(m, denom))), state: [m, v] };
}

function adamDefaults(o: AdamOptions): Required<AdamOptions> {
  const r = { beta1: o.beta1 ?? 0.9, beta2: o.beta2 ?? 0.999, eps: o.eps ?? 1e-8, weightDecay: o.weightDecay ?? 0 };
  if (!(r.beta1 >= 0 && r.beta1 < 1 && r.beta2 >= 0 && r.beta2 < 1)) throw new UsageError('OPTIMIZER_OPTION', `Adam betas must be in [0, 1), got ${r.beta1}, ${r.beta2}`, { beta1: r.beta1, beta2: r.beta2 });
  checkPositive('eps', r.eps);
  checkPositive('weightDecay', r.weightDecay, true);
  return r;
}

/**
 * Adam (`torch.optim.Adam`): weight decay as an L2 term in the gradient.
 * @example `new Adam({ beta1: 0.9, beta2: 0.999 })`
 */
export class Adam implements Optimizer {
  readonly name: string = 'adam';
  readonly stateSize = 2;
  readonly idleWhenZero: boolean;
  protected readonly o: Required<AdamOptions>;
  private readonly scalars: PerStep<AdamScalars>;
  constructor(opts: AdamOptions = {}) {
    this.o = adamDefaults(opts);
    this.scalars = adamScalars(this.o);
    // Zero gradient and moments give a zero step; AdamW's decoupled decay moves p even then.
    this.idleWhenZero = this.o.weightDecay === 0;
  }
  update(b: Builder, io: UpdateInputs): UpdateOutputs {
    const { grad, params } = this.start(b, io);
    return adamStep(b, io, grad, this.o, this.scalars.get(b, io), params);
  }
  /** The gradient and weights the Adam step starts from: here weight decay is an L2 term in the gradient. */
  protected start(b: Builder, io: UpdateInputs): { readonly grad: Value; readonly params: Value } {
    return { grad: withDecay(b, io.grad, io.params, this.o.weightDecay), params: io.params };
  }
}

/**
 * AdamW (`torch.optim.AdamW`): decoupled weight decay, p ← p·(1 − lr·wd) before the Adam step.
 * @example `new AdamW({ weightDecay: 0.01 })`
 */
export class AdamW extends Adam {
  override readonly name = 'adamw';
  private readonly decay: PerStep<Value>;
  constructor(opts: AdamOptions = {}) {
    super({ weightDecay: 0.01, ...opts });
    this.decay = decayFactor(this.o.weightDecay);
  }
  /** The plain gradient, and the weights already scaled by 1 − lr·wd. */
  protected override start(b: Builder, io: UpdateInputs): { readonly grad: Value; readonly params: Value } {
    return { grad: io.grad, params: b.mul(io.params, this.decay.get(b, io)) };
  }
}

/** Options for {@link RmsProp}. */
export interface RmsPropOptions {
  readonly alpha?: number;
  readonly eps?: number;
  readonly momentum?: number;
  readonly weightDecay?: number;
}

/**
 * RMSprop (`torch.optim.RMSprop`, not centered).
 * @example `new RmsProp({ alpha: 0.99, momentum: 0.9 })`
 */
export class RmsProp implements Optimizer {
  readonly name = 'rmsprop';
  readonly stateSize: number;
  readonly idleWhenZero: boolean;
  constructor(readonly opts: RmsPropOptions = {}) {
    this.stateSize = (opts.momentum ?? 0) > 0 ? 2 : 1;
    this.idleWhenZero = (opts.weightDecay ?? 0) === 0;
  }
  update(b: Builder, io: UpdateInputs): UpdateOutputs {
    const alpha = this.opts.alpha ?? 0.99;
    const g = withDecay(b, io.grad, io.params, this.opts.weightDecay ?? 0);
    const v = b.add(b.scale(io.state[0]!, alpha), b.scale(b.mul(g, g), 1 - alpha));
    let step = b.div(g, b.add(b.op1('Sqrt', [v]), b.scalar(this.opts.eps ?? 1e-8, g.dtype)));
    const state = [v];
    if (this.stateSize === 2) {
      const buf = b.add(b.scale(io.state[1]!, this.opts.momentum ?? 0), step);
      state.push(buf);
      step = buf;
    }
    return { params: b.sub(io.params, b.mul(io.lr, step)), state };
  }
}

/** Optimizers by CLI name. */
export const OPTIMIZERS = {
  sgd: (o: SgdOptions = {}): Optimizer => new Sgd(o),
  adam: (o: AdamOptions = {}): Optimizer => new Adam(o),
  adamw: (o: AdamOptions = {}): Optimizer => new AdamW(o),
  rmsprop: (o: RmsPropOptions = {}): Optimizer => new RmsProp(o),
} as const;
export type OptimizerName = keyof typeof OPTIMIZERS;
