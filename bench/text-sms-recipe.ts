/**
 * bench/text-sms-recipe: how the text training recipe is chosen without looking at the test rows.
 * Seed-0 stratified 80/20 split of the SMS Spam Collection (as bench/text-sms.ts); from its
 * TRAINING rows only, stratified 10% validation parts are carved with each fold seed (fold 0 is
 * the validation part the recipe itself uses), each candidate trains on the rest with the library's
 * recipe (`textFitOptions`: early stopping on validation loss) and is scored on its validation part
 * after every epoch. The 20% test rows are never scored. A candidate is judged by the mean over
 * folds of its best validation loss and of the validation accuracy at that epoch (one fold's 446
 * messages cannot separate candidates: one message is 0.22%).
 * Prints one line per fold and a table; writes bench/results/text-sms-recipe/KIND-CANDIDATE.json per
 * candidate (so studies may run as several processes), then applies the decision rule below to every
 * candidate file of KIND measured on the same fold seeds.
 * Decision rule (fixed before any candidate was scored): a candidate replaces the recipe only if
 * its mean best validation loss over the folds is at least 0.001 below the recipe's AND it is
 * lower on a majority of the folds; among such candidates the lowest mean wins; otherwise (a tie)
 * the recipe is kept.
 * Run: npm run bench:build && nice node dist-bench/bench/text-sms-recipe.js lstm|transformer [fold seeds, default 0,1,2] [candidates…]
 * A candidate is `pooling/schedule/vocabulary/dropout/lr[/weight decay[/feed-forward width]]`, e.g.
 * `max_mean/constant/2000/0.1/0.002/0.1/256` (weight decay > 0 trains with AdamW; the width only
 * changes the transformer).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HostTensor } from '../src/core/index.js';
import { writeFileAtomic } from '../src/io/index.js';
import type { TextPooling } from '../src/nn/index.js';
import { loadTextDataset, textFitOptions, textModel, textRecipe, type TextRecipe } from '../src/text/index.js';
import { fit, gatherRows, splitRows } from '../src/train/index.js';
import { ROOT } from './harness.js';

const kind = process.argv[2] ?? 'lstm';
const folds = (process.argv[3] ?? '0,1,2').split(',').map(Number);
/** The model's current recipe (`textRecipe`): the reference of the decision rule. */
const RECIPE = textRecipe(kind);
interface Candidate { readonly name: string; readonly pooling: TextPooling; readonly recipe: TextRecipe; readonly vocab: number; readonly ff: number | undefined }
const parse = (spec: string): Candidate => {
  const [pooling = 'max_mean', schedule = RECIPE.schedule, vocab = '2000', rate = String(RECIPE.dropout), lr = String(RECIPE.lr), decay = String(RECIPE.weightDecay), ff] = spec.split('/');
  const recipe: TextRecipe = { ...RECIPE, schedule: schedule as TextRecipe['schedule'], lr: Number(lr), weightDecay: Number(decay), dropout: Number(rate) };
  return { name: spec, pooling: pooling as TextPooling, recipe, vocab: Number(vocab), ff: ff === undefined ? undefined : Number(ff) };
};
/** The current recipe as a candidate. */
const RECIPE_NAME = `max_mean/${RECIPE.schedule}/2000/${RECIPE.dropout}/${RECIPE.lr}/${RECIPE.weightDecay}`;
const candidates = (process.argv.length > 4 ? process.argv.slice(4) : [RECIPE_NAME]).map(parse);
const dir = join(ROOT, 'bench/results/text-sms-recipe');
mkdirSync(dir, { recursive: true });
const fileOf = (name: string): string => join(dir, `${kind}-${name.replaceAll('/', '_')}.json`);
process.stdout.write(`${kind}: fold seeds ${folds.join(',')}; recipe ${JSON.stringify(RECIPE)}; test rows unused\n`);

interface FoldResult { fold: number; epochs: number; best_epoch: number; best_val_loss: number; val_accuracy_at_best: number; val_loss: number[]; val_accuracy: number[] }
interface CandidateResult { candidate: string; mean_best_val_loss: number; mean_val_accuracy_at_best: number; folds: FoldResult[] }
const results: CandidateResult[] = [];
for (const c of candidates) {
  const data = await loadTextDataset(join(ROOT, 'data/sms-spam/sms-spam.jsonl.gz'), { text: 'text', target: 'label', valSplit: 0.2, seed: 0, maxLength: 64, tokenizer: { vocabSize: c.vocab } });
  const part = (idx: Int32Array): { x: HostTensor; y: HostTensor } => ({ x: gatherRows(data.train.x, idx), y: gatherRows(data.train.y, idx) });
  const rows: FoldResult[] = [];
  for (const fold of folds) {
    const inner = splitRows(data.rows.train.length, c.recipe.valSplit, fold, data.train.y);
    const net = textModel(kind, { tokenizer: data.tokenizer, outputs: 2, seed: 0, dim: 64, dropout: c.recipe.dropout, pooling: c.pooling, ...(c.ff !== undefined ? { ff: c.ff } : {}) });
    const t0 = performance.now();
    const history = (await fit(net, part(inner.train).x, part(inner.train).y, { ...textFitOptions(c.recipe), seed: 0, trainEvalRows: 0, validationData: part(inner.val) })).history;
    const loss = history.map((h) => h['val_loss'] ?? NaN);
    const acc = history.map((h) => h['val_accuracy'] ?? NaN);
    const best = loss.indexOf(Math.min(...loss));
    rows.push({ fold, epochs: history.length, best_epoch: best + 1, best_val_loss: loss[best]!, val_accuracy_at_best: acc[best]!, val_loss: loss, val_accuracy: acc });
    process.stdout.write(`${c.name} fold ${fold} (${inner.train.length} train / ${inner.val.length} validation, ${((performance.now() - t0) / 1000).toFixed(0)} s): val loss ${loss.map((l) => l.toFixed(4)).join(' ')}; val accuracy ${acc.map((a) => (a * 100).toFixed(2)).join(' ')}\n`);
  }
  const mean = (f: (r: FoldResult) => number): number => rows.reduce((s, r) => s + f(r), 0) / rows.length;
  const result: CandidateResult = { candidate: c.name, mean_best_val_loss: mean((r) => r.best_val_loss), mean_val_accuracy_at_best: mean((r) => r.val_accuracy_at_best), folds: rows };
  results.push(result);
  // Written after every candidate, so a long study that is stopped keeps what it measured.
  writeFileAtomic(fileOf(c.name), JSON.stringify({ date: new Date().toISOString(), kind, recipe: RECIPE, ...result }, null, 2));
}
const table = ['| candidate | mean best val loss | mean val accuracy at best | best epochs |', '|---|---|---|---|', ...results.map((r) => `| ${r.candidate} | ${r.mean_best_val_loss.toFixed(4)} | ${(r.mean_val_accuracy_at_best * 100).toFixed(2)}% | ${r.folds.map((f) => f.best_epoch).join(',')} |`)].join('\n');
process.stdout.write(`\n${table}\n`);

// The decision rule, over every candidate of this kind scored on the same fold seeds.
const sameFolds = (r: CandidateResult): boolean => r.folds.map((f) => f.fold).join(',') === folds.join(',');
const all = readdirSync(dir).filter((f) => f.startsWith(`${kind}-`)).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as CandidateResult).filter(sameFolds);
const base = existsSync(fileOf(RECIPE_NAME)) ? all.find((r) => r.candidate === RECIPE_NAME) : undefined;
if (!base) process.stdout.write(`\nno decision: the recipe (${RECIPE_NAME}) is not scored on folds ${folds.join(',')} yet\n`);
else {
  const beats = (r: CandidateResult): boolean => base.mean_best_val_loss - r.mean_best_val_loss >= 0.001 && r.folds.filter((f, i) => f.best_val_loss < base.folds[i]!.best_val_loss).length * 2 > folds.length;
  const winner = all.filter((r) => r.candidate !== RECIPE_NAME && beats(r)).sort((a, b) => a.mean_best_val_loss - b.mean_best_val_loss)[0];
  const lines = all.map((r) => `${r.candidate}: mean best val loss ${r.mean_best_val_loss.toFixed(4)} (${r.folds.map((f) => f.best_val_loss.toFixed(4)).join(', ')})`);
  process.stdout.write(`\n${lines.join('\n')}\ndecision: ${winner ? `${winner.candidate} replaces the recipe` : 'keep the recipe (no candidate beats it by the rule)'}\n`);
}
