/**
 * Optuna habits carried over to Keel's TypeScript API (issue 19): the correct spellings compile,
 * and each mistake below fails to compile. A mistake is the line after `// @ts-expect-error`,
 * and the text after the directive is a fragment of the compiler message it must produce.
 * `npm run typecheck` fails when a marked line starts to compile; `optuna-mistakes.test.ts`
 * checks that each marked line fails for the reason written next to it, not another one.
 * Nothing here is run: the functions are only compiled.
 */
import { createStudy, TrialPruned, type Objective, type Trial } from '../../src/public/tune.js';
import { cosineWarmup, dense, fit, Sequential } from '../../src/public/train.js';
import type { HostTensor } from '../../src/core/index.js';

/** What Optuna users write, spelled the Keel way: all of it compiles. */
export async function correctStudy(): Promise<number> {
  const study = await createStudy({ direction: 'maximize' });
  await study.optimize(
    async (trial) => {
      const lr = trial.suggestFloat('lr', 1e-5, 1e-1, { log: true });
      for (let epoch = 0; epoch < 5; epoch++) {
        await trial.report(lr * epoch, epoch);
        // shouldPrune is synchronous as in Optuna: no await, and the condition is a boolean.
        if (trial.shouldPrune()) throw new TrialPruned();
      }
      return lr;
    },
    { nTrials: 20, timeout: 60, catch: [RangeError] },
  );
  const pruned: boolean = (await study.ask()).shouldPrune();
  return pruned ? 0 : study.bestValue();
}

/** The Optuna mistakes: each marked line must fail to compile. */
export async function optunaMistakes(trial: Trial): Promise<void> {
  const study = await createStudy();
  // @ts-expect-error is not assignable to type 'number | readonly number[] | Promise<number | readonly number[]>'
  const returnsString: Objective = (t) => `${t.suggestFloat('x', 0, 1)}`;
  // @ts-expect-error is not assignable to type 'number | readonly number[] | Promise<number | readonly number[]>'
  const resolvesString: Objective = async (t) => Promise.resolve(String(t.suggestInt('n', 1, 3)));
  await study.optimize(returnsString, { nTrials: 1 });
  await study.optimize(resolvesString, { nTrials: 1 });
  // @ts-expect-error 'n_trials' does not exist in type
  await study.optimize((t) => t.suggestFloat('x', 0, 1), { n_trials: 20 });
  // @ts-expect-error Type 'Error' is not assignable to type 'ErrorClass'
  await study.optimize((t) => t.suggestFloat('x', 0, 1), { nTrials: 20, catch: [new Error('any')] });
  // @ts-expect-error Type '"minimise"' is not assignable to type 'StudyDirection | undefined'
  await createStudy({ direction: 'minimise' });
  // @ts-expect-error Type 'boolean' is not assignable to type 'Promise<boolean>'
  const awaited: Promise<boolean> = trial.shouldPrune();
  await awaited;
}

/** Keras/PyTorch-style schedule names: `fit` takes a schedule object (`cosineWarmup()`), not its name. */
export async function scheduleMistakes(x: HostTensor<'float32'>, y: HostTensor<'int64'>): Promise<void> {
  const net = new Sequential([dense(8, { activation: 'relu' }), dense(3)], { seed: 0 });
  await fit(net, x, y, { epochs: 2, schedule: cosineWarmup({ warmupEpochs: 1 }) });
  // @ts-expect-error Type 'string' is not assignable to type 'LrSchedule'
  await fit(net, x, y, { epochs: 2, schedule: 'cosine' });
}
