import type { Command } from 'commander';
import { defineCommand } from '../define-command.js';
import type { FlagTable } from '../flags.js';
import { VOCABULARY } from '../vocabulary.js';
import { embedCommand, type EmbedOptions } from './embed.js';
import type { Runner } from './index.js';

/** `keel embed`'s flags. */
export const EMBED_FLAGS: FlagTable<EmbedOptions> = {
  model: { flag: '--model <path>', help: 'ONNX model', required: true },
  layer: { flag: '--layer <node>', help: 'node or value name to read, or auto (the input of the last Gemm/MatMul: the classifier features)', required: true },
  data: { ...VOCABULARY.data, help: '.npy, a raw .csv (with preprocess.json beside the model), a folder of class folders, or mnist', required: true },
  out: { ...VOCABULARY.outFile, help: 'file: the features (.npy, first axis = rows)', required: true },
  preprocess: { flag: '--preprocess <file>', help: 'preprocessing of a raw CSV (default: preprocess.json beside the model)' },
};

/** `keel embed`. */
export function registerEmbed(program: Command, run: Runner): void {
  defineCommand(program, run, {
    name: 'embed',
    description: 'features of every row at a node of a model (for a linear probe or a new head), written as .npy',
    flags: EMBED_FLAGS,
    runsModel: true,
    action: embedCommand,
    files: (o) => ({ inputs: [o.model, o.data, o.preprocess], outputs: [o.out] }),
  });
}
