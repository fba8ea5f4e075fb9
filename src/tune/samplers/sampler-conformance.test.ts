import { describe, it, expect } from 'vitest';
import { contains } from '../distributions/index.js';
import type { Trial } from '../study/index.js';
import { createStudy } from '../study/index.js';
import { NopPruner } from '../pruners/index.js';
import type { FrozenTrial, StudyDirection } from '../trial/index.js';
import type { Sampler } from './index.js';
import { CmaEsSampler, GridSampler, Nsga2Sampler, QmcSampler, RandomSampler, TpeSampler } from './index.js';

/** Every parameter kind, a log range, steps and a conditional branch. */
function objective(trial: Trial): number {
  const x = trial.suggestFloat('x', -5, 5);
  const lr = trial.suggestFloat('lr', 1e-5, 1e-1, { log: true });
  const drop = trial.suggestFloat('drop', 0, 0.5, { step: 0.1 });
  const n = trial.suggestInt('n', -3, 3);
  const units = trial.suggestInt('units', 4, 256, { log: true });
  const even = trial.suggestInt('even', 0, 10, { step: 2 });
  const opt = trial.suggestCategorical('opt', ['adam', 'sgd', null, 3]);
  let extra = 0;
  if (opt === 'sgd') extra = trial.suggestFloat('momentum', 0.5, 0.99);
  return x * x + Math.abs(Math.log10(lr) + 3) + drop + Math.abs(n) + Math.log2(units) / 8 + even / 10 + extra + (opt === 'adam' ? 0 : 0.5);
}

const EXPECTED = {
  x: { kind: 'float', low: -5, high: 5 },
  lr: { kind: 'float', low: 1e-5, high: 1e-1 },
  drop: { kind: 'float', low: 0, high: 0.5, step: 0.1 },
  n: { kind: 'int', low: -3, high: 3 },
  units: { kind: 'int', low: 4, high: 256 },
  even: { kind: 'int', low: 0, high: 10, step: 2 },
} as const;

async function run(sampler: Sampler, nTrials: number, directions: readonly StudyDirection[] = ['minimize']): Promise<readonly FrozenTrial[]> {
  const study = await createStudy({ sampler, pruner: new NopPruner(), directions });
  await study.optimize(directions.length === 1 ? objective : (t) => [objective(t), t.suggestFloat('x', -5, 5) ** 2], { nTrials });
  return study.getTrials();
}

/**
 * The shared conformance suite: every sampler must respect bounds, log scales and steps,
 * return the right types, cope with conditional spaces, honour enqueued parameters and be
 * reproducible from its seed.
 */
function samplerConformance(label: string, make: (seed: number) => Sampler, options: { readonly seeded?: boolean; readonly multiObjective?: boolean } = {}): void {
  describe(`sampler conformance: ${label}`, () => {
    it('respects bounds, log scale, steps, integer and categorical types', async () => {
      const trials = await run(make(11), 40);
      expect(trials.every((t) => t.state === 'COMPLETE')).toBe(true);
      for (const t of trials) {
        for (const [name, spec] of Object.entries(EXPECTED)) {
          const v = t.params[name];
          expect(typeof v).toBe('number');
          const num = v as number;
          expect(num).toBeGreaterThanOrEqual(spec.low);
          expect(num).toBeLessThanOrEqual(spec.high);
          if (spec.kind === 'int') expect(Number.isInteger(num)).toBe(true);
          if ('step' in spec) expect(Math.abs(num / spec.step - Math.round(num / spec.step))).toBeLessThan(1e-9);
          expect(contains(t.distributions[name]!, num)).toBe(true);
        }
        expect(['adam', 'sgd', null, 3]).toContain(t.params['opt']);
        expect('momentum' in t.params).toBe(t.params['opt'] === 'sgd');
        if (t.params['opt'] === 'sgd') expect(contains(t.distributions['momentum']!, t.params['momentum']!)).toBe(true);
      }
    });

    it('uses the whole range of a log-scaled parameter', async () => {
      const trials = await run(make(12), 30);
      const logs = trials.map((t) => Math.log10(t.params['lr'] as number));
      expect(Math.min(...logs)).toBeLessThan(-3);
      expect(Math.max(...logs)).toBeGreaterThan(-3.5);
    });

    it('honours enqueued (fixed) parameters', async () => {
      const study = await createStudy({ sampler: make(13), pruner: new NopPruner() });
      await study.enqueueTrial({ x: 1.25, opt: 'sgd', momentum: 0.9 });
      await study.optimize(objective, { nTrials: 2 });
      const [first] = await study.getTrials();
      expect(first!.params['x']).toBe(1.25);
      expect(first!.params['opt']).toBe('sgd');
      expect(first!.params['momentum']).toBe(0.9);
    });

    if (options.seeded !== false) {
      it('is reproducible from its seed (values derive from seed and trial number only)', async () => {
        const a = await run(make(21), 25);
        const b = await run(make(21), 25);
        expect(b.map((t) => t.params)).toEqual(a.map((t) => t.params));
        const c = await run(make(22), 25);
        expect(c.map((t) => t.params)).not.toEqual(a.map((t) => t.params));
      });
    }

    if (options.multiObjective !== false) {
      it('runs multi-objective studies', async () => {
        const trials = await run(make(31), 20, ['minimize', 'minimize']);
        expect(trials.length).toBeGreaterThan(10);
        expect(trials.every((t) => t.state === 'COMPLETE' && t.values?.length === 2)).toBe(true);
      });
    }
  });
}

samplerConformance('RandomSampler', (seed) => new RandomSampler({ seed }));
samplerConformance('QmcSampler (Halton)', (seed) => new QmcSampler({ seed }));
samplerConformance('TpeSampler', (seed) => new TpeSampler({ seed, nStartupTrials: 8 }));
samplerConformance('TpeSampler multivariate + constant liar', (seed) => new TpeSampler({ seed, nStartupTrials: 8, multivariate: true, constantLiar: true }));
samplerConformance('CmaEsSampler', (seed) => new CmaEsSampler({ seed }));
samplerConformance('Nsga2Sampler', (seed) => new Nsga2Sampler({ seed, populationSize: 8 }));
samplerConformance('GridSampler', (seed) => new GridSampler({ seed, searchSpace: { x: [-5, 0, 5], opt: ['adam', 'sgd'], n: [-3, 0, 3] } }));

describe('sampler specifics', () => {
  it('GridSampler visits every grid point once, then stops the study', async () => {
    const sampler = new GridSampler({ searchSpace: { a: [1, 2, 3], b: ['x', 'y'] } });
    const study = await createStudy({ sampler });
    await study.optimize((t) => t.suggestInt('a', 1, 3) + (t.suggestCategorical('b', ['x', 'y']) === 'x' ? 0 : 10), { nTrials: 100 });
    const trials = await study.getTrials();
    expect(trials).toHaveLength(6);
    expect(new Set(trials.map((t) => `${String(t.params['a'])}${String(t.params['b'])}`)).size).toBe(6);
  });

  it('QmcSampler covers a 1-D range more evenly than the worst random gap', async () => {
    const study = await createStudy({ sampler: new QmcSampler({ seed: 0, scramble: false }) });
    await study.optimize((t) => t.suggestFloat('u', 0, 1), { nTrials: 16 });
    const us = (await study.getTrials()).map((t) => t.params['u'] as number).sort((a, b) => a - b);
    const gaps = us.slice(1).map((u, i) => u - us[i]!);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(1 / 16 + 1e-12);
  });

  it('TPE and CMA-ES beat random search on a smooth bowl', async () => {
    const bowl = (t: Trial): number => (t.suggestFloat('a', -5, 5) - 1) ** 2 + (t.suggestFloat('b', -5, 5) + 2) ** 2;
    const best = async (sampler: Sampler): Promise<number> => {
      const study = await createStudy({ sampler });
      await study.optimize(bowl, { nTrials: 80 });
      return study.bestValue();
    };
    const random = await best(new RandomSampler({ seed: 5 }));
    expect(await best(new TpeSampler({ seed: 5 }))).toBeLessThan(random);
    expect(await best(new CmaEsSampler({ seed: 5 }))).toBeLessThan(random);
  });

  it('TPE constant liar spreads parallel workers apart', async () => {
    const study = await createStudy({ sampler: new TpeSampler({ seed: 3, constantLiar: true, nStartupTrials: 5 }) });
    await study.optimize((t) => t.suggestFloat('x', -5, 5) ** 2, { nTrials: 10 });
    const running = await Promise.all([study.ask(), study.ask(), study.ask()]);
    const xs = running.map((t) => t.suggestFloat('x', -5, 5));
    expect(new Set(xs).size).toBe(3);
  });
});
