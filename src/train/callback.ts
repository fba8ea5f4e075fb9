/**
 * Per-epoch record: `epoch` (1-based), mean training `loss` over the epoch's steps, `lr` at the
 * epoch's last step, and — where measured — `accuracy` (training rows in inference mode),
 * `val_loss`, `val_accuracy`.
 */
export type EpochLogs = { readonly epoch: number; readonly loss: number; readonly lr: number } & Readonly<Record<string, number>>;

/** A copy of everything a model's training changes: flat weights and flat buffers. */
export interface WeightSnapshot {
  readonly params: Float32Array;
  readonly buffers: Float32Array;
}

/** What callbacks can read and steer during `fit()`. */
export interface TrainContext {
  readonly epochs: number;
  readonly history: readonly EpochLogs[];
  /** Set to true to stop after the current step call (mid-epoch) or epoch. */
  stopTraining: boolean;
  /** Multiplier on the scheduled learning rate (ReduceLROnPlateau lowers it). */
  lrScale: number;
  /** Copies of the current weights. */
  snapshot(): WeightSnapshot;
  restore(s: WeightSnapshot): void;
  /** The model with the current weights as ONNX bytes (inference graph). */
  exportOnnx(): Uint8Array;
}

/** Serializable state of a callback, stored in checkpoints for exact resume. */
export interface CallbackState {
  readonly json: unknown;
  readonly arrays?: Readonly<Record<string, Float32Array>>;
}

/**
 * A training callback; every hook is optional. Hooks fire in this order:
 * `onTrainBegin` → for each epoch: `onEpochBegin` → `onBatchEnd` (once per optimizer step, after
 * the step's call returns) → `onEpochEnd` (after validation) → after the last epoch `onTrainEnd`.
 * Within a hook, callbacks run in the order given. Stateful callbacks implement
 * `saveState`/`loadState` so `fit()` can checkpoint them (called after `onTrainBegin` on resume).
 */
export interface Callback {
  readonly name: string;
  onTrainBegin?(ctx: TrainContext): void | Promise<void>;
  onEpochBegin?(epoch: number, ctx: TrainContext): void | Promise<void>;
  onBatchEnd?(step: number, logs: { readonly loss: number; readonly lr: number }, ctx: TrainContext): void | Promise<void>;
  onEpochEnd?(epoch: number, logs: EpochLogs, ctx: TrainContext): void | Promise<void>;
  onTrainEnd?(ctx: TrainContext): void | Promise<void>;
  /**
   * The weights (initializer names) to keep frozen during `epoch` (gradual unfreezing), or
   * undefined for no opinion. Must depend on the epoch only, so a resumed fit recompiles the same step.
   */
  frozenAt?(epoch: number): ReadonlySet<string> | undefined;
  saveState?(): CallbackState;
  loadState?(s: CallbackState): void;
}

/** Which way a monitored metric improves. */
export type Mode = 'min' | 'max' | 'auto';

/** `auto` → max for accuracy-like names, min otherwise. */
export function resolveMode(mode: Mode, monitor: string): 'min' | 'max' {
  if (mode !== 'auto') return mode;
  return /acc|f1|precision|recall|auc/.test(monitor) ? 'max' : 'min';
}

/**
 * Whether `value` improves on `best` by more than `minDelta` in the direction of `mode`; anything
 * improves on `NaN` (no best yet). The one test every monitoring callback applies.
 * @example `improves(0.4, 0.5, 'min', 0.05) // true`
 */
export function improves(value: number, best: number, mode: 'min' | 'max', minDelta = 0): boolean {
  if (Number.isNaN(best)) return true;
  return mode === 'min' ? value < best - minDelta : value > best + minDelta;
}
