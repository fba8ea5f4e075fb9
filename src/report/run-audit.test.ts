import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAudit } from './run-audit.js';

const FIXTURES = join(import.meta.dirname, '../../test/fixtures/torch-reference');
const inputs = { model: join(FIXTURES, 'cnn.onnx'), data: join(FIXTURES, 'cnn_x.npy'), labels: join(FIXTURES, 'cnn_y.npy') };

describe('runAudit', () => {
  it('marks sections the config declares not applicable as n/a with the reason, apart from sections not run', async () => {
    const events: string[] = [];
    const r = await runAudit({ ...inputs, config: { sections: ['model'], notApplicable: { fairness: 'no people in these data' } }, progress: (e) => events.push(`${e.stage}:${e.state}`) });
    const status = Object.fromEntries(r.areas.map((a) => [a.area, a.status]));
    expect(status).toMatchObject({ model: 'pass', fairness: 'n/a', robustness: 'not run', tuning: 'not run' });
    expect(r.areas.find((a) => a.area === 'fairness')?.notRun).toBe('not applicable: no people in these data');
    expect(events).toEqual(['model:start', 'model:done', 'fairness:start', 'fairness:skipped']);
    expect(r.passed).toBe(true);
  });

  it('rejects an unknown section name, also under notApplicable', async () => {
    await expect(runAudit({ ...inputs, config: { notApplicable: { fairnes: 'typo' } } })).rejects.toMatchObject({ code: 'AUDIT_SECTION' });
    await expect(runAudit({ ...inputs, config: { sections: ['robustnes'] } })).rejects.toMatchObject({ code: 'AUDIT_SECTION' });
  });
});
