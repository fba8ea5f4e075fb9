import type { Command } from 'commander';
import type { CommandFiles } from '../../io/index.js';
import { registerAttack } from './attack-command.js';
import { registerAudit } from './audit-command.js';
import { registerServe } from './serve-command.js';
import { registerCheck } from './check-command.js';
import { registerClean } from './clean-command.js';
import { registerDemo } from './demo-command.js';
import { registerExplain } from './explain-command.js';
import { registerFairness } from './fairness-command.js';
import { registerPredict } from './predict-command.js';
import { registerTrain } from './train-command.js';
import { registerEvaluate } from './evaluate-command.js';
import { registerTune } from './tune-command.js';
import { registerProfile } from './profile-command.js';
import { registerQuantize } from './quantize-command.js';
import { registerPrune } from './prune-command.js';
import { registerDistill } from './distill-command.js';
import { registerEmbed } from './embed-command.js';

/**
 * Every CLI command registers itself here: one `register*(program, run)` per command file.
 * `run` wraps an action so errors print as one typed line and set the exit code; `files` names
 * what the command reads and writes, and an output that resolves to an input is refused before
 * any work starts (`OUTPUT_IS_INPUT`).
 */
export type Runner = <T>(fn: (opts: T) => Promise<unknown>, files?: (opts: T) => CommandFiles) => (opts: T) => Promise<void>;
export const COMMANDS: readonly ((program: Command, run: Runner) => void)[] = [registerPredict, registerTrain, registerDemo, registerAttack, registerTune, registerExplain, registerFairness, registerEvaluate, registerProfile, registerQuantize, registerPrune, registerDistill, registerEmbed, registerAudit, registerServe, registerCheck, registerClean];
