import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { predictCommand } from '../../src/cli/commands/predict.js';
import { isKeelError } from '../../src/core/index.js';
import { readNpy } from '../../src/io/index.js';
import { loadOnnx } from '../../src/onnx/index.js';
import { maxAbsDiff } from '../helpers/compare.js';

// A PyTorch export with Resize (nn.Upsample), an op Keel does not have (make_zoo.py, upsampler()).
const dir = join(import.meta.dirname, '../fixtures/torch-zoo');
const model = join(dir, 'upsample_op17.onnx');

describe('a model with an op Keel lacks', () => {
  it('keel predict still runs it on onnxruntime and matches PyTorch to 1e-4', async () => {
    const out = mkdtempSync(join(tmpdir(), 'keel-fallback-'));
    try {
      await predictCommand({ model, data: join(dir, 'upsample_x.npy'), out: join(out, 'p.npy') });
      expect(maxAbsDiff(readNpy(join(out, 'p.npy')), readNpy(join(dir, 'upsample_logits.npy')))).toBeLessThan(1e-4);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('gradient-based paths get a typed UNSUPPORTED_OP naming op, node and opset', async () => {
    const err = await loadOnnx(model).catch((e: unknown) => e);
    expect(isKeelError(err, 'UNSUPPORTED_OP')).toBe(true);
    expect((err as Error).message).toMatch(/op Resize \(node "\/up\/Resize"\) at opset 17/);
  });
});
