import type { Distribution } from '../../distributions/index.js';
import { toInternal } from '../../distributions/index.js';
import type { FrozenTrial } from '../../trial/index.js';
import { defaultWeights } from './parzen-estimator.js';

/**
 * Each finished trial's value of a parameter on the transformed axis, computed once: finished
 * trials never change, so a suggestion with thousands of trials only reads typed arrays.
 * Indexed by trial number, per (study, parameter, distribution).
 *
 * @example
 * ```ts
 * const x = new ObservationCache().of('study', 'x', floatDistribution('x', 0, 1)).get(trial);
 * ```
 */
export class ObservationCache {
  private readonly tables = new Map<string, { values: Float64Array; known: Uint8Array; name: string; d: Distribution }>();

  of(study: string, name: string, d: Distribution): { get(t: FrozenTrial): number | undefined } {
    const key = `${study}\u0000${name}\u0000${JSON.stringify(d)}`;
    let table = this.tables.get(key);
    if (table === undefined) {
      table = { values: new Float64Array(1024), known: new Uint8Array(1024), name, d };
      this.tables.set(key, table);
    }
    const tab = table;
    return {
      get(t: FrozenTrial): number | undefined {
        const i = t.number;
        if (i < tab.known.length && tab.known[i] !== 0) return tab.known[i] === 1 ? tab.values[i] : undefined;
        const v = observe(t, tab.name, tab.d);
        if (t.state !== 'COMPLETE' && t.state !== 'PRUNED') return v;
        if (i >= tab.known.length) {
          const size = Math.max(2 * tab.known.length, i + 1);
          const values = new Float64Array(size);
          values.set(tab.values);
          const known = new Uint8Array(size);
          known.set(tab.known);
          tab.values = values;
          tab.known = known;
        }
        tab.known[i] = v === undefined ? 2 : 1;
        if (v !== undefined) tab.values[i] = v;
        return v;
      },
    };
  }
}

const weightCache = new Map<number, readonly number[]>();

/**
 * {@link defaultWeights}, memoised for the few sizes in use (one per group and study size).
 * @example `cachedWeights(30)`
 */
export function cachedWeights(n: number): readonly number[] {
  let w = weightCache.get(n);
  if (w === undefined) {
    if (weightCache.size >= 8) weightCache.delete(weightCache.keys().next().value!);
    w = Object.freeze(defaultWeights(n));
    weightCache.set(n, w);
  }
  return w;
}

/** The trial's value for `name` on the transformed axis, if comparable with `d`. */
function observe(t: FrozenTrial, name: string, d: Distribution): number | undefined {
  const own = t.distributions[name];
  if (own === undefined || own.kind !== d.kind) return undefined;
  const v = toInternal(d, t.params[name] ?? null);
  if (v === undefined) return undefined;
  if (d.kind === 'categorical') return v;
  if (v < d.low || v > d.high) return undefined;
  return d.log ? Math.log(v) : v;
}
