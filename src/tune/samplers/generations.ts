import type { FrozenTrial } from '../trial/index.js';

/**
 * Replays the history of a generational sampler (CMA-ES, NSGA-II): trials carry the generation
 * the sampler gave them under `key` in their system attributes; `member` says which of them
 * count (finished, with values the sampler can use). `step` is called for generation 0, 1, …
 * with its members, in trial order, while the generation has at least `size` of them; the
 * number of full generations is returned. Every process sharing the study replays the same.
 *
 * @example
 * ```ts
 * const full = replayGenerations(study.trials, 'nsga2:generation', isComplete, 50, (members) => { ... });
 * ```
 */
export function replayGenerations(
  trials: readonly FrozenTrial[],
  key: string,
  member: (t: FrozenTrial) => boolean,
  size: number,
  step: (members: readonly FrozenTrial[], generation: number) => void,
): number {
  const byGeneration = new Map<number, FrozenTrial[]>();
  for (const t of trials) {
    const g = t.systemAttrs[key];
    if (typeof g !== 'number' || !member(t)) continue;
    const list = byGeneration.get(g) ?? [];
    list.push(t);
    byGeneration.set(g, list);
  }
  let generation = 0;
  for (;;) {
    const members = byGeneration.get(generation) ?? [];
    if (members.length < size) return generation;
    step(members, generation);
    generation++;
  }
}
