import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAudit, writeAudit } from '../../src/report/index.js';
import { RandomSampler, SqliteStorage, createStudy } from '../../src/tune/index.js';
import { FIXTURES, HOSTILE, writeHostileCsv } from '../report/hostile-data.js';

/** A dashboard root with hostile names everywhere: a run, an audit report and a tuning study. */
export interface DashboardFixture {
  readonly root: string;
  readonly storage: string;
}

/**
 * Builds the fixture: the audit of tab.onnx on the hostile CSV (a real audit), two run folders named
 * with injection strings holding three- and four-epoch histories, and a SQLite study with a hostile name
 * and parameter whose 12 trials minimise (x − 2)² + y with a seeded random sampler, reporting
 * three intermediate values each.
 */
export async function buildDashboardFixture(): Promise<DashboardFixture> {
  const root = mkdtempSync(join(tmpdir(), 'keel-dash-'));
  const csv = writeHostileCsv(root);
  const report = await runAudit({ model: join(FIXTURES, 'tab.onnx'), data: csv, target: 'diagnosis', sensitive: ['group'], config: { sections: ['model', 'performance', 'fairness', 'robustness'] } });
  writeAudit(report, join(root, `audit ${HOSTILE.img.replace(/\//g, '')}`));
  const run = join(root, `run${HOSTILE.script.replace(/\//g, '')}`);
  mkdirSync(run);
  // Display fixture: the run page only renders these numbers.
  writeFileSync(join(run, 'history.json'), JSON.stringify([1, 2, 3].map((epoch) => ({ epoch, loss: 1 / epoch, val_loss: 1.2 / epoch, accuracy: 0.5 + 0.1 * epoch, lr: 0.1 }))));
  // A second run (listed after the first) for the comparison page, also with a hostile name.
  const second = join(root, `z-run ${HOSTILE.classA.replace(/\//g, '')}`);
  mkdirSync(second);
  writeFileSync(join(second, 'history.json'), JSON.stringify([1, 2, 3, 4].map((epoch) => ({ epoch, loss: 2 / epoch, val_loss: 2.4 / epoch, accuracy: 0.4 + 0.1 * epoch }))));
  const db = join(root, 'tune.db');
  const storage = await SqliteStorage.open(db);
  const study = await createStudy({ storage, studyName: HOSTILE.classA, direction: 'minimize', sampler: new RandomSampler({ seed: 1 }) });
  await study.optimize(
    async (t) => {
      const v = (t.suggestFloat('x', -5, 5) - 2) ** 2 + t.suggestFloat(HOSTILE.img, 0, 1);
      // Intermediate reports approaching the final value, as a training objective's would.
      for (let step = 1; step <= 3; step++) await t.report(v + 1 / step, step);
      return v;
    },
    { nTrials: 12 },
  );
  await storage.close();
  return { root, storage: `sqlite:${db}` };
}
