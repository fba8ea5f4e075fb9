import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { exportModel } from '../../src/onnx/index.js';
import { textFitOptions, textModel, textRecipe, TEXT_RECIPE, type TextRecipe } from '../../src/text/index.js';
import type { FitOptions, LrSchedule } from '../../src/train/index.js';
import { trainConfig, type TrainFitOptions } from '../../src/cli/commands/train-fit.js';
import { commonFitOptions, trainCallbacks } from '../../src/cli/commands/train-setup.js';
import { buildTextModel, loadTextTraining } from '../../src/cli/commands/train-text.js';

/**
 * `keel train --text` and the library (`textFitOptions`, `textModel`) must train with the same
 * recipe. The recipe the CLI reads (`textRecipe`) is replaced here by recipes that set every field
 * away from the shipped one (weight decay, dropout, schedule, patience, split), so a field that one
 * path drops or maps differently shows up; the shipped recipes are checked too.
 */
const override = vi.hoisted(() => ({ recipe: undefined as TextRecipe | undefined }));
vi.mock('../../src/text/index.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/text/index.js')>();
  return { ...real, textRecipe: (model: string): TextRecipe => override.recipe ?? real.textRecipe(model) };
});
afterEach(() => {
  override.recipe = undefined;
});

const tmp = mkdtempSync(join(tmpdir(), 'keel-text-recipe-'));
/** 300 real SMS messages (data/sms-spam). */
const data = join(tmp, 'sms-300.jsonl');
writeFileSync(data, gunzipSync(readFileSync('data/sms-spam/sms-spam.jsonl.gz')).toString('utf8').split('\n').slice(0, 300).join('\n') + '\n');

/** `keel train --data … --text text --target label --model MODEL` plus `flags`, as trainFitCommand reads them. */
function cliConfig(name: string, model: string, flags: Partial<TrainFitOptions> = {}): TrainFitOptions {
  return trainConfig({ data, text: 'text', target: 'label', model, out: join(tmp, name), vocabSize: 400, ...flags });
}

/** A schedule's rate at a few steps (the schedules are objects with a function; compare what they do). */
function rates(s: LrSchedule | undefined): number[] | undefined {
  return s && [0, 3, 10, 25, 49].map((step) => s.lr(1e-3, step, 10, 50));
}

type OptimizerFields = Pick<FitOptions, 'epochs' | 'batchSize' | 'lr' | 'optimizer' | 'weightDecay'>;
const optimizerFields = (o: OptimizerFields): Record<keyof OptimizerFields, unknown> => ({ epochs: o.epochs, batchSize: o.batchSize, lr: o.lr, optimizer: o.optimizer, weightDecay: o.weightDecay });

const decayed: TextRecipe = { epochs: 7, batchSize: 16, lr: 1e-3, schedule: 'cosine', valSplit: 0.2, patience: 3, weightDecay: 0.05, dropout: 0.3 };
const other: TextRecipe = { epochs: 4, batchSize: 8, lr: 5e-3, schedule: 'one_cycle', valSplit: 0.15, patience: 1, weightDecay: 0, dropout: 0.25 };

describe('keel train --text and textFitOptions train with the same recipe', () => {
  const cases: [string, string, TextRecipe | undefined][] = [
    ['shipped lstm', 'lstm', undefined],
    ['shipped transformer', 'transformer', undefined],
    ['AdamW decay 0.05, dropout 0.3, cosine', 'gru', decayed],
    ['one_cycle, dropout 0.25, patience 1', 'textcnn', other],
  ];
  it.each(cases)('%s (--model %s)', async (name, model, recipe) => {
    override.recipe = recipe;
    const r = recipe ?? textRecipe(model);
    const cfg = cliConfig(name.replace(/\W+/g, '-'), model);
    const d = await loadTextTraining(cfg, false);
    const cli = commonFitOptions(cfg, d.train, d.val, {});
    const lib = textFitOptions(r);
    expect(optimizerFields(cli)).toEqual(optimizerFields(lib));
    expect(cli.optimizer).toBe(r.weightDecay > 0 ? 'adamw' : 'adam');
    expect(rates(cli.schedule)).toEqual(rates(lib.schedule));
    expect(trainCallbacks(cfg, d.train.y.shape[0] ?? 0).early).toEqual(lib.callbacks[0]);
    expect(cfg.valSplit).toBe(r.valSplit);
    // The dropout: the CLI's model against the library's textModel with the recipe's rate, as
    // training graphs (the Dropout nodes carry the rate).
    const training = { inputShape: ['N', 'T'], inputDtype: 'int64' as const, training: true };
    const cliGraph = exportModel(buildTextModel(cfg, 2).graph(training));
    const libGraph = (dropout: number): Uint8Array => exportModel(textModel(model, { tokenizer: d.tokenizer, outputs: 2, seed: cfg.seed, dropout }).graph(training));
    expect(Buffer.from(cliGraph).equals(Buffer.from(libGraph(r.dropout)))).toBe(true);
    expect(Buffer.from(cliGraph).equals(Buffer.from(libGraph(r.dropout + 0.05)))).toBe(false);
  }, 60_000);
});

describe("keel train --text: flags given win over the recipe's parts", () => {
  it('--epochs, --batch-size, --lr, --val-split, --schedule, --early-stopping and another --optimizer (with its own decay)', () => {
    override.recipe = decayed;
    const cfg = cliConfig('flags', 'gru', { epochs: 3, batchSize: 4, lr: 0.01, valSplit: 0.3, schedule: 'step', earlyStopping: 5, optimizer: 'sgd' });
    expect(cfg).toMatchObject({ epochs: 3, batchSize: 4, lr: 0.01, valSplit: 0.3, schedule: 'step', earlyStopping: 5, optimizer: 'sgd', dropout: 0.3 });
    expect(cfg.weightDecay).toBeUndefined();
  });

  it("--optimizer naming the recipe's own keeps its decay; --weight-decay replaces it", () => {
    override.recipe = decayed;
    expect(cliConfig('same-optimizer', 'gru', { optimizer: 'adamw' })).toMatchObject({ optimizer: 'adamw', weightDecay: 0.05 });
    expect(cliConfig('weight-decay', 'gru', { weightDecay: 0.2 })).toMatchObject({ optimizer: 'adamw', weightDecay: 0.2 });
  });

  it('--val-split 0 trains without early stopping; a JSON spec model records no recipe dropout', () => {
    expect(cliConfig('no-val', 'lstm', { valSplit: 0 }).earlyStopping).toBeUndefined();
    const spec = join(tmp, 'spec.json');
    writeFileSync(spec, JSON.stringify({ layers: [{ type: 'text_encoder', encoder: 'textcnn', dropout: 0 }, { type: 'dense', units: 2 }] }));
    const cfg = cliConfig('spec', spec);
    expect(cfg.dropout).toBeUndefined();
    expect(cfg).toMatchObject({ epochs: TEXT_RECIPE.epochs, lr: TEXT_RECIPE.lr, optimizer: 'adam' });
  });
});
