import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { readTrainTuneConfig } from '../../src/tune-objectives/index.js';
import { readModelSpec, modelFromSpec } from '../../src/nn/index.js';
import { readAuditConfig } from '../../src/report/audit-config.js';
import { diagnoseFit } from '../../src/train/index.js';
import { findClassNames, readPreprocessor, readTrainingHistory } from '../../src/data/index.js';
import { expectTypedOrValid, fuzzRun, mutatedText } from './fuzz-harness.js';

/**
 * Property-based fuzzing of every JSON file Keel reads: the sidecars `keel train` writes beside a
 * model (preprocess.json, labels.json, history.json), the audit config, model specs and the train-tuning config
 * of `keel tune --train-config`. Inputs are valid files mutated as text, and valid files with one
 * value swapped for an arbitrary JSON value.
 */
const dir = mkdtempSync(join(tmpdir(), 'keel-fuzz-json-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Replaces the value at a random path of `doc` with `value`. */
function swapValue(doc: unknown, pick: number, value: unknown): unknown {
  const paths: (string | number)[][] = [];
  const walk = (v: unknown, path: (string | number)[]): void => {
    paths.push(path);
    if (Array.isArray(v)) v.forEach((x, i) => { walk(x, [...path, i]); });
    else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
  };
  walk(doc, []);
  const path = paths[Math.floor(pick * paths.length)] ?? [];
  if (path.length === 0) return value;
  const copy = structuredClone(doc) as Record<string | number, unknown>;
  let at = copy;
  for (const k of path.slice(0, -1)) at = at[k] as Record<string | number, unknown>;
  at[path.at(-1)!] = value;
  return copy;
}

/** Mutated text of the seeds, or a seed with one value swapped. */
function jsonInputs(seeds: readonly unknown[]): fc.Arbitrary<string> {
  const texts = seeds.map((s) => JSON.stringify(s, null, 2));
  const swapped = fc.tuple(fc.constantFrom(...seeds), fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), fc.jsonValue({ maxDepth: 2 })).map(([d, p, v]) => JSON.stringify(swapValue(d, p, v)));
  return fc.oneof({ weight: 1, arbitrary: mutatedText(texts) }, { weight: 1, arbitrary: swapped });
}

let n = 0;
function file(text: string): string {
  const path = join(dir, `f${n++}.json`);
  writeFileSync(path, text);
  return path;
}

const preprocess = {
  columns: [{ name: 'age', kind: 'numeric', mean: 38.5, std: 13.6 }, { name: 'workclass', kind: 'categorical', categories: ['Private', 'State-gov', '?'] }],
  target: 'income', classes: ['<=50K', '>50K'], task: 'classification', loss: 'cross_entropy',
};
const audit = { failOn: 'warning', sections: ['performance', 'robustness'], thresholds: { 'performance.accuracy': { min: 0.8, severity: 'error' } }, robustness: { eps: [0, 0.1], steps: 10 }, seed: 1 };
const spec = { layers: [{ type: 'flatten' }, { type: 'dense', units: 16, activation: 'relu' }, { type: 'dropout', rate: 0.1 }, { type: 'dense', units: 3 }] };
const history = [1, 2, 3, 4].map((epoch) => ({ epoch, loss: 1 / epoch, lr: 0.01, accuracy: 0.5 + epoch / 10, val_loss: 1.1 / epoch + (epoch > 3 ? 0.2 : 0), val_accuracy: 0.45 + epoch / 10 }));
const train = { trainLimit: 300, valLimit: 200, epochs: 3, width: [8, 32], lr: [0.001, 0.01], batchSize: [32, 64] };

describe('fuzz: JSON files', () => {
  it('preprocess.json: 1,000 mutated files read as a checked preprocessor or give SIDECAR_JSON', () => {
    fc.assert(fc.property(jsonInputs([preprocess]), (text) => { expectTypedOrValid(() => readPreprocessor(file(text)), (p) => {
      for (const c of p.spec.columns) if (c.kind === 'numeric') expect(Number.isFinite(c.mean) && c.std > 0).toBe(true);
      expect(new Set(p.classes).size).toBe(p.classes.length);
    }); }), fuzzRun(18_031));
  });

  it('labels.json: 1,000 mutated files read as distinct class names or give SIDECAR_JSON', () => {
    fc.assert(fc.property(jsonInputs([['<=50K', '>50K'], ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']]), (text) => {
      writeFileSync(join(dir, 'labels.json'), text);
      expectTypedOrValid(() => findClassNames(join(dir, 'model.onnx')), (names) => {
        expect(names!.length).toBeGreaterThan(0);
        expect(names!.every((s) => typeof s === 'string')).toBe(true);
      });
    }), fuzzRun(18_032));
  });

  it('audit config: 1,000 mutated files read as a checked config or give AUDIT_CONFIG', () => {
    fc.assert(fc.property(jsonInputs([audit, {}]), (text) => { expectTypedOrValid(() => readAuditConfig(file(text))); }), fuzzRun(18_033));
  });

  it('model spec: 1,000 mutated specs build a model or give MODEL_SPEC', () => {
    fc.assert(fc.property(jsonInputs([spec]), (text) => {
      const path = file(text);
      expectTypedOrValid(() => readModelSpec(path), (s) => { expect(s.layers.length).toBeGreaterThan(0); });
      expectTypedOrValid(() => modelFromSpec(path, { outputs: 3, seed: 0 }));
    }), fuzzRun(18_034));
  });

  it('history.json: 1,000 mutated histories read as epochs of numbers (and diagnose) or give SIDECAR_JSON', () => {
    fc.assert(fc.property(jsonInputs([history]), (text) => {
      const path = file(text);
      expectTypedOrValid(() => readTrainingHistory(path), (h) => {
        expect(h.every((e) => Number.isInteger(e.epoch))).toBe(true);
      });
      expectTypedOrValid(() => diagnoseFit(readTrainingHistory(path)));
    }), fuzzRun(18_036));
  });

  it('train-tuning config: 1,000 mutated files read as a checked config or give TRAIN_CONFIG', () => {
    fc.assert(fc.property(jsonInputs([train, {}]), (text) => { expectTypedOrValid(() => readTrainTuneConfig(file(text)), (c) => {
      expect(c.epochs).toBeGreaterThanOrEqual(1);
      expect(c.lr[0]).toBeLessThanOrEqual(c.lr[1]);
    }); }), fuzzRun(18_035));
  });
});
