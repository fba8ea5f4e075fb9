import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostTensor } from '../../src/core/index.js';
import { onnx, tensorFromProto } from '../../src/onnx/proto.js';

/** One backend test case: a model and its input/output data sets. */
export interface BackendCase {
  readonly group: string;
  readonly name: string;
  readonly model: string;
  readonly sets: { inputs: HostTensor[]; outputs: HostTensor[] }[];
  /** Why the case's data could not be read (e.g. string tensors), if so. */
  readonly dataError?: string;
}

/** Unpacks the bundled ONNX backend test data once and lists its cases. */
export function backendCases(): BackendCase[] {
  const dir = mkdtempSync(join(tmpdir(), 'keel-onnx-backend-'));
  execFileSync('tar', ['xzf', join(import.meta.dirname, '../fixtures/onnx-backend/onnx-backend-data.tgz'), '-C', dir]);
  const cases: BackendCase[] = [];
  for (const group of ['simple', 'pytorch-operator', 'pytorch-converted']) {
    for (const name of readdirSync(join(dir, group)).sort()) {
      const root = join(dir, group, name);
      const model = join(root, 'model.onnx');
      if (!existsSync(model)) continue;
      const dirs = readdirSync(root).filter((d) => d.startsWith('test_data_set_'));
      let sets: BackendCase['sets'] = [];
      let dataError: string | undefined;
      try {
        sets = dirs
        .sort()
        .map((d) => {
          const files = readdirSync(join(root, d));
          const read = (prefix: string): HostTensor[] =>
            files
              .filter((f) => f.startsWith(prefix))
              .sort((a, b) => Number(a.replace(/\D/g, '')) - Number(b.replace(/\D/g, '')))
              .map((f) => tensorFromProto(onnx.TensorProto.decode(readFileSync(join(root, d, f))), f));
          return { inputs: read('input_'), outputs: read('output_') };
        });
      } catch (e) {
        dataError = (e as Error).message;
      }
      cases.push({ group, name, model, sets, ...(dataError === undefined ? {} : { dataError }) });
    }
  }
  return cases;
}
