import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chiSquareHomogeneity, ksTwoSample } from '../../src/data/index.js';
import type { Distribution, ParzenAxis } from '../../src/tune/index.js';
import {
  InMemoryStorage, OPTUNA_TPE_DEFAULTS, ParzenEstimator, TpeSampler, categoricalDistribution, createStudy, defaultWeights, floatDistribution, intDistribution,
} from '../../src/tune/index.js';

/** Made by test/fixtures/tune/make_tpe_reference.py with Debian's Optuna 3.1 + PR #5110's fix. */
interface Reference {
  readonly parzen: readonly { names: string[]; multivariate: boolean; observations: number[][]; queries: number[][]; logPdf: number[] }[];
  readonly history: readonly { x: number; n: number; c: string; value: number }[];
  readonly proposals: { x: number[]; n: number[]; c: string[] };
}
const ref = JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/tune/tpe-reference.json'), 'utf8')) as Reference;

const CHOICES = ['a', 'b', 'c', 'd'];
/** The fixture's parameters as Parzen axes, and how an external value maps onto each. */
const AXES: Record<string, { axis: ParzenAxis; to: (v: number) => number }> = {
  x: { axis: { kind: 'numeric', low: -5, high: 5 }, to: (v) => v },
  lr: { axis: { kind: 'numeric', low: Math.log(1e-5), high: 0 }, to: Math.log },
  n: { axis: { kind: 'numeric', low: 0.5, high: 12.5, grid: { step: 1, log: false } }, to: (v) => v },
  q: { axis: { kind: 'numeric', low: -0.0625, high: 1.0625, grid: { step: 0.125, log: false } }, to: (v) => v },
  c: { axis: { kind: 'categorical', size: 4 }, to: (v) => v },
};

describe('TPE against Optuna 3.1 (with the PR #5110 density fix) on the same history', () => {
  it('the Parzen estimator gives Optuna\'s log densities: float, log float, integer, stepped, categorical, multivariate', () => {
    expect(ref.parzen.length).toBe(22);
    for (const c of ref.parzen) {
      const spec = c.names.map((n) => AXES[n]!);
      const columns = c.observations.map((col, d) => Float64Array.from(col, spec[d]!.to));
      const pe = new ParzenEstimator(spec.map((s) => s.axis), columns, defaultWeights(columns[0]!.length), { bandwidth: c.multivariate ? 'scott' : 'neighbors' });
      const points = c.logPdf.map((_, i) => c.queries.map((q, d) => spec[d]!.to(q[i]!)));
      const got = pe.logPdf(points);
      got.forEach((v, i) => { expect(v, `${c.names.join('+')} with ${columns[0]!.length} observations, query ${i}`).toBeCloseTo(c.logPdf[i]!, 9); });
    }
  });

  it('proposes from the same distribution as Optuna for the next trial (400 seeds each)', async () => {
    const dists: Record<'x' | 'n' | 'c', Distribution> = { x: floatDistribution('x', -5, 5), n: intDistribution('n', 1, 12), c: categoricalDistribution('c', CHOICES) };
    const keel = { x: [] as number[], n: [] as number[], c: [] as string[] };
    const storage = new InMemoryStorage();
    for (let seed = 0; seed < 400; seed++) {
      const study = await createStudy({ storage, studyName: `s${seed}`, sampler: new TpeSampler({ seed, ...OPTUNA_TPE_DEFAULTS }) });
      for (const h of ref.history) {
        const t = await storage.createTrial(study.studyId, { state: 'RUNNING' });
        await storage.updateTrial(t.trialId, { params: { x: { distribution: dists.x, value: h.x }, n: { distribution: dists.n, value: h.n }, c: { distribution: dists.c, value: h.c } }, state: 'COMPLETE', values: [h.value] });
      }
      const trial = await study.ask();
      keel.x.push(trial.suggestFloat('x', -5, 5));
      keel.n.push(trial.suggestInt('n', 1, 12));
      keel.c.push(trial.suggestCategorical('c', CHOICES));
    }
    const sorted = (xs: readonly number[]): Float64Array => Float64Array.from(xs).sort();
    const counts = (xs: readonly (string | number)[], keys: readonly (string | number)[]): number[] => keys.map((k) => xs.filter((x) => x === k).length);
    const ints = Array.from({ length: 12 }, (_, i) => i + 1);
    expect(ksTwoSample(sorted(keel.x), sorted(ref.proposals.x)).pValue).toBeGreaterThan(0.01);
    expect(chiSquareHomogeneity(counts(keel.n, ints), counts(ref.proposals.n, ints)).pValue).toBeGreaterThan(0.01);
    expect(chiSquareHomogeneity(counts(keel.c, CHOICES), counts(ref.proposals.c, CHOICES)).pValue).toBeGreaterThan(0.01);
    // The history's optimum is x = 1.3, n = 3, c = 'b': both samplers concentrate there.
    expect(keel.n.filter((n) => n === 3).length).toBeGreaterThan(100);
  });
});
