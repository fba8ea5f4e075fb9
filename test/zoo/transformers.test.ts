import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isKeelError } from '../../src/core/index.js';
import { loadOnnx } from '../../src/onnx/index.js';
import { expectIgAndPgd, expectLogits, expectSgdEpoch, expectTargetGradient, zooModel } from './zoo-checks.js';

// Committed fixtures from test/fixtures/torch-zoo/make_zoo.py ("small"): PyTorch 1.13 exports with
// a dynamic batch (and a dynamic length for sequence models), references at other sizes.
const dir = join(import.meta.dirname, '../fixtures/torch-zoo');

const models = [
  { name: 'nn.TransformerEncoder (GELU), opset 13', file: 'encoder_op13.onnx', refs: 'encoder.npz', opset: 13 },
  { name: 'nn.TransformerEncoder (GELU), opset 17', file: 'encoder_op17.onnx', refs: 'encoder.npz', opset: 17 },
  { name: 'nn.TransformerEncoder (GELU), opset 18 (rewritten)', file: 'encoder_op18.onnx', refs: 'encoder.npz', opset: 18 },
  // Zero biases make f(αx) constant for α > 0 (post-norm LayerNorm is scale-invariant) but not at
  // α = 0, so integrated gradients from the zero baseline cannot be complete: only IG's run is checked.
  { name: 'fresh nn.TransformerEncoder (exporter-merged weights), opset 17', file: 'encoder_fresh_op17.onnx', refs: 'encoder_fresh.npz', opset: 17, igComplete: false },
  { name: 'causal decoder-style block (Trilu mask), opset 17', file: 'causal_op17.onnx', refs: 'causal.npz', opset: 17 },
  { name: 'torchvision VisionTransformer (small), opset 17', file: 'vit_op17.onnx', refs: 'vit.npz', opset: 17 },
  { name: 'MLP with the opset-20 Gelu op', file: 'gelu_op20.onnx', refs: 'gelu_op20.npz', opset: 20 },
];

describe.each(models)('zoo: $name', ({ file, refs, opset, igComplete }) => {
  const m = zooModel(dir, file, refs);
  it('imports at its opset and predicts PyTorch logits to 1e-4 at another batch size and length', async () => {
    const model = await loadOnnx(m.onnx);
    expect(model.opset).toBe(opset);
    await expectLogits(m, model);
  });
  it('gradient of the target logit w.r.t. the input matches PyTorch to 1e-3 relative', async () => {
    await expectTargetGradient(m, await loadOnnx(m.onnx));
  });
  it('one epoch of keel train --init --optimizer sgd --no-shuffle matches PyTorch SGD to 1e-3', async () => {
    await expectSgdEpoch(m, { batchSize: 4 });
  });
  it('integrated gradients and PGD run on it', async () => {
    await expectIgAndPgd(m, await loadOnnx(m.onnx), { igComplete: igComplete ?? true });
  });
});

describe('zoo: opsets outside 6–20', () => {
  it('an opset-21 model is a typed ONNX_OPSET error naming the first node', async () => {
    const { readFileSync } = await import('node:fs');
    const { onnx } = await import('../../src/onnx/proto.js');
    const model = onnx.ModelProto.decode(readFileSync(join(dir, 'gelu_op20.onnx')));
    model.opsetImport[0]!.version = 21;
    const { parseOnnx } = await import('../../src/onnx/index.js');
    let err: unknown;
    try {
      parseOnnx(onnx.ModelProto.encode(model).finish(), 'gelu_op21.onnx');
    } catch (e) {
      err = e;
    }
    expect(isKeelError(err, 'ONNX_OPSET')).toBe(true);
    expect((err as Error).message).toMatch(/opset 21.*node "fc1"/);
  });
});
