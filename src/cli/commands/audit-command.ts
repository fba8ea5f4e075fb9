import type { Command } from 'commander';
import { defineCommand } from '../define-command.js';
import type { FlagTable } from '../flags.js';
import { TEXT_FLAGS, VOCABULARY } from '../vocabulary.js';
import { auditCommand, type AuditCommandOptions } from './audit.js';
import { inFolder } from './command-files.js';
import type { Runner } from './index.js';

/** `keel audit`'s flags. */
export const AUDIT_FLAGS: FlagTable<AuditCommandOptions> = {
  model: { flag: '--model <path>', help: 'ONNX model (history.json and preprocess.json beside it are used when present)', required: true },
  data: { ...VOCABULARY.data, help: 'training data: CSV (with --target), .npy / IDX inputs (with --labels), .npz, an image folder or mnist; raw messages (.csv/.tsv/.jsonl with --target) for a text model', required: true },
  labels: { ...VOCABULARY.labels, help: 'labels (.npy or IDX) for .npy / IDX --data' },
  test: { flag: '--test <path>', help: 'evaluation data of the same kind as --data; default: --data' },
  testLabels: { flag: '--test-labels <path>', help: 'labels (.npy or IDX) for .npy / IDX --test' },
  target: VOCABULARY.target,
  sensitive: { flag: '--sensitive <columns>', help: 'comma-separated sensitive columns for fairness' },
  config: { flag: '--config <path>', help: 'audit.json: thresholds per check id, sections, options' },
  out: { ...VOCABULARY.outFolder, help: 'output folder for report.html and report.json', required: true },
  quiet: VOCABULARY.quiet,
  text: TEXT_FLAGS.text,
  tokenizer: TEXT_FLAGS.tokenizer,
};

/** `keel audit`. */
export function registerAudit(program: Command, run: Runner): void {
  defineCommand(program, run, {
    name: 'audit',
    description: 'audit a model: data, generalization, explanations, fairness, robustness, ...; writes report.html/report.json; exit 1 when a check fails',
    flags: AUDIT_FLAGS,
    runsModel: true,
    action: auditCommand,
    files: (o) => ({ inputs: [o.model, o.data, o.labels, o.test, o.testLabels, o.config, o.tokenizer], outputs: inFolder(o.out, ['report.json', 'report.html']), outputFolders: [o.out] }),
  });
}
