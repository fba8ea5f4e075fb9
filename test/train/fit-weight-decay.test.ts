import { describe, expect, it } from 'vitest';
import type { HostTensor } from '../../src/core/index.js';
import { loadMnist } from '../../src/datasets/index.js';
import { dense, Sequential } from '../../src/nn/index.js';
import { AdamW, Sgd, type Optimizer, type OptimizerName } from '../../src/optim/index.js';
import { fit, gatherRows, type FitOptions } from '../../src/train/index.js';

const { train } = loadMnist({ shape: 'flat', trainLimit: 200, testLimit: 1 });
const first = (t: HostTensor): HostTensor => gatherRows(t, Int32Array.from({ length: 200 }, (_, i) => i));

async function weightsAfter(o: Pick<FitOptions, 'optimizer' | 'weightDecay'>): Promise<Float32Array> {
  const model = new Sequential([dense(32, { activation: 'relu' }), dense(10)], { seed: 3 });
  return (await fit(model, first(train.x), first(train.y), { epochs: 2, batchSize: 50, lr: 1e-2, seed: 0, trainEvalRows: 0, ...o })).weights.params;
}

describe("fit's weightDecay: the decay of a named optimizer", () => {
  const cases: [OptimizerName, () => Optimizer][] = [
    ['adamw', () => new AdamW({ weightDecay: 0.05 })],
    ['sgd', () => new Sgd({ weightDecay: 0.05 })],
  ];
  it.each(cases)('%s with weightDecay 0.05 trains bit-identically to the optimizer object built with it', async (name, make) => {
    const named = await weightsAfter({ optimizer: name, weightDecay: 0.05 });
    expect(named).toEqual(await weightsAfter({ optimizer: make() }));
    // …and the decay does something: the optimizer's own default (adamw 0.01, sgd 0) gives other weights.
    expect(named).not.toEqual(await weightsAfter({ optimizer: name }));
  }, 60_000);

  it('an Optimizer object with weightDecay beside it is OPTIMIZER_OPTION (the object carries its own decay)', async () => {
    await expect(weightsAfter({ optimizer: new AdamW(), weightDecay: 0.1 })).rejects.toMatchObject({ code: 'OPTIMIZER_OPTION', details: { name: 'weightDecay', value: 0.1 } });
  });

  it('a negative decay is refused by the optimizer it is given to', async () => {
    await expect(weightsAfter({ optimizer: 'adam', weightDecay: -1 })).rejects.toMatchObject({ code: 'OPTIMIZER_OPTION', details: { name: 'weightDecay', value: -1 } });
  });
});
