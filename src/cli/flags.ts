import { Option, type Command } from 'commander';
import { UsageError } from '../core/index.js';

/**
 * How one option of a library options type appears on the command line. The flag table is the
 * only place a flag, its help, its parser and its default are written; `--help` and parsing are
 * generated from it.
 */
export interface Flag<V> {
  /** The flag and its value, e.g. `--data <path>`; a bare `--quiet` is a switch, `--no-x` a negated one. */
  readonly flag: string;
  readonly help: string;
  /** Turns the text into the option's value (a typed UsageError when it cannot). */
  readonly parse?: ((raw: string) => V) | undefined;
  /** The only allowed values (checked by the parser, listed in `--help`). */
  readonly choices?: readonly string[] | undefined;
  /** The value when the flag is absent, declared here once and shown in `--help`. */
  readonly default?: V | undefined;
  /** How the default reads in `--help` when `String(default)` does not say it well. */
  readonly defaultHelp?: string | undefined;
  readonly required?: boolean | undefined;
  /**
   * Earlier spellings still accepted (hidden from `--help`): each use prints one note naming this
   * flag; giving both spellings is a usage error.
   */
  readonly deprecated?: readonly string[] | undefined;
  /** A switch that also has a `--no-` form (help of that form), e.g. `--reduce-range` / `--no-reduce-range`. */
  readonly negatable?: string | undefined;
}

/**
 * A command's flags, keyed by the options type of the library call it makes: every key of `O`
 * is either a {@link Flag} or `null` (not settable from the command line).
 *
 * @example
 * ```ts
 * const FLAGS: FlagTable<{ model: string; out?: string }> = { model: { flag: '--model <path>', help: 'ONNX model', required: true }, out: VOCABULARY.out };
 * ```
 */
export type FlagTable<O> = { readonly [K in keyof O]-?: Flag<Exclude<O[K], undefined>> | null };

/** commander's attribute name of a flag: `--test-out <file>` → `testOut`, `--no-shuffle` → `shuffle`. */
export function attributeOf(flag: string): string {
  return new Option(flag).attributeName();
}

function longName(flag: string): string {
  return flag.split(/[ ,]/)[0] ?? flag;
}

function entries<O>(table: FlagTable<O>): [string, Flag<unknown>][] {
  return Object.entries(table).filter((e): e is [string, Flag<unknown>] => e[1] !== null);
}

/**
 * Adds the table's flags (and their hidden deprecated spellings) to a commander command.
 * @example `addFlags(program.command('predict'), PREDICT_FLAGS);`
 */
export function addFlags<O>(cmd: Command, table: FlagTable<O>): Command {
  for (const [, f] of entries(table)) {
    const opt = new Option(f.flag, f.help + (f.required === true ? ' (required)' : ''));
    if (f.choices !== undefined) opt.choices(f.choices);
    if (f.parse !== undefined) opt.argParser(f.parse);
    if (f.default !== undefined) opt.default(f.default, f.defaultHelp);
    cmd.addOption(opt);
    if (f.negatable !== undefined) cmd.addOption(new Option(`--no-${longName(f.flag).slice(2)}`, f.negatable));
    for (const old of f.deprecated ?? []) {
      const value = f.flag.includes(' ') ? f.flag.slice(f.flag.indexOf(' ')) : '';
      const alias = new Option(`${old}${value}`, `deprecated spelling of ${longName(f.flag)}`).hideHelp();
      if (f.parse !== undefined) alias.argParser(f.parse);
      if (f.choices !== undefined) alias.choices(f.choices);
      cmd.addOption(alias);
    }
  }
  return cmd;
}

/**
 * The options object a command's parsed flags fill, keyed as its table: deprecated spellings
 * resolved (one note each on stderr), required flags checked (UsageError `MISSING_OPTION`),
 * absent flags left out. A flag the parent command shares (and so parsed) counts as given here.
 * @example `const o = readFlags(PREDICT_FLAGS, cmd, 'predict');`
 */
export function readFlags<O>(table: FlagTable<O>, cmd: Command, command: string, note: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): O {
  const parsed = cmd.opts<Record<string, unknown>>();
  const out: Record<string, unknown> = {};
  for (const [key, f] of entries(table)) {
    const attr = attributeOf(f.flag);
    let value = parsed[attr];
    let explicit = value !== undefined && cmd.getOptionValueSource(attr) !== 'default';
    // commander gives a flag that the parent command also has (`keel fairness mitigate --data`) to the parent.
    const parent = cmd.parent;
    if (!explicit && parent !== null && parent.getOptionValueSource(attr) === 'cli') {
      value = parent.opts<Record<string, unknown>>()[attr];
      explicit = true;
    }
    for (const old of f.deprecated ?? []) {
      const v = parsed[attributeOf(old)];
      if (v === undefined) continue;
      if (explicit) throw new UsageError('CONFLICTING_OPTIONS', `${old} and ${longName(f.flag)} are the same option (${old} is its old spelling); give only ${longName(f.flag)} (see keel ${command} --help)`, { option: longName(f.flag), deprecated: old });
      note(`keel: note: ${old} is deprecated; use ${longName(f.flag)} (same meaning)`);
      value = v;
    }
    if (value === undefined && f.required === true) {
      throw new UsageError('MISSING_OPTION', `required option '${f.flag}' not specified (see keel ${command} --help)`, { option: longName(f.flag) });
    }
    if (value !== undefined) out[key] = value;
  }
  return out as O;
}
