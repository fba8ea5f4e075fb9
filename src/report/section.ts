import type { HostTensor } from '../core/index.js';
import type { Graph } from '../ir/index.js';
import { Model } from '../model/index.js';
import { Session } from '../runtime/index.js';
import { predictBatched } from '../train/index.js';
import type { AuditConfig } from './audit-config.js';
import type { AuditData } from './audit-data.js';
import type { AuditArea, SectionResult } from './audit-types.js';

/** Everything a section can read. Frozen: sections never mutate it. */
export interface AuditContext {
  readonly config: AuditConfig;
  readonly modelPath: string;
  /** The audited model; it may be inference-only (`Model.inferenceOnly`: Keel cannot represent it). */
  readonly model: Model;
  /**
   * The model's graph. For an inference-only model reading it throws the typed error naming the
   * op that blocks gradients, and the audit lists the section as not run with that reason.
   */
  readonly graph: Graph;
  /** Row shape after the batch axis (a text model's: the token width of the evaluation split, `[T]`). */
  readonly rowShape: readonly number[];
  /**
   * Images (rank ≥ 2 rows) get attacks and corruptions; tabular rows get feature perturbations;
   * text models (trained by `keel train --text`) get token explanations, character corruptions
   * and word attacks, and the image-only checks are listed as not run with the reason.
   */
  readonly kind: 'image' | 'tabular' | 'text';
  readonly train: AuditData;
  /** The evaluation split: `--test` when given, else the training data. */
  readonly test: AuditData;
  readonly hasTest: boolean;
  /** Training history (`history.json`) when one was found. */
  readonly historyPath: string | undefined;
  readonly sensitive: readonly string[];
  /** Model outputs on the evaluation split (computed once, shared by sections). */
  logits(): Promise<HostTensor<'float32'>>;
  /** Seconds-based progress messages from inside a section. */
  log(message: string): void;
}

/**
 * An audit section plug-in: one per area. `run` returns checks and figures; a failed check is a
 * result, never an exception, and a section that cannot run returns `notRun` with the reason.
 *
 * @example
 * ```ts
 * const always: Section = {
 *   name: 'example', area: 'model',
 *   run: async () => ({ checks: [], figures: [], notRun: 'nothing to do' }),
 * };
 * ```
 */
export interface Section {
  readonly name: string;
  readonly area: AuditArea;
  run(ctx: AuditContext): Promise<SectionResult>;
}

/**
 * The result of a section that did not run, with its reason.
 * @example `return notRun('not run: capability not available (src/efficiency)');`
 */
export function notRun(reason: string): SectionResult {
  return { checks: [], figures: [], notRun: reason };
}

/**
 * Caches model predictions of a split behind a promise, so sections share one session run. A
 * model Keel cannot represent runs on onnxruntime from its own bytes (`Model.openSession`).
 * @example `const logits = cachedLogits(model, test.x); await logits();`
 */
export function cachedLogits(model: Graph | Model, x: HostTensor): () => Promise<HostTensor<'float32'>> {
  let p: Promise<HostTensor<'float32'>> | undefined;
  return () => {
    p ??= (async () => {
      const session = await (model instanceof Model ? model.openSession() : Session.create(model));
      try {
        return (await predictBatched(session, x)) as HostTensor<'float32'>;
      } finally {
        await session.release();
      }
    })();
    return p;
  };
}
