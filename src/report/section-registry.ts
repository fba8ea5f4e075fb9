import type { Section } from './section.js';
import { DataSection } from './sections/data-section.js';
import { EfficiencySection } from './sections/efficiency-section.js';
import { ExplainSection } from './sections/explain-section.js';
import { FairnessSection } from './sections/fairness-section.js';
import { ModelSection } from './sections/model-section.js';
import { PerformanceSection } from './sections/performance-section.js';
import { RobustnessSection } from './sections/robustness-section.js';
import { ScaleOutSection, TuningSection } from './sections/tuning-section.js';

/**
 * The name → factory map of audit sections, in run order. Capabilities add their section here
 * (for example the efficiency profile replaces `efficiency`).
 * @example `const s = SECTIONS.fairness();`
 */
export const SECTIONS = {
  model: () => new ModelSection(),
  data: () => new DataSection(),
  performance: () => new PerformanceSection(),
  explain: () => new ExplainSection(),
  fairness: () => new FairnessSection(),
  robustness: () => new RobustnessSection(),
  efficiency: () => new EfficiencySection(),
  tuning: () => new TuningSection(),
  'scale-out': () => new ScaleOutSection(),
} as const satisfies Readonly<Record<string, () => Section>>;

/** A section name of {@link SECTIONS}. */
export type SectionName = keyof typeof SECTIONS;

/** All section names in run order. */
export const SECTION_NAMES = Object.keys(SECTIONS) as SectionName[];
