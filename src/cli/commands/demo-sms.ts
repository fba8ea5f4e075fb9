import { join } from 'node:path';
import type { HostTensor } from '../../core/index.js';
import { saveModelSidecars } from '../../data/index.js';
import { bundledDataDir } from '../../datasets/index.js';
import { writeFileAtomic } from '../../io/index.js';
import { exportModel } from '../../onnx/index.js';
import { bindTokenizer, readTextTable, splitTextTable, TEXT_RECIPE, textFitOptions, textModel, TOKENIZER_FILE, type TextTable } from '../../text/index.js';
import { gatherRows, splitRows } from '../../train/index.js';
import type { Trial } from '../../tune/index.js';
import type { DemoSplit, DemoTask } from './demo-task.js';

/** The text encoders the SMS demo chooses between (the transformer is left out: about five times slower per epoch here than the LSTM). */
const MODELS = ['textcnn', 'lstm'] as const;

/** The hyperparameters the SMS demo tunes; without `dim` / `dropout` the text model's own defaults apply. */
export interface TextDemoParams {
  readonly [name: string]: number | string;
  readonly model: (typeof MODELS)[number];
  readonly lr: number;
  readonly dim?: number;
  readonly dropout?: number;
}

/** Tokens per message, `[CLS]` included, and the WordPiece vocabulary: bench/text-sms.ts's settings (docs/benchmarks.md: 2,000 tokens gave a lower validation loss than 8,000). */
const TOKENS = { maxLength: 64, vocabSize: 2000 } as const;
/** Messages of `--quick`: the first 2,500 of the collection. */
const QUICK_ROWS = 2500;
const TEXT = 'text';
const TARGET = 'label';

function suggest(t: Trial): TextDemoParams {
  return {
    model: t.suggestCategorical('model', MODELS),
    lr: t.suggestFloat('lr', 1e-3, 1e-2, { log: true }),
    dim: t.suggestInt('dim', 32, 128, { log: true }),
    dropout: t.suggestFloat('dropout', 0, 0.3, { step: 0.1 }),
  };
}

function paramsOf(v: Readonly<Record<string, unknown>>): TextDemoParams {
  const model = MODELS.find((m) => m === v['model']) ?? 'lstm';
  return { model, lr: Number(v['lr']), ...(v['dim'] !== undefined ? { dim: Number(v['dim']) } : {}), ...(v['dropout'] !== undefined ? { dropout: Number(v['dropout']) } : {}) };
}

const part = (t: TextTable, n: number): TextTable => ({ file: t.file, texts: t.texts.slice(0, n), labels: t.labels?.slice(0, n), lines: t.lines.slice(0, n) });

const jsonLines = (t: TextTable, rows: Int32Array): string => Array.from(rows, (i) => `${JSON.stringify({ [TARGET]: t.labels?.[i] ?? '', [TEXT]: t.texts[i] ?? '' })}\n`).join('');

/**
 * The text demo on the bundled SMS Spam Collection (5,574 messages; `quick`: the first 2,500):
 * a seeded stratified 80/20 split that keeps exact and near copies of a message on one side
 * (`groupCopies`, so the audit's `text_leakage` check finds none), a WordPiece tokenizer fitted
 * on the training messages, and `TEXT_RECIPE`'s validation part (copies kept together too) for
 * ASHA and early stopping. Tunes the encoder (TextCNN or LSTM), learning rate, width and dropout;
 * trains the best with the text recipe; audits with the text audit (token heatmaps, length
 * histograms, character corruptions and the word attack; image-only checks not run, with why).
 * @example `const task = await smsDemoTask({ quick: true, seed: 0 });`
 */
export async function smsDemoTask(o: { readonly quick: boolean; readonly seed: number }): Promise<DemoTask<TextDemoParams>> {
  const file = join(bundledDataDir(), 'sms-spam', 'sms-spam.jsonl.gz');
  const full = await readTextTable(file, { text: TEXT, target: TARGET });
  const table = o.quick ? part(full, QUICK_ROWS) : full;
  const d = splitTextTable(table, { text: TEXT, target: TARGET, valSplit: 0.2, seed: o.seed, maxLength: TOKENS.maxLength, tokenizer: { vocabSize: TOKENS.vocabSize }, groupCopies: true });
  const test = d.val!;
  const groups = d.groups!;
  const inner = splitRows(d.rows.train.length, TEXT_RECIPE.valSplit, o.seed, d.train.y, file, Int32Array.from(d.rows.train, (r) => groups[r]!));
  const pick = (idx: Int32Array): DemoSplit => ({ x: gatherRows(d.train.x, idx), y: gatherRows(d.train.y, idx) as HostTensor<'int64'> });
  const train = pick(inner.train);
  const val = pick(inner.val);
  const copies = table.texts.length - new Set(groups).size;
  const q = o.quick;
  const plan = { trials: q ? 2 : 6, trialEpochs: q ? 1 : 2, epochs: q ? 3 : TEXT_RECIPE.epochs, batchSize: TEXT_RECIPE.batchSize, attackRows: q ? 60 : 200 };
  return {
    dataset: 'sms',
    unit: 'messages',
    heldOut: 'SMS messages',
    description:
      `SMS Spam Collection (bundled, data/sms-spam)${q ? `, its first ${QUICK_ROWS} messages` : ''}: ${d.rows.train.length} training and ${d.rows.val.length} test messages, ` +
      `stratified 80/20 with exact and near copies kept on one side (${copies} messages copy another); ` +
      `WordPiece tokenizer of ${d.tokenizer.vocabSize} tokens fitted on the training messages, ${TOKENS.maxLength} tokens per message at most (${d.truncated} cut)`,
    train,
    test,
    plan,
    defaults: { model: 'lstm', lr: TEXT_RECIPE.lr },
    validation: `${inner.val.length} training messages (the text recipe's ${Math.round(100 * TEXT_RECIPE.valSplit)}%, copies kept together) for validation and early stopping`,
    suggest,
    paramsOf,
    describe: (p) => `model=${p.model} lr=${+p.lr.toPrecision(3)} ${p.dim === undefined ? '(default width and dropout)' : `dim=${p.dim} dropout=${p.dropout ?? '(default)'}`}`,
    build: (p, seed) => textModel(p.model, { tokenizer: d.tokenizer, outputs: d.train.classes.length, seed, ...(p.dim !== undefined ? { dim: p.dim } : {}), ...(p.dropout !== undefined ? { dropout: p.dropout } : {}) }),
    fit: (p, f) => {
      const { callbacks, ...recipe } = textFitOptions({ ...TEXT_RECIPE, lr: p.lr, epochs: f.epochs });
      return { options: { ...recipe, validationData: val, ...(f.final ? {} : { trainEvalRows: 500 }) }, ...(f.final ? { stop: callbacks[0] } : {}) };
    },
    writeData: (dir) => {
      const files = { data: join(dir, 'train.jsonl'), test: join(dir, 'test.jsonl'), text: TEXT, target: TARGET };
      writeFileAtomic(files.data, jsonLines(table, d.rows.train));
      writeFileAtomic(files.test, jsonLines(table, d.rows.val));
      return files;
    },
    save: (net, dir) => {
      const graph = net.graph({ inputShape: ['N', 'T'], inputDtype: 'int64' });
      bindTokenizer(graph, d.tokenizer, { maxLength: TOKENS.maxLength, column: TEXT });
      d.tokenizer.save(join(dir, TOKENIZER_FILE));
      saveModelSidecars(dir, { classes: d.train.classes });
      writeFileAtomic(join(dir, 'model.onnx'), exportModel(graph));
      return graph;
    },
    audit: () => ({
      thresholds: {
        'performance.accuracy': { min: 0.95 },
        'performance.ece': { max: 0.1, severity: 'warning' },
        'robustness.text_corruption_accuracy': { min: 0.9, severity: 'warning' },
      },
      robustness: { rows: plan.attackRows },
      ...(q ? { explain: { rows: 12 } } : {}),
      fairness: 'the SMS Spam Collection records nothing about the people who sent or received the messages, so there is no sensitive group to compare',
    }),
  };
}
