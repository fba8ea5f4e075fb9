/**
 * Pruning benchmark on a real task: N random-search trials of an MNIST MLP (Keel engine, AdamW;
 * learning rate, batch size, width, depth, dropout, weight decay), each trained for R epochs,
 * against the same N trials (the same seeded sampler gives trial k the same parameters, weights
 * and batches) under ASHA and under Hyperband fed the validation accuracy after each epoch.
 * Reports the best full-budget validation accuracy and the epochs spent.
 *
 *   npx tsc -p bench/tsconfig.json && node dist-bench/bench/tune-asha.js [--trials 30] [--epochs 9] [--train 2000] [--seeds 0,1]
 *   (or: npx vite-node bench/tune-asha.ts -- --trials 30)
 *
 * Writes bench/results/tune-asha.json.
 * @module
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { trainObjective, trainTuneConfig } from '../src/tune-objectives/index.js';
import type { Pruner } from '../src/tune/index.js';
import { HyperbandPruner, NopPruner, RandomSampler, SuccessiveHalvingPruner, createStudy } from '../src/tune/index.js';
import { benchArg, ROOT } from './harness.js';

const TRIALS = Number(benchArg('trials', '30'));
const EPOCHS = Number(benchArg('epochs', '9'));
const SEEDS = benchArg('seeds', '0').split(',').map(Number);
const config = trainTuneConfig({ trainLimit: Number(benchArg('train', '2000')), valLimit: Number(benchArg('val', '1000')), epochs: EPOCHS });

interface ArmResult { seed: number; arm: string; bestAccuracy: number; bestTrial: number; epochs: number; completed: number; pruned: number; seconds: number }

async function arm(seed: number, name: string, pruner: Pruner): Promise<ArmResult> {
  const t0 = Date.now();
  let epochs = 0;
  const objective = trainObjective(config, { metric: 'accuracy', onEpoch: () => {
    epochs++;
  } });
  const study = await createStudy({ direction: 'maximize', sampler: new RandomSampler({ seed }), pruner });
  await study.optimize(objective, { nTrials: TRIALS });
  const best = await study.bestTrial();
  const trials = await study.getTrials();
  const r = { seed, arm: name, bestAccuracy: best.values![0]!, bestTrial: best.number, epochs, completed: trials.filter((t) => t.state === 'COMPLETE').length, pruned: trials.filter((t) => t.state === 'PRUNED').length, seconds: (Date.now() - t0) / 1000 };
  process.stderr.write(`${JSON.stringify(r)}\n`);
  return r;
}

const results: ArmResult[] = [];
for (const seed of SEEDS) {
  results.push(await arm(seed, 'no pruning', new NopPruner()));
  results.push(await arm(seed, 'ASHA (η=3, r=1)', new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 3, maxResource: EPOCHS })));
  results.push(await arm(seed, 'Hyperband (η=3, r=1)', new HyperbandPruner({ minResource: 1, maxResource: EPOCHS, reductionFactor: 3 })));
}

process.stdout.write(`\nMNIST MLP, ${config.trainLimit} train / ${config.valLimit} validation rows, ${TRIALS} random-search trials of up to ${EPOCHS} epochs\n\n`);
process.stdout.write('| seed | arm | best val. accuracy % | gap to unpruned (points) | epochs spent | share of unpruned epochs | COMPLETE / PRUNED | seconds |\n|---|---|---|---|---|---|---|---|\n');
for (const r of results) {
  const base = results.find((b) => b.seed === r.seed && b.arm === 'no pruning')!;
  process.stdout.write(`| ${r.seed} | ${r.arm} | ${r.bestAccuracy.toFixed(2)} (trial ${r.bestTrial}) | ${(base.bestAccuracy - r.bestAccuracy).toFixed(2)} | ${r.epochs} | ${(r.epochs / base.epochs).toFixed(3)} | ${r.completed} / ${r.pruned} | ${r.seconds.toFixed(0)} |\n`);
}
// ROOT fits the compiled layout (dist-bench/bench/); run from source (vite-node) the repository is one level up.
const outDir = join(existsSync(join(ROOT, 'package.json')) ? ROOT : join(import.meta.dirname, '..'), 'bench/results');
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'tune-asha.json'), JSON.stringify({ date: new Date().toISOString(), config, trials: TRIALS, results }, null, 2));
