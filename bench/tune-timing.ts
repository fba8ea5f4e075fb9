/**
 * Time per suggestion of Keel's TPE with many finished trials: one ask, `dims` float
 * suggestions and one tell, median CPU (and wall) milliseconds after two warm-up rounds (CPU time
 * is robust to busy shared cores). Shared by bench/samplers.ts and bench/tune-quality.ts.
 * @module
 */
import { Rng } from '../src/core/index.js';
import { InMemoryStorage, TpeSampler, createStudy, floatDistribution } from '../src/tune/index.js';
import { median } from './harness.js';

/** Median wall and CPU ms of TPE's ask + `dims` suggestions + tell with `n` finished trials of `f`. */
export async function suggestMs(n: number, multivariate: boolean, dims: number, f: (x: readonly number[]) => number, rounds = 20): Promise<{ wallMs: number; cpuMs: number }> {
  const storage = new InMemoryStorage();
  const study = await createStudy({ storage, sampler: new TpeSampler({ seed: 0, multivariate }) });
  const rng = new Rng(1);
  const names = Array.from({ length: dims }, (_, i) => String.fromCharCode(97 + i));
  const dists = names.map((nm) => floatDistribution(nm, 0, 1));
  for (let i = 0; i < n; i++) {
    const t = await storage.createTrial(study.studyId, { state: 'RUNNING' });
    const x = names.map(() => rng.uniform());
    await storage.updateTrial(t.trialId, { params: Object.fromEntries(names.map((nm, j) => [nm, { distribution: dists[j]!, value: x[j]! }])), state: 'COMPLETE', values: [f(x)] });
  }
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < rounds + 2; r++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const trial = await study.ask();
    await study.tell(trial, f(names.map((nm) => trial.suggestFloat(nm, 0, 1))));
    const c = process.cpuUsage(c0);
    if (r >= 2) {
      wall.push(performance.now() - t0);
      cpu.push((c.user + c.system) / 1000);
    }
  }
  return { wallMs: median(wall), cpuMs: median(cpu) };
}
