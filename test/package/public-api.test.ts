import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');

/**
 * The package as a user imports it (`import … from 'keel'`, resolved through package.json
 * "exports" to dist/): a small MLP trained with `fit` on 2,000 bundled MNIST digits, scored with
 * the `train` namespace, and one attack through the `robust` namespace.
 */
const SCRIPT = `
import { Sequential, dense, loadMnist, fit, EarlyStopping, train, robust, Session } from 'keel';
const { train: tr, test } = loadMnist({ shape: 'flat', trainLimit: 2000, testLimit: 500 });
const model = new Sequential([dense(64, { activation: 'relu' }), dense(10)], { seed: 3 });
// fit leaves the final (or restored best) weights in the model.
const r = await fit(model, tr.x, tr.y, { epochs: 3, batchSize: 32, validationSplit: 0.1, seed: 1, callbacks: [new EarlyStopping({ patience: 2 })] });
const graph = model.graph({ inputShape: ['N', 784] });
const s = await Session.create(graph);
const acc = train.accuracy(await train.predictBatched(s, test.x), test.y);
const clf = robust.GraphClassifier.create(graph);
const adv = await new robust.FgsmAttack(clf).perturb(test.x, test.y, { eps: 0.1, norm: 'linf', clip: [0, 1] });
let ok = 0; adv.predictions.forEach((p, i) => { ok += p === Number(test.y.data[i]) ? 1 : 0; });
console.log(JSON.stringify({ epochs: r.history.length, acc, fgsm: ok / 500 }));
`;

describe('public package surface', () => {
  it("trains, scores and attacks through `import … from 'keel'`", () => {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', SCRIPT], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(r.stderr, r.stderr).not.toMatch(/Error/);
    const out = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { epochs: number; acc: number; fgsm: number };
    expect(out.epochs).toBe(3);
    expect(out.acc).toBeGreaterThan(0.85);
    expect(out.fgsm).toBeLessThan(out.acc);
  }, 150_000);
});
