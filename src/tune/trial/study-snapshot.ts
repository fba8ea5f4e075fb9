import type { FrozenTrial, StudyDirection } from './frozen-trial.js';

/**
 * What samplers and pruners see of a study: its name, directions and a frozen list of trials
 * ordered by number. Plug-ins must treat it as read-only input.
 *
 * @example
 * ```ts
 * const complete = snapshot.trials.filter((t) => t.state === 'COMPLETE');
 * ```
 */
export interface StudySnapshot {
  readonly studyName: string;
  readonly directions: readonly StudyDirection[];
  readonly trials: readonly FrozenTrial[];
}
