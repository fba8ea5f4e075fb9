import { renameSync, rmSync } from 'node:fs';
import { fit, type Callback, type EpochLogs } from '../../train/index.js';
import { createStudy, SuccessiveHalvingPruner, TpeSampler, TrialPruned, type FrozenTrial, type Trial } from '../../tune/index.js';
import { tempSibling } from '../../io/index.js';
import type { DemoParams, DemoTask } from './demo-task.js';

/** Options of {@link tuneDemo}. */
export interface DemoTuneOptions<P extends DemoParams> {
  /** The data set's splits, search space, model and fit options. */
  readonly task: DemoTask<P>;
  /** Storage URL of the study (`sqlite:PATH`). */
  readonly storage: string;
  readonly study: string;
  readonly trials: number;
  /** Epochs of an unpruned trial (ASHA's maximum resource). */
  readonly epochs: number;
  readonly seed: number;
  /** Called once per finished trial. */
  readonly onTrial: (t: FrozenTrial, best: FrozenTrial | undefined) => void;
  /** Called once per epoch of a running trial. */
  readonly onEpoch: (trial: number, logs: EpochLogs) => void;
}

/** Reports each epoch's validation loss to the trial and stops training when ASHA prunes it. */
class PruneOnRung implements Callback {
  readonly name = 'prune_on_rung';
  pruned = false;
  constructor(private readonly trial: Trial, private readonly onEpoch: (logs: EpochLogs) => void) {}
  async onEpochEnd(epoch: number, logs: EpochLogs, ctx: { stopTraining: boolean }): Promise<void> {
    this.onEpoch(logs);
    await this.trial.report(logs['val_loss'] ?? Number.NaN, epoch);
    if (this.trial.shouldPrune()) {
      this.pruned = true;
      ctx.stopTraining = true;
    }
  }
}

/**
 * A short tuning study over the task's search space: TPE (random for the first trials), each
 * trial fitted as the task says (on the training split less its validation part) and scored by
 * its best validation loss; ASHA (η = 3, one rung at a third of the epochs) prunes the weaker two
 * thirds. Stored in SQLite, so the audit and `keel serve` read it back.
 * @example `const best = await tuneDemo({ task, storage: 'sqlite:keel-demo/tune.db', study: 'demo', trials: 8, epochs: 8, seed: 0, onTrial, onEpoch });`
 */
export async function tuneDemo<P extends DemoParams>(o: DemoTuneOptions<P>): Promise<{ params: P; value: number; trials: readonly FrozenTrial[] }> {
  const study = await createStudy({
    studyName: o.study,
    storage: o.storage,
    direction: 'minimize',
    sampler: new TpeSampler({ seed: o.seed, nStartupTrials: Math.min(4, Math.max(1, o.trials - 1)) }),
    pruner: new SuccessiveHalvingPruner({ minResource: Math.max(1, Math.ceil(o.epochs / 3)), reductionFactor: 3, maxResource: o.epochs }),
  });
  try {
    let best: FrozenTrial | undefined;
    await study.optimize(
      async (trial) => {
        const p = o.task.suggest(trial);
        const cb = new PruneOnRung(trial, (logs) => { o.onEpoch(trial.number, logs); });
        const { options } = o.task.fit(p, { epochs: o.epochs, final: false });
        const r = await fit(o.task.build(p, o.seed + trial.number), o.task.train.x, o.task.train.y, { ...options, seed: o.seed, callbacks: [cb] });
        if (cb.pruned) throw new TrialPruned();
        return Math.min(...r.history.map((h) => h['val_loss'] ?? Number.POSITIVE_INFINITY));
      },
      {
        nTrials: o.trials,
        catch: [Error],
        callbacks: [
          (_s, t) => {
            if (t.state === 'COMPLETE' && (best === undefined || (t.values?.[0] ?? Infinity) < (best.values?.[0] ?? Infinity))) best = t;
            o.onTrial(t, best);
          },
        ],
      },
    );
    const trials = await study.getTrials();
    if (best === undefined) return { params: o.task.defaults, value: Number.NaN, trials };
    return { params: o.task.paramsOf(best.params), value: best.values?.[0] ?? Number.NaN, trials };
  } finally {
    await study.close();
  }
}

/**
 * Runs `tune` against a fresh SQLite study in a hidden temporary database beside `db` and renames
 * it over `db` once tuning has closed it, so a previous study is replaced whole or not at all (a
 * SIGKILL or a failure leaves the previous `db`; a failure also removes the temporary files).
 * @example `await replaceStudy('keel-demo/tune.db', (storage) => tuneDemo({ ...o, storage }))`
 */
export async function replaceStudy<T>(db: string, tune: (storage: string) => Promise<T>): Promise<T> {
  const tmp = tempSibling(db);
  try {
    const result = await tune(`sqlite:${tmp}`);
    renameSync(tmp, db);
    return result;
  } finally {
    for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`, `${tmp}-journal`]) rmSync(f, { force: true });
  }
}
