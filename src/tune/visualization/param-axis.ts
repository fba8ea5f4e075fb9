import type { Distribution } from '../distributions/index.js';
import { toInternal } from '../distributions/index.js';
import type { FrozenTrial } from '../trial/index.js';

/** How a parameter is drawn on an axis: its scale and, for choices, the category names. */
export interface ParamAxis {
  readonly name: string;
  readonly distribution: Distribution;
  readonly log: boolean;
  readonly categories?: readonly string[];
  /** Axis range covering the whole search range (log space for log parameters). */
  readonly domain: readonly [number, number];
  /** Axis coordinate of u in the unit cube the samplers use. */
  readonly fromUnit: (u: number) => number;
}

const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/**
 * The axis of parameter `name` from the first trial that has it.
 * @example `paramAxis(trials, 'lr')?.log // true for a log-scaled learning rate`
 */
export function paramAxis(trials: readonly FrozenTrial[], name: string): ParamAxis | undefined {
  const d = trials.find((t) => t.distributions[name] !== undefined)?.distributions[name];
  if (d === undefined) return undefined;
  if (d.kind === 'categorical') {
    const n = d.choices.length;
    return { name, distribution: d, log: false, categories: d.choices.map(show), domain: [-0.5, n - 0.5], fromUnit: (u) => u * n - 0.5 };
  }
  if (d.log) {
    const pad = d.kind === 'int' ? 0.5 : 0;
    const [a, b] = [Math.log(d.low - pad), Math.log(d.high + pad)];
    return { name, distribution: d, log: true, domain: [Math.exp(a), Math.exp(b)], fromUnit: (u) => Math.exp(a + u * (b - a)) };
  }
  if (d.step !== null) {
    const n = Math.round((d.high - d.low) / d.step);
    return { name, distribution: d, log: false, domain: [d.low - d.step / 2, d.high + d.step / 2], fromUnit: (u) => d.low + (u * (n + 1) - 0.5) * d.step! };
  }
  return { name, distribution: d, log: false, domain: [d.low, d.high], fromUnit: (u) => d.low + u * (d.high - d.low) };
}

/** A trial's position on a parameter axis (the value, or the category index), if it has the parameter. */
export function axisValue(axis: ParamAxis, t: FrozenTrial): number | undefined {
  const v = t.params[axis.name];
  if (v === undefined) return undefined;
  if (axis.categories !== undefined) return toInternal(axis.distribution, v);
  return typeof v === 'number' ? v : undefined;
}

/** Parameter names used by the given trials, sorted. */
export const paramNames = (trials: readonly FrozenTrial[]): string[] => [...new Set(trials.flatMap((t) => Object.keys(t.params)))].sort();

/** COMPLETE trials with a finite value of objective `k`. */
export const completeTrials = (trials: readonly FrozenTrial[], k = 0): FrozenTrial[] => trials.filter((t) => t.state === 'COMPLETE' && Number.isFinite(t.values?.[k]));
