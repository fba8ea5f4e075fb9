import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');

/**
 * The package as a user imports it (`import … from 'keel'`, resolved through package.json
 * "exports" to dist/): a small MLP trained with `fit` on 2,000 bundled MNIST digits, turned into
 * the one `Model` object, evaluated, and attacked through the `robust` namespace; every subpath
 * resolves, and internals stay out of the surface.
 */
const SCRIPT = `
import { Sequential, dense, loadMnist, fit, EarlyStopping, Model, robust } from 'keel';
const { train: tr, test } = loadMnist({ shape: 'flat', trainLimit: 2000, testLimit: 500 });
const net = new Sequential([dense(64, { activation: 'relu' }), dense(10)], { seed: 3 });
// fit leaves the final (or restored best) weights in the network.
const r = await fit(net, tr.x, tr.y, { epochs: 3, batchSize: 32, validationSplit: 0.1, seed: 1, callbacks: [new EarlyStopping({ patience: 2 })] });
const model = Model.fromNetwork(net, { inputShape: ['N', 784] });
const { accuracy: acc } = await model.evaluate(test.x, test.y);
const adv = await new robust.FgsmAttack(model).perturb(test.x, test.y, { eps: 0.1, norm: 'linf', clip: [0, 1] });
let ok = 0; adv.predictions.forEach((p, i) => { ok += p === Number(test.y.data[i]) ? 1 : 0; });
const subpaths = {};
for (const s of ['engine', 'train', 'data', 'explain', 'tune', 'fairness', 'robust', 'efficiency', 'report']) subpaths[s] = Object.keys(await import('keel/' + s)).length;
const eff = await import('keel/efficiency');
const tune = await import('keel/tune');
const internals = ['GraphRewriter' in eff, 'RandomForestRegressor' in tune, 'RandomGenerator' in tune, 'GraphClassifier' in robust];
console.log(JSON.stringify({ epochs: r.history.length, acc, fgsm: ok / 500, subpaths, internals }));
`;

describe('public package surface', () => {
  it("trains, scores and attacks through `import … from 'keel'`", () => {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', SCRIPT], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(r.stderr, r.stderr).not.toMatch(/Error/);
    const out = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { epochs: number; acc: number; fgsm: number; subpaths: Record<string, number>; internals: boolean[] };
    expect(out.epochs).toBe(3);
    expect(out.acc).toBeGreaterThan(0.85);
    expect(out.fgsm).toBeLessThan(out.acc);
    expect(Object.keys(out.subpaths)).toHaveLength(9);
    for (const [name, count] of Object.entries(out.subpaths)) expect(count, name).toBeGreaterThan(3);
    expect(out.internals).toEqual([false, false, false, false]);
  }, 150_000);
});
