import type { Callback } from '../callback.js';

/** Options of {@link GradualUnfreezing}. */
export interface GradualUnfreezingOptions {
  /** Weights frozen at the start. */
  readonly frozen: ReadonlySet<string>;
  /** Weight groups from the output down (see `layerGroups`); frozen groups thaw in this order. */
  readonly groups: readonly (readonly string[])[];
  /** Epochs between two thaws (default 1). */
  readonly every?: number;
}

/**
 * Gradual unfreezing (ULMFiT): trains with `frozen` held fixed, then every `every` epochs thaws the
 * next frozen group from the top down. A pure function of the epoch, so resumed fits match.
 * @example `new GradualUnfreezing({ frozen: t.select('*'), groups: layerGroups(graph), every: 2 })`
 */
export class GradualUnfreezing implements Callback {
  readonly name = 'gradual_unfreezing';
  private readonly order: readonly (readonly string[])[];

  constructor(private readonly o: GradualUnfreezingOptions) {
    this.order = o.groups.filter((g) => g.some((w) => o.frozen.has(w)));
  }

  frozenAt(epoch: number): ReadonlySet<string> {
    const thawed = Math.floor((epoch - 1) / Math.max(1, this.o.every ?? 1));
    const out = new Set(this.o.frozen);
    for (const g of this.order.slice(0, thawed)) for (const w of g) out.delete(w);
    return out;
  }
}
