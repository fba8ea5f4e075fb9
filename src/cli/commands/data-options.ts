import { Option, type Command } from 'commander';
import type { CommandOption } from '../../data/index.js';
import { positiveInt } from '../options.js';

/** commander's attribute name for a flag: `--test-out <file>` → `testOut`. */
function attribute(flag: string): string {
  return flag
    .split(' ')[0]!
    .replace(/^--/, '')
    .replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/**
 * Adds the options of a data command from its typed table (src/data's `*_COMMAND_OPTIONS`):
 * flags, help text, choices, required flags and integer parsing all come from the table.
 *
 * @example
 * ```ts
 * addTableOptions(program.command('check'), CHECK_COMMAND_OPTIONS);
 * ```
 */
export function addTableOptions(cmd: Command, table: readonly CommandOption[]): Command {
  for (const o of table) {
    const opt = new Option(o.flag, o.description);
    if (o.choices !== undefined) opt.choices(o.choices);
    if (o.type === 'int') opt.argParser(positiveInt(o.flag.split(' ')[0]!));
    if (o.required) opt.makeOptionMandatory();
    cmd.addOption(opt);
  }
  return cmd;
}

/**
 * Renames parsed commander values to the table's keys (e.g. `--data` → `input` for `keel clean`).
 *
 * @example
 * ```ts
 * tableValues(CLEAN_COMMAND_OPTIONS, { data: 'a.csv' }); // { input: 'a.csv' }
 * ```
 */
export function tableValues(table: readonly CommandOption[], parsed: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const o of table) {
    const v = parsed[attribute(o.flag)];
    if (v !== undefined) out[o.key] = v;
  }
  return out;
}
