import type { Command } from 'commander';
import type { CommandFiles } from '../io/index.js';
import { useSessionSettings } from '../session/index.js';
import { addFlags, readFlags, type FlagTable } from './flags.js';
import { VOCABULARY, type RunFlags } from './vocabulary.js';

/** Wraps an action so errors print as one typed line (the `Runner` of commands/index.ts). */
export type FlagRunner = <T>(fn: (opts: T) => Promise<unknown>, files?: (opts: T) => CommandFiles) => (opts: T) => Promise<void>;

/** One command: its name, help, flag table and the library call its options feed. */
export interface CommandSpec<O> {
  readonly name: string;
  readonly description: string;
  readonly flags: FlagTable<O>;
  /** The command runs a model: it gets `--threads` and `--provider` (applied to every session it starts). */
  readonly runsModel: boolean;
  /** The call into the library. */
  readonly action: (opts: O) => Promise<unknown>;
  /** What the command reads and writes, for the output guard. */
  readonly files?: ((opts: O) => CommandFiles) | undefined;
}

interface CommonFlags extends RunFlags {
  readonly quiet?: boolean | undefined;
}

/**
 * Adds a command generated from its flag table: options and `--help` from the table plus the
 * common flags (`--quiet` everywhere; `--threads`, `--provider` where a model runs), and the
 * action called with the typed options object.
 * @example `defineCommand(program, run, { name: 'evaluate', description: '...', flags: EVALUATE_FLAGS, runsModel: true, action: evaluateCommand });`
 */
export function defineCommand<O>(parent: Command, run: FlagRunner, spec: CommandSpec<O>): Command {
  const own = spec.flags as Readonly<Record<string, unknown>>;
  const common: FlagTable<CommonFlags> = {
    quiet: own['quiet'] == null ? VOCABULARY.quiet : null,
    threads: spec.runsModel && own['threads'] == null ? VOCABULARY.threads : null,
    provider: spec.runsModel && own['provider'] == null ? VOCABULARY.provider : null,
  };
  const cmd = addFlags(addFlags(parent.command(spec.name).description(spec.description), spec.flags), common);
  const path = parent.parent === null ? spec.name : `${parent.name()} ${spec.name}`;
  let resolved: O | undefined;
  const resolve = (): O => {
    if (resolved !== undefined) return resolved;
    const o = readFlags(spec.flags, cmd, path);
    const c: CommonFlags = { ...readFlags(common, cmd, path), ...(o as CommonFlags) };
    if (c.quiet === true) process.env['KEEL_QUIET'] = '1';
    if (spec.runsModel) useSessionSettings({ ...(typeof c.threads === 'number' ? { threads: c.threads } : {}), ...(c.provider === undefined ? {} : { provider: c.provider }) });
    return (resolved = o);
  };
  const files = spec.files;
  cmd.action(run(async () => spec.action(resolve()), files === undefined ? undefined : () => files(resolve())));
  return cmd;
}
