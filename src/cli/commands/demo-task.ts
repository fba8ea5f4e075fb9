import type { HostTensor } from '../../core/index.js';
import type { Graph } from '../../ir/index.js';
import type { Sequential } from '../../nn/index.js';
import type { AuditConfig } from '../../report/index.js';
import type { EarlyStopping, FitOptions } from '../../train/index.js';
import type { Trial } from '../../tune/index.js';

/** The bundled data sets the demo can use. */
export const DEMO_DATASETS = ['digits', 'mnist', 'sms'] as const;

/** One of {@link DEMO_DATASETS}. */
export type DemoDataset = (typeof DEMO_DATASETS)[number];

/** Hyperparameters of a demo model, by name (what a tuning trial suggests). */
export type DemoParams = Readonly<Record<string, number | string>>;

/** How much the demo does: trials, epochs, batch size and attacked rows. */
export interface DemoPlan {
  readonly trials: number;
  /** Epochs of an unpruned tuning trial (ASHA's maximum resource). */
  readonly trialEpochs: number;
  /** Most epochs of the final training run. */
  readonly epochs: number;
  readonly batchSize: number;
  /** Test rows the robustness section attacks. */
  readonly attackRows: number;
}

/** Inputs and labels of one split, as `fit` and `predictBatched` take them. */
export interface DemoSplit {
  readonly x: HostTensor;
  readonly y: HostTensor<'int64'>;
}

/** The files the audit reads (written by {@link DemoTask.writeData}), as `runAudit` and `keel audit` take them. */
export interface DemoAuditInputs {
  readonly data: string;
  readonly labels?: string;
  readonly test: string;
  readonly testLabels?: string;
  /** Text data: the column of the messages and of the labels. */
  readonly text?: string;
  readonly target?: string;
}

/** `fit` options of a tuning trial or of the final run (validation included), and the final run's early stopping. */
export interface DemoFit {
  readonly options: Omit<FitOptions, 'callbacks' | 'seed'>;
  /** Early stopping that restores the best epoch (final run only). */
  readonly stop?: EarlyStopping;
}

/**
 * What one bundled data set brings to the demo's one loop (`demoCommand`, `tuneDemo`): its
 * splits, the hyperparameters a trial suggests, the model they build, how it is fitted, saved
 * and audited. The loop itself (tune, train, audit, report) is the same for every data set.
 */
export interface DemoTask<P extends DemoParams = DemoParams> {
  readonly dataset: DemoDataset;
  /** What one row is, plural ("images", "messages"). */
  readonly unit: string;
  /** What the last line calls the held-out rows ("digits", "MNIST digits", "SMS messages"). */
  readonly heldOut: string;
  /** One line saying what the data are, where they come from and how they are split. */
  readonly description: string;
  readonly train: DemoSplit;
  readonly test: DemoSplit;
  readonly plan: DemoPlan;
  /** Hyperparameters without tuning (`--trials 0`). */
  readonly defaults: P;
  /** How the final run validates, e.g. "20% of the training split for validation". */
  readonly validation: string;
  suggest(trial: Trial): P;
  /** The hyperparameters of a finished trial's `params`. */
  paramsOf(values: Readonly<Record<string, unknown>>): P;
  /** The hyperparameters in one line (`lr=0.003 filters=8 ...`). */
  describe(p: P): string;
  build(p: P, seed: number): Sequential;
  fit(p: P, o: { readonly epochs: number; readonly final: boolean }): DemoFit;
  /** Writes the splits into `dir` for the audit (and for `keel audit` to repeat it). */
  writeData(dir: string): DemoAuditInputs;
  /** Writes `model.onnx` (and what else the model needs) into `dir`; returns its inference graph. */
  save(net: Sequential, dir: string): Graph;
  /** The data set's part of the audit config: thresholds, section options, why fairness does not apply. */
  audit(): Pick<AuditConfig, 'thresholds' | 'robustness' | 'explain'> & { readonly fairness: string };
}
