import type { Command } from 'commander';
import { CLEAN_COMMAND_OPTIONS, cleanCommand } from '../../data/index.js';
import { addTableOptions, tableValues } from './data-options.js';
import type { Runner } from './index.js';

/**
 * `keel clean`: writes a cleaned copy and a review CSV; inputs are never overwritten.
 *
 * @example
 * ```ts
 * registerClean(program, run); // keel clean --data a.csv --out a.clean.csv --review review.csv --target y
 * ```
 */
export function registerClean(program: Command, run: Runner): void {
  const cmd = program.command('clean').description('write a cleaned copy of a CSV plus a review CSV of every change (inputs are never modified)');
  addTableOptions(cmd, CLEAN_COMMAND_OPTIONS).action(run((parsed: Record<string, unknown>) => cleanCommand(tableValues(CLEAN_COMMAND_OPTIONS, parsed) as unknown as Parameters<typeof cleanCommand>[0])));
}
