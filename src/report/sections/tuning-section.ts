import { openStorage, studyFigures, type FrozenTrial, type StudyRecord } from '../../tune/index.js';
import { gauge } from '../audit-config.js';
import type { AuditConfig } from '../audit-config.js';
import type { SectionResult } from '../audit-types.js';
import { notRun, type AuditContext, type Section } from '../section.js';
import { maxConcurrency } from '../study-figures.js';

const NO_STUDY = 'not run: no tuning study configured (set "tuning": { "storage": "sqlite:tune.db", "study": "name" } in the config)';

async function loadStudy(config: AuditConfig): Promise<{ study: StudyRecord; trials: readonly FrozenTrial[] } | string> {
  const t = config.tuning;
  if (t === undefined) return NO_STUDY;
  const storage = await openStorage(t.storage);
  try {
    const study = t.study === undefined ? (await storage.listStudies())[0] : await storage.findStudy(t.study);
    if (study === undefined) return `not run: no study ${t.study === undefined ? '' : `"${t.study}" `}in ${t.storage}`;
    return { study, trials: await storage.getTrials(study.studyId) };
  } finally {
    await storage.close();
  }
}

/**
 * Tuning: the configured study's plots (the same as `keel tune --html` and the dashboard) and trials.
 * @example `const r = await new TuningSection().run(ctx);`
 */
export class TuningSection implements Section {
  readonly name = 'tuning';
  readonly area = 'tuning' as const;

  async run(ctx: AuditContext): Promise<SectionResult> {
    const s = await loadStudy(ctx.config);
    if (typeof s === 'string') return notRun(s);
    const complete = s.trials.filter((t) => t.state === 'COMPLETE');
    const dir = s.study.directions[0] ?? 'minimize';
    const values = complete.map((t) => t.values?.[0] ?? Number.NaN);
    const best = values.length === 0 ? Number.NaN : dir === 'minimize' ? Math.min(...values) : Math.max(...values);
    return {
      checks: [
        gauge(ctx.config, { id: 'tuning.complete_trials', area: 'tuning', value: complete.length, defaults: { min: 1 }, what: `complete trials of study "${s.study.name}"` }),
        gauge(ctx.config, { id: 'tuning.best_value', area: 'tuning', value: best, defaults: {}, what: `best objective (${dir})` }),
      ],
      figures: studyFigures(s.trials, { directions: s.study.directions }),
    };
  }
}

/**
 * Scale-out: how many trials of the configured study ran at once, and how many failed.
 * @example `const r = await new ScaleOutSection().run(ctx);`
 */
export class ScaleOutSection implements Section {
  readonly name = 'scale-out';
  readonly area = 'scale-out' as const;

  async run(ctx: AuditContext): Promise<SectionResult> {
    const s = await loadStudy(ctx.config);
    if (typeof s === 'string') return notRun(s.replace('tuning study', 'distributed tuning study'));
    const failed = s.trials.filter((t) => t.state === 'FAIL').length;
    return {
      checks: [
        gauge(ctx.config, { id: 'scaleout.max_concurrent_trials', area: 'scale-out', value: maxConcurrency(s.trials), defaults: {}, what: `most trials of "${s.study.name}" running at once` }),
        gauge(ctx.config, { id: 'scaleout.failed_fraction', area: 'scale-out', value: failed / Math.max(1, s.trials.length), defaults: {}, what: `failed trials (${failed} of ${s.trials.length})` }),
      ],
      figures: [],
    };
  }
}
