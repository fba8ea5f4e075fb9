import { Option, type Command } from 'commander';
import { UsageError } from '../../core/index.js';
import { ATTACK_NAMES, NORMS } from '../../robust/index.js';
import { nonNegativeInt, positiveFloat, positiveInt } from '../options.js';
import { attackCommand } from './attack.js';
import type { Runner } from './index.js';

/** Parses ε: a finite number ≥ 0 (ε < 0 is a usage error with its own code). */
function epsilon(v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < 0) throw new UsageError('ATTACK_EPS', `--eps must be a finite number ≥ 0, got "${v}"`, { value: v });
  return n;
}

/** Parses LOW,HIGH. */
function box(v: string): [number, number] {
  const parts = v.split(',').map(Number);
  const [lo, hi] = parts;
  if (parts.length !== 2 || lo === undefined || hi === undefined || !Number.isFinite(lo) || !Number.isFinite(hi) || lo >= hi) {
    throw new UsageError('ATTACK_CLIP', `--clip must be LOW,HIGH with LOW < HIGH, got "${v}"`, { value: v });
  }
  return [lo, hi];
}

/** `keel attack`. */
export function registerAttack(program: Command, run: Runner): void {
  program
    .command('attack')
    .description('adversarial attack on an ONNX classifier: adversarial inputs (.npy) and robust accuracy (JSON)')
    .requiredOption('--model <path>', 'ONNX classifier (input [N,...], output logits [N,C])')
    .requiredOption('--input <path>', 'inputs .npy')
    .requiredOption('--labels <path>', 'integer labels .npy [N]')
    .addOption(new Option('--attack <name>', 'attack').choices(ATTACK_NAMES).makeOptionMandatory())
    .addOption(new Option('--eps <e>', 'perturbation budget ε').argParser(epsilon).makeOptionMandatory())
    .addOption(new Option('--norm <norm>', 'perturbation norm').choices(NORMS).default('linf'))
    .addOption(new Option('--steps <n>', 'iterations (queries for square)').argParser(positiveInt('--steps')))
    .addOption(new Option('--step-size <a>', 'step size α').argParser(positiveFloat('--step-size')))
    .addOption(new Option('--restarts <n>', 'random restarts').argParser(positiveInt('--restarts')))
    .option('--no-random-start', 'start from the clean input')
    .addOption(new Option('--seed <s>', 'random seed').argParser(nonNegativeInt('--seed')).default(0))
    .addOption(new Option('--clip <low,high>', 'valid input box').argParser(box).default([0, 1], '0,1'))
    .requiredOption('--out <path>', 'adversarial inputs .npy')
    .option('--json <path>', 'summary JSON')
    .action(run(attackCommand, (o) => ({ inputs: [o.model, o.input, o.labels], outputs: [o.out, o.json] })));
}
