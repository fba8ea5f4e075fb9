import { Progress, UsageError } from '../../core/index.js';
import { TOKEN_METHODS, TokenModel, tokenAttributions, type TokenMethod } from '../../explain/index.js';
import { writeFileAtomic } from '../../io/index.js';
import type { Model } from '../../model/index.js';
import { tokensPage } from '../../report/index.js';
import { say, writeJson } from '../output.js';
import type { ExplainOptions } from './explain.js';
import { readTextModelInput } from './text-model-input.js';

const isTokenMethod = (m: string): m is TokenMethod => (TOKEN_METHODS as readonly string[]).includes(m);

/**
 * `keel explain` on a text model: per-token attributions of raw messages (integrated gradients
 * over the embeddings, occlusion by token or KernelSHAP over tokens), written as JSON (each
 * message's tokens with their scores; integrated gradients add f(x) − f(baseline) and the
 * convergence delta) and, with `--html`, as tokens highlighted on the diverging scale.
 * @example `await explainText({ model: 'run/model.onnx', data: 'sms.tsv', text: 'message', method: 'occlusion', out: 'why.json' }, model)`
 */
export async function explainText(o: ExplainOptions, model: Model): Promise<void> {
  const method = o.method;
  if (!isTokenMethod(method)) throw new UsageError('CLI_OPTION', `--method ${method} does not explain text; a text model takes one of ${TOKEN_METHODS.join(', ')}`, { flag: '--method', value: method });
  if (o.baseline !== undefined || o.layer !== undefined || o.png !== undefined) throw new UsageError('CLI_OPTION', '--baseline, --layer and --png are for array inputs; a text model replaces removed tokens by [PAD]/[UNK] and draws tokens with --html FILE', { flag: o.baseline !== undefined ? '--baseline' : o.layer !== undefined ? '--layer' : '--png' });
  if (!/\.json$/i.test(o.out)) throw new UsageError('CLI_OPTION', `--out ${o.out}: token attributions of a text model are written as JSON; name a .json file`, { flag: '--out', value: o.out });
  const input = await readTextModelInput(o.data, o.model, model.graph, o);
  const target = o.labels !== undefined ? classIndex(o.labels, input.classes) : input.labels === undefined ? undefined : [...input.labels];
  const texts = input.table.texts;
  const progress = new Progress({ label: `explain (${method})`, unit: 'row' });
  const tm = await TokenModel.create(model.graph, input.setup.tokenizer, { maxLength: input.setup.maxLength, onRows: (n) => { progress.tick(n); } });
  try {
    const rows = await tokenAttributions(tm, texts, { method, ...(target === undefined ? {} : { target }), ...(o.steps === undefined ? {} : { steps: o.steps }), ...(o.samples === undefined ? {} : { samples: o.samples }), ...(o.seed === undefined ? {} : { seed: o.seed }) });
    progress.done();
    const deltas = rows.flatMap((r) => (r.delta === undefined ? [] : [r.delta]));
    const maxDelta = deltas.length > 0 ? Math.max(...deltas) : undefined;
    const className = (k: number): string => input.classes?.[k] ?? String(k);
    const messages = rows.map((r, i) => ({
      row: i,
      line: input.table.lines[i],
      text: r.text,
      target: r.target,
      target_class: className(r.target),
      output: r.output,
      sum: r.scores.reduce((a, b) => a + b, 0),
      ...(r.difference === undefined ? {} : { difference: r.difference }),
      ...(r.delta === undefined ? {} : { delta: r.delta }),
      tokens: r.tokens.map((token, j) => ({ token, id: r.ids[j], score: r.scores[j] })),
    }));
    const summary = { method, model: o.model, data: o.data, text_column: input.column, classes: input.classes ?? null, messages: rows.length, ...(maxDelta === undefined ? {} : { max_delta: maxDelta }) };
    writeJson(o.out, { ...summary, messages });
    if (o.html !== undefined) writeFileAtomic(o.html, tokensPage(rows, { title: `Token attributions: ${o.model}`, method, ...(input.classes ? { classes: input.classes } : {}) }));
    if (o.json !== undefined) writeJson(o.json, summary);
    const delta = maxDelta === undefined ? '' : `, max convergence delta ${maxDelta.toExponential(2)}`;
    say(o.json, `wrote ${o.out} (${rows.length} messages, ${method}${delta})${o.html === undefined ? '' : ` and ${o.html}`}`);
  } finally {
    await tm.release();
  }
}

/** `--labels` for text: one class index, or one class name of labels.json, for every message. */
function classIndex(spec: string, classes: readonly string[] | undefined): number {
  if (/^\d+$/.test(spec)) return Number(spec);
  const k = classes?.indexOf(spec) ?? -1;
  if (k < 0) throw new UsageError('CLI_OPTION', `--labels ${spec}: for a text model name one class (an index, or one of ${classes?.join(', ') ?? 'the class names in labels.json'}) or use --target COLUMN`, { flag: '--labels', value: spec });
  return k;
}
