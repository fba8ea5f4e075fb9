import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/index.js';
import { readAuditConfig, readAuditReport, writeAuditConfig, type AuditConfig } from '../../src/report/index.js';
import { keel } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'keel-snake-'));
const at = (f: string): string => join(dir, f);
const F = join(import.meta.dirname, '../fixtures/torch-reference');

/** Every object key of a JSON value with its path; data-keyed maps are avoided by the inputs (no camelCase names in the data). */
function keys(value: unknown, path = '$'): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => keys(v, `${path}[]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [`${path}.${k}`, ...keys(v, `${path}.${k}`)]);
}

/** Runs a command, then reads the JSON it wrote and returns its key paths. */
function jsonKeys(args: readonly string[], file: string): string[] {
  const r = keel(args);
  expect(r.status, `keel ${args.join(' ')}\n${r.stderr}`).toBeLessThanOrEqual(1); // 1: a check failed, which is a result
  return [...new Set(keys(JSON.parse(readFileSync(at(file), 'utf8'))))];
}

const camel = (paths: readonly string[]): string[] => paths.filter((p) => /[a-z0-9][A-Z]/.test(p.slice(p.lastIndexOf('.') + 1)));

describe('JSON outputs use snake_case keys', () => {
  beforeAll(() => {
    const rng = new Rng(5);
    const rows = Array.from({ length: 160 }, (_, i) => {
      const city = ['oslo', 'rome', 'lima'][i % 3]!;
      const score = rng.uniform();
      return `${20 + (i % 50)},${city},${score.toFixed(3)},${score > 0.5 ? 'yes' : 'no'},${score + (city === 'oslo' ? 0.2 : 0) > 0.6 ? 'yes' : 'no'}`;
    });
    rows.push(rows[3]!, rows[4]!); // duplicates for the check's evidence
    writeFileSync(at('t.csv'), `age,city,score,pred,label\n${rows.join('\n')}\n`);
    writeFileSync(at('quad.mjs'), "export default async (trial) => { const x = trial.suggestFloat('x', -3, 3); return x * x; };\n");
  });

  it('keel check, fairness, fairness mitigate, tune, profile, quantize, train (config.json) and audit', () => {
    const outputs: Record<string, string[]> = {
      check: jsonKeys(['check', '--data', at('t.csv'), '--target', 'label', '--json', at('check.json'), '--quiet'], 'check.json'),
      fairness: jsonKeys(['fairness', '--data', at('t.csv'), '--target', 'label', '--positive', 'yes', '--predictions', 'pred', '--sensitive', 'city', '--bootstrap', '20', '--json', at('fair.json')], 'fair.json'),
      mitigate: [],
      thresholds: [],
      tune: jsonKeys(['tune', '--objective', at('quad.mjs'), '--study', 's', '--trials', '4', '--seed', '0', '--json', at('tune.json'), '--quiet'], 'tune.json'),
      profile: jsonKeys(['profile', '--model', join(F, 'tab.onnx'), '--batch', '1', '--threads', '1', '--json', at('profile.json')], 'profile.json'),
      quantize: jsonKeys(['quantize', '--model', join(F, 'tab.onnx'), '--out', at('q.onnx'), '--mode', 'fp16', '--eval-data', join(F, 'tab_x.npy'), '--eval-labels', join(F, 'tab_target.npy'), '--time-batch', '0', '--json', at('quantize.json')], 'quantize.json'),
    };
    outputs['mitigate'] = jsonKeys(['fairness', 'mitigate', '--method', 'threshold', '--data', at('t.csv'), '--target', 'label', '--positive', 'yes', '--sensitive', 'city', '--out', at('mit'), '--hidden', '0', '--epochs', '2', '--quiet'], 'mit/tradeoff.json');
    outputs['thresholds'] = [...new Set(keys(JSON.parse(readFileSync(at('mit/thresholds.json'), 'utf8'))))];
    outputs['train'] = jsonKeys(['train', '--data', at('t.csv'), '--target', 'label', '--out', at('run'), '--epochs', '1', '--batch-size', '32', '--val-split', '0.2', '--early-stopping', '2', '--seed', '0', '--quiet'], 'run/config.json');
    outputs['audit'] = jsonKeys(['audit', '--model', join(F, 'tab.onnx'), '--data', join(F, 'tab_x.npy'), '--labels', join(F, 'tab_target.npy'), '--out', at('audit'), '--quiet'], 'audit/report.json');
    for (const [command, paths] of Object.entries(outputs)) {
      expect(paths.length, command).toBeGreaterThan(3);
      expect(camel(paths), command).toEqual([]);
    }
    // Keys that were camelCase before and are converted now.
    expect(outputs['check']).toContain('$.checks[].evidence.items[].duplicate_of');
    expect(outputs['thresholds']).toContain('$.sensitive_features');
    expect(outputs['thresholds'].some((p) => p.endsWith('.constant_weight'))).toBe(true);
    expect(outputs['train']).toEqual(expect.arrayContaining(['$.batch_size', '$.val_split', '$.early_stopping']));
    expect(outputs['audit']).toEqual(expect.arrayContaining(['$.created_at', '$.areas[].figures[].value_label']));
  });

  it('the audit config (audit.json, an input keel demo writes): snake_case keys, data names as written, older camelCase files read the same', () => {
    const config: AuditConfig = {
      failOn: 'warning',
      sections: ['model', 'performance', 'fairness'],
      notApplicable: { fairness: 'the fixture has no attribute of a person' },
      thresholds: { 'performance.accuracy': { min: 0.5, severity: 'warning' }, 'performance.generalization_gap': { max: 0.5 } },
      robustness: { gateEps: 0.1, stepSize: 0.01, wordBudget: 2 },
      fairness: { minGroupSize: 5 },
      data: { checks: { label_issues: { enabled: false } }, read: { schema: { zipCode: 'string' } }, labelIssues: {} },
    };
    writeAuditConfig(at('audit.json'), config);
    const paths = [...new Set(keys(JSON.parse(readFileSync(at('audit.json'), 'utf8'))))];
    // Column names are data: the one camelCase key left is the column zipCode.
    expect(camel(paths)).toEqual(['$.data.read.schema.zipCode']);
    expect(paths).toEqual(expect.arrayContaining(['$.fail_on', '$.not_applicable.fairness', '$.robustness.gate_eps', '$.robustness.step_size', '$.robustness.word_budget', '$.fairness.min_group_size', '$.thresholds.performance.generalization_gap', '$.data.checks.label_issues.enabled', '$.data.label_issues']));
    expect(readAuditConfig(at('audit.json'))).toEqual(config);
    writeFileSync(at('audit-camel.json'), JSON.stringify(config)); // a file written before audit.json was snake_case
    expect(readAuditConfig(at('audit-camel.json'))).toEqual(config);
    // A misfit is named as the file spells it.
    writeFileSync(at('audit-bad.json'), JSON.stringify({ robustness: { gate_eps: -1 } }));
    expect(() => readAuditConfig(at('audit-bad.json'))).toThrow(/"robustness\.gate_eps"/);
    // keel audit reads the snake_case file: the n/a reason and the threshold's severity come from it.
    const r = keel(['audit', '--model', join(F, 'tab.onnx'), '--data', join(F, 'tab_x.npy'), '--labels', join(F, 'tab_target.npy'), '--config', at('audit.json'), '--out', at('audit-cfg'), '--quiet']);
    expect(r.status, r.stderr).toBeLessThanOrEqual(1);
    const report = readAuditReport(at('audit-cfg/report.json'))!;
    expect(report.areas.find((a) => a.area === 'fairness')?.status).toBe('n/a');
    expect(report.areas.find((a) => a.area === 'fairness')?.notRun).toContain('the fixture has no attribute of a person');
    expect(report.checks.find((c) => c.id === 'performance.accuracy')?.severity).toBe('warning');
  });
});
