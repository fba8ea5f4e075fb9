import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findLabelIssues, runChecksDetailed } from '../../data/index.js';
import { Model } from '../../model/index.js';
import { readSplit, modelInput } from '../audit-data.js';
import { cachedLogits, type AuditContext } from '../section.js';
import { labelIssueSource } from './label-issue-source.js';

const FIXTURES = join(import.meta.dirname, '../../../test/fixtures/torch-reference');

async function digitsContext(): Promise<AuditContext> {
  const model = await Model.load(join(FIXTURES, 'cnn.onnx'));
  const train = await readSplit({ data: join(FIXTURES, 'cnn_x.npy'), labels: join(FIXTURES, 'cnn_y.npy') }, { sensitive: [], rowShape: [1, 8, 8], outputs: 10 });
  return { config: {}, modelPath: 'cnn.onnx', model, graph: model.graph, rowShape: [1, 8, 8], kind: 'image', train, test: train, hasTest: false, historyPath: undefined, sensitive: [], logits: cachedLogits(model, modelInput(train)), log: () => undefined };
}

describe('where the audit finds label issues', () => {
  it('cross-validates when affordable, else uses the PyTorch digits CNN\'s in-sample probabilities and says so', async () => {
    const ctx = await digitsContext();
    expect(await labelIssueSource(ctx)).toMatchObject({ crossValidation: { folds: 3, seed: 0 } });
    const src = await labelIssueSource(ctx, { rows: 100 });
    expect(src.crossValidation).toBeUndefined();
    expect(src.method).toContain('in-sample');
    expect(src.method).toContain('200 rows × 64 features are over the audit\'s 100 rows');
    // The probabilities are the model's softmax on the training rows: their argmax is the model's prediction.
    const logits = (await ctx.logits()).data;
    const p = src.probs!;
    expect([p.rows, p.classes]).toEqual([200, 10]);
    for await (const batch of p.batches(200)) {
      for (let i = 0; i < batch.rows; i++) {
        const row = Array.from(batch.data.subarray(i * 10, i * 10 + 10));
        const z = Array.from(logits.subarray(i * 10, i * 10 + 10));
        expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
        expect(row.indexOf(Math.max(...row))).toBe(z.indexOf(Math.max(...z)));
      }
    }
    // The checks see the same issues confident learning finds on those probabilities.
    const run = await runChecksDetailed({ train: ctx.train.table, target: 'label', probs: src.probs, config: { profile: { classes: src.classes } } });
    const direct = await findLabelIssues(run.context.train.labels!.codes, src.probs!);
    expect(run.label_issues).toEqual(direct.issues);
    expect(run.checks.find((c) => c.id === 'label_issues')?.status).not.toBe('not_run');
  }, 120_000);
});
