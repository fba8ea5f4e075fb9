import { Rng, type HostTensor } from '../../core/index.js';
import type { Graph } from '../../ir/index.js';
import { Session, type SessionOptions } from '../../runtime/index.js';
import { quantile, randomInput } from './latency.js';

/** Options for {@link timeInterleaved}. */
export interface InterleavedOptions {
  readonly batch: number;
  /** Intra-op threads (default 1). */
  readonly threads?: number;
  /** Rounds; each runs every graph in turn (default 5). */
  readonly rounds?: number;
  /** Timed runs per graph per round are chosen to take about this long (default 40 ms, at least 2 runs). */
  readonly roundMs?: number;
  readonly seed?: number;
  /** Real inputs to time on (e.g. token ids of actual messages) instead of random ones of `batch` rows. */
  readonly feeds?: Readonly<Record<string, HostTensor>>;
  /** Sizes of symbolic dims other than the batch, by name (e.g. `{ T: 64 }`); unnamed ones get `batch`. */
  readonly dims?: Readonly<Record<string, number>>;
  /** Extra session options per graph (e.g. one graph with an optimizer disabled); the graph's metadata applies first. */
  readonly sessions?: readonly (SessionOptions | undefined)[];
}

/** Each graph's latency: the median over rounds of the round's fastest run; and every run's time. */
export interface InterleavedTiming {
  readonly medianMs: readonly number[];
  /** Per graph, per round, the times of that round's runs. */
  readonly samplesMs: readonly (readonly (readonly number[])[])[];
}

/**
 * Times several graphs that take the same inputs, interleaved: one session each, the same random
 * feeds, and rounds that run every graph in turn, so load changes on a shared machine hit all of
 * them alike. A graph's latency is the median over rounds of each round's fastest run: on a
 * machine shared with other work, a preempted run only ever takes longer, so the fastest of a
 * few back-to-back runs is the closest to the model's own cost, and the median over rounds drops
 * rounds that fell into a busy spell.
 *
 * @example `const { medianMs: [fp32, int8] } = await timeInterleaved([g, q], { batch: 256 });`
 */
export async function timeInterleaved(graphs: readonly Graph[], o: InterleavedOptions): Promise<InterleavedTiming> {
  const rng = new Rng(o.seed ?? 0);
  const feeds: Record<string, HostTensor> = { ...o.feeds };
  for (const v of graphs[0]!.inputs) feeds[v.name] ??= randomInput(v, o.batch, rng, o.dims);
  const sessions: Session[] = [];
  try {
    for (const [i, g] of graphs.entries()) sessions.push(await Session.create(g, { threads: o.threads ?? 1, interOpThreads: 1, ...o.sessions?.[i] }));
    // Warm up and size the rounds from one run of each.
    const reps: number[] = [];
    for (const s of sessions) {
      await s.run(feeds);
      const t0 = performance.now();
      await s.run(feeds);
      reps.push(Math.max(2, Math.min(50, Math.round((o.roundMs ?? 40) / Math.max(0.01, performance.now() - t0)))));
    }
    const samples: number[][][] = graphs.map(() => []);
    for (let r = 0; r < (o.rounds ?? 5); r++) {
      for (const [i, s] of sessions.entries()) {
        const round: number[] = [];
        for (let k = 0; k < reps[i]!; k++) {
          const t0 = performance.now();
          await s.run(feeds);
          round.push(performance.now() - t0);
        }
        samples[i]!.push(round);
      }
    }
    const fastest = (rounds: number[][]): number[] => rounds.map((xs) => Math.min(...xs)).sort((a, b) => a - b);
    return { medianMs: samples.map((rounds) => quantile(fastest(rounds), 0.5)), samplesMs: samples };
  } finally {
    for (const s of sessions) await s.release();
  }
}
