/** A learning-rate schedule: the rate at global step `step` (0-based) of `total` steps. */
export interface LrSchedule {
  readonly name: string;
  lr(base: number, step: number, stepsPerEpoch: number, total: number): number;
}

/**
 * Multiplies the rate by `gamma` every `every` epochs.
 * @example `stepDecay({ every: 10, gamma: 0.5 })`
 */
export function stepDecay(o: { every: number; gamma?: number }): LrSchedule {
  return { name: 'step', lr: (base, step, spe) => base * (o.gamma ?? 0.1) ** Math.floor(step / Math.max(1, spe) / o.every) };
}

/**
 * Linear warmup over `warmupEpochs`, then cosine decay to `minRatio·base` at the last step.
 * @example `cosineWarmup({ warmupEpochs: 1 })`
 */
export function cosineWarmup(o: { warmupEpochs?: number; minRatio?: number } = {}): LrSchedule {
  return {
    name: 'cosine',
    lr(base, step, spe, total) {
      const warm = Math.round((o.warmupEpochs ?? 0) * spe);
      if (step < warm) return (base * (step + 1)) / warm;
      const t = Math.min(1, (step - warm) / Math.max(1, total - warm));
      const min = (o.minRatio ?? 0) * base;
      return min + 0.5 * (base - min) * (1 + Math.cos(Math.PI * t));
    },
  };
}

/**
 * One-cycle: cosine rise from base/25 to base over the first `pctStart` of training, then cosine
 * annealing to base/1e4 (PyTorch's OneCycleLR defaults; `base` is the maximum rate).
 * @example `oneCycle()`
 */
export function oneCycle(o: { pctStart?: number } = {}): LrSchedule {
  return {
    name: 'one_cycle',
    lr(base, step, _spe, total) {
      const up = Math.max(1, Math.floor((o.pctStart ?? 0.3) * total));
      const cos = (a: number, b: number, t: number): number => b + ((a - b) * (1 + Math.cos(Math.PI * t))) / 2;
      return step < up ? cos(base / 25, base, step / up) : cos(base, base / 1e4, (step - up) / Math.max(1, total - up));
    },
  };
}

/**
 * Linear warmup over the first `epochs` epochs in front of any schedule (constant without one):
 * step s of the warmup trains at (s+1)/warmupSteps of the scheduled rate.
 * @example `withWarmup(cosineWarmup(), 1)`
 */
export function withWarmup(inner: LrSchedule | undefined, epochs: number): LrSchedule {
  return {
    name: `warmup+${inner?.name ?? 'constant'}`,
    lr(base, step, spe, total) {
      const rate = inner ? inner.lr(base, step, spe, total) : base;
      const warm = Math.round(epochs * spe);
      return step < warm ? (rate * (step + 1)) / warm : rate;
    },
  };
}

/** Schedules by CLI name. */
export const LR_SCHEDULES = { step: () => stepDecay({ every: 10, gamma: 0.5 }), cosine: () => cosineWarmup({ warmupEpochs: 1 }), one_cycle: () => oneCycle() } as const;
