import { renameSync, rmSync } from 'node:fs';
import { conv2d, dense, dropout, flatten, maxPool2d, Sequential, type Layer } from '../../nn/index.js';
import { fit, type Callback, type EpochLogs } from '../../train/index.js';
import { createStudy, SuccessiveHalvingPruner, TpeSampler, TrialPruned, type FrozenTrial, type Trial } from '../../tune/index.js';
import { tempSibling } from '../../io/index.js';
import type { DemoData } from './demo-data.js';

/** The hyperparameters the demo tunes. */
export interface DemoParams {
  readonly lr: number;
  readonly filters: number;
  readonly width: number;
  readonly dropout: number;
}

/** Defaults used when tuning is skipped (`--trials 0`). */
export const DEFAULT_PARAMS: DemoParams = { lr: 3e-3, filters: 8, width: 64, dropout: 0.1 };

/**
 * The demo's CNN for [1, H, W] images: conv–pool (twice for 28×28), a dense layer with dropout
 * and ten logits.
 * @example `const net = demoModel(DEFAULT_PARAMS, [1, 8, 8], 0);`
 */
export function demoModel(p: DemoParams, rowShape: readonly number[], seed: number): Sequential {
  const big = (rowShape[1] ?? 0) > 16;
  const layers: Layer[] = [conv2d(p.filters, 3, { padding: 'same', activation: 'relu' }), maxPool2d(2)];
  if (big) layers.push(conv2d(2 * p.filters, 3, { padding: 'same', activation: 'relu' }), maxPool2d(2));
  layers.push(flatten(), dense(p.width, { activation: 'relu' }));
  if (p.dropout > 0) layers.push(dropout(p.dropout));
  layers.push(dense(10));
  return new Sequential(layers, { seed });
}

/** Options of {@link tuneDemo}. */
export interface DemoTuneOptions {
  readonly data: DemoData;
  /** Storage URL of the study (`sqlite:PATH`). */
  readonly storage: string;
  readonly study: string;
  readonly trials: number;
  /** Epochs of an unpruned trial (ASHA's maximum resource). */
  readonly epochs: number;
  readonly batchSize: number;
  readonly seed: number;
  /** Called once per finished trial. */
  readonly onTrial: (t: FrozenTrial, best: FrozenTrial | undefined) => void;
  /** Called once per epoch of a running trial. */
  readonly onEpoch: (trial: number, logs: EpochLogs) => void;
}

function suggest(t: Trial): DemoParams {
  return {
    lr: t.suggestFloat('lr', 1e-3, 3e-2, { log: true }),
    filters: t.suggestInt('filters', 4, 16, { log: true }),
    width: t.suggestInt('width', 16, 128, { log: true }),
    dropout: t.suggestFloat('dropout', 0, 0.4, { step: 0.1 }),
  };
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
 * A short tuning study: TPE (random for the first trials) over learning rate, filters, width and
 * dropout, each trial trained on 80% of the training split and scored by its best validation
 * loss on the other 20%; ASHA (η = 3, one rung at a third of the epochs) prunes the weaker two thirds. Stored in SQLite, so the
 * audit and `keel serve` read it back.
 * @example `const best = await tuneDemo({ data, storage: 'sqlite:keel-demo/tune.db', study: 'demo', trials: 8, epochs: 8, batchSize: 32, seed: 0, onTrial, onEpoch });`
 */
export async function tuneDemo(o: DemoTuneOptions): Promise<{ params: DemoParams; value: number; trials: readonly FrozenTrial[] }> {
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
        const p = suggest(trial);
        const cb = new PruneOnRung(trial, (logs) => { o.onEpoch(trial.number, logs); });
        const r = await fit(demoModel(p, o.data.rowShape, o.seed + trial.number), o.data.train.x, o.data.train.y, {
          epochs: o.epochs, batchSize: o.batchSize, lr: p.lr, optimizer: 'adam', validationSplit: 0.2, seed: o.seed, callbacks: [cb], trainEvalRows: 500,
        });
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
    if (best === undefined) return { params: DEFAULT_PARAMS, value: Number.NaN, trials };
    const bp = best.params;
    return { params: { lr: Number(bp['lr']), filters: Number(bp['filters']), width: Number(bp['width']), dropout: Number(bp['dropout']) }, value: best.values?.[0] ?? Number.NaN, trials };
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
