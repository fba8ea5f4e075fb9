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
  /** Per graph, per round, the wall times of that round's runs. */
  readonly samplesMs: readonly (readonly (readonly number[])[])[];
  /**
   * Per graph, per round, the process CPU time (user + system, every thread) of that round's
   * runs: unlike wall time it does not grow while the process waits for a core on a loaded machine.
   */
  readonly cpuSamplesMs: readonly (readonly (readonly number[])[])[];
}

/** One graph against another over the rounds of one interleaved timing. */
export interface PairedSpeedup {
  /** Per round: the base graph's fastest run / the other graph's fastest run, in wall time. */
  readonly roundsWall: readonly number[];
  /** Per round, the same ratio in process CPU time. */
  readonly roundsCpu: readonly number[];
  /** Median of `roundsWall` (above 1: the other graph is faster). */
  readonly wall: number;
  /** Median of `roundsCpu`. */
  readonly cpu: number;
  /** Share of rounds in which the other graph was faster in wall time (ratio above 1). */
  readonly fasterShare: number;
}

const fastestPerRound = (rounds: readonly (readonly number[])[]): number[] => rounds.map((xs) => Math.min(...xs));
const medianOfFastest = (rounds: readonly (readonly number[])[]): number => quantile(fastestPerRound(rounds).sort((a, b) => a - b), 0.5);

/**
 * Several interleaved timings of the same graphs (e.g. blocks with fresh sessions, minutes
 * apart) as one: their rounds in order, each graph's latency the median over all of them.
 *
 * @example `const all = mergeTimings([await timeInterleaved(gs, o), await timeInterleaved(gs, o)]);`
 */
export function mergeTimings(ts: readonly InterleavedTiming[]): InterleavedTiming {
  const join = (pick: (t: InterleavedTiming) => InterleavedTiming['samplesMs']): number[][][] => ts[0]!.samplesMs.map((_, g) => ts.flatMap((t) => pick(t)[g]!.map((round) => [...round])));
  const samplesMs = join((t) => t.samplesMs);
  return { medianMs: samplesMs.map(medianOfFastest), samplesMs, cpuSamplesMs: join((t) => t.cpuSamplesMs) };
}

/**
 * Graph `other` against graph `base` of an interleaved timing, round by round: both ran in the
 * same round, so a busy spell slows both, and the median of the per-round ratios is steadier on a
 * shared machine than the ratio of the two medians.
 *
 * @example `const { wall, cpu } = pairedSpeedup(await timeInterleaved([g, q], { batch: 256 }), 0, 1);`
 */
export function pairedSpeedup(t: InterleavedTiming, base: number, other: number): PairedSpeedup {
  const ratios = (samples: InterleavedTiming['samplesMs']): number[] => {
    const [b, o] = [fastestPerRound(samples[base]!), fastestPerRound(samples[other]!)];
    return b.map((v, r) => v / Math.max(1e-6, o[r]!));
  };
  const [roundsWall, roundsCpu] = [ratios(t.samplesMs), ratios(t.cpuSamplesMs)];
  const med = (xs: readonly number[]): number => quantile([...xs].sort((a, b) => a - b), 0.5);
  return { roundsWall, roundsCpu, wall: med(roundsWall), cpu: med(roundsCpu), fasterShare: roundsWall.filter((v) => v > 1).length / roundsWall.length };
}

/**
 * Times several graphs that take the same inputs, interleaved: one session each, the same random
 * feeds, and rounds that run every graph in turn, so load changes on a shared machine hit all of
 * them alike. A graph's latency is the median over rounds of each round's fastest run: on a
 * machine shared with other work, a preempted run only ever takes longer, so the fastest of a
 * few back-to-back runs is the closest to the model's own cost, and the median over rounds drops
 * rounds that fell into a busy spell. Each run's process CPU time is recorded beside its wall
 * time (`pairedSpeedup` compares two graphs round by round in both).
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
    const cpuSamples: number[][][] = graphs.map(() => []);
    for (let r = 0; r < (o.rounds ?? 5); r++) {
      for (const [i, s] of sessions.entries()) {
        const round: number[] = [];
        const cpuRound: number[] = [];
        for (let k = 0; k < reps[i]!; k++) {
          const c0 = process.cpuUsage();
          const t0 = performance.now();
          await s.run(feeds);
          round.push(performance.now() - t0);
          const c = process.cpuUsage(c0);
          cpuRound.push((c.user + c.system) / 1000);
        }
        samples[i]!.push(round);
        cpuSamples[i]!.push(cpuRound);
      }
    }
    return { medianMs: samples.map(medianOfFastest), samplesMs: samples, cpuSamplesMs: cpuSamples };
  } finally {
    for (const s of sessions) await s.release();
  }
}
