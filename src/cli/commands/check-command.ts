import type { Command } from 'commander';
import { CHECK_COMMAND_OPTIONS, checkCommand, type CheckCommandOptions } from '../../data/index.js';
import { addTableOptions, tableValues } from './data-options.js';
import type { Runner } from './index.js';

/**
 * `keel check`: data-quality checks on a table, an image folder or arrays; writes a JSON (and
 * optionally HTML) report and exits 1 when a check at or above `--fail-on` fails.
 *
 * @example
 * ```ts
 * registerCheck(program, run); // keel check --data train.csv --target y --json report.json
 * ```
 */
export function registerCheck(program: Command, run: Runner): void {
  const cmd = program.command('check').description('data-quality checks (missing values, duplicates, leakage, drift, label issues, images)');
  addTableOptions(cmd, CHECK_COMMAND_OPTIONS).action(
    run(async (parsed: Record<string, unknown>) => {
      const code = await checkCommand(tableValues(CHECK_COMMAND_OPTIONS, parsed) as unknown as CheckCommandOptions);
      if (code !== 0) process.exitCode = code;
    }),
  );
}
