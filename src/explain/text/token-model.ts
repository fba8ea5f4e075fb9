import { GraphError, UsageError, softmaxRows, type HostTensor } from '../../core/index.js';
import { Graph, type Value } from '../../ir/index.js';
import { Builder, inlineGraph } from '../../ops/index.js';
import { ExplainModel, type ExplainModelOptions } from '../explain-model.js';
import { f32, type F32 } from '../rows.js';

/** What token explanations need from a tokenizer (Keel's `Tokenizer` has all of it). */
export interface TokenCodec {
  readonly padId: number;
  readonly unkId: number;
  /** Token ids of one text (special tokens included), at most `maxLength`. */
  encode(text: string, maxLength?: number): number[];
  /** The text of one token id. */
  token(id: number): string;
}

/** Texts encoded for a token model: ids as float32 [N, T] (right-padded), tokens and lengths. */
export interface EncodedBatch {
  readonly ids: F32;
  readonly tokens: string[][];
  readonly lengths: Int32Array;
}

/** Options of {@link TokenModel}. */
export interface TokenModelOptions extends ExplainModelOptions {
  /** Longest token sequence (default: the codec's own limit). */
  readonly maxLength?: number;
}

/** The embedding lookup of a text graph: its table and the node producing the embeddings. */
interface EmbeddingSite {
  readonly table: HostTensor;
  readonly output: Value;
  readonly dim: number;
}

function embeddingSite(graph: Graph): EmbeddingSite {
  const x = graph.inputs[0]!;
  const fromInput = (v: Value | null | undefined): boolean => v === x || (v?.producer?.op === 'Cast' && v.producer.inputs[0] === x);
  const node = graph.nodes.find((n) => n.op === 'Gather' && fromInput(n.inputs[1]) && n.inputs[0]?.kind === 'initializer' && n.inputs[0].known !== undefined);
  const table = node?.inputs[0]?.known;
  const dim = table?.shape[1];
  if (node === undefined || table === undefined || table.shape.length !== 2 || dim === undefined) {
    throw new GraphError('EXPLAIN_NO_EMBEDDING', 'token attributions by gradient need a model whose token ids go through an embedding table (a Gather on the id input from a [vocab, dim] weight); none found. Use occlusion or kernel-shap instead', {});
  }
  return { table, output: node.outputs[0]!, dim };
}

/**
 * A text classifier graph (int64 token ids [N, T] → scores [N, C]) prepared for token-level
 * explanation and black-box use:
 * - {@link TokenModel.forward} / {@link TokenModel.ids}: the model on ids carried as float32, for
 *   perturbation methods (occlusion, KernelSHAP) through the explain folder's shared machinery;
 * - {@link TokenModel.embedded}: the model cut at its embedding lookup, whose one float input
 *   [N, T, D + 1] holds each token's embedding and, in the last channel, its id (so masks computed
 *   from the ids stay exact). Gradients and integrated gradients are taken w.r.t. the embeddings;
 *   a baseline that keeps the id channel gets exactly zero attribution there.
 *
 * @example
 * ```ts
 * const tm = await TokenModel.create(model.graph, tokenizer, { maxLength: 64 });
 * const p = await tm.probabilities(['Free entry! Text WIN to 80086']);
 * ```
 */
export class TokenModel {
  private embeddedModel: Promise<ExplainModel> | undefined;
  private site: EmbeddingSite | undefined;

  private constructor(
    readonly ids: ExplainModel,
    readonly codec: TokenCodec,
    private readonly opts: TokenModelOptions,
  ) {}

  /** The model over float32 ids (the graph every view of this model is made from). */
  get graph(): Graph {
    return this.ids.graph;
  }

  /** A token model over an {@link ExplainModel} whose input is token ids carried as float32 (e.g. a randomized copy of {@link TokenModel.ids}). */
  static fromIds(ids: ExplainModel, codec: TokenCodec, opts: TokenModelOptions = {}): TokenModel {
    return new TokenModel(ids, codec, opts);
  }

  /** Wraps a graph whose first input is integer token ids [N, T] and whose output is [N, C]. */
  static async create(graph: Graph, codec: TokenCodec, opts: TokenModelOptions = {}): Promise<TokenModel> {
    const input = graph.inputs[0];
    if (input === undefined || (input.dtype !== 'int64' && input.dtype !== 'int32') || input.rank !== 2) {
      throw new GraphError('EXPLAIN_TOKEN_INPUT', `a text model takes integer token ids [N, T]; this graph's input is ${input === undefined ? 'missing' : `${input.dtype} [${input.shape.join(', ')}]`}`, { input: input?.name });
    }
    const g = new Graph('token_ids_float');
    const b = new Builder(g);
    const x = g.addInput('token_ids', { dtype: 'float32', shape: input.shape });
    const map = inlineGraph(b, graph, new Map([[input, b.cast(x, input.dtype)]]));
    g.setOutputs(map.get(graph.outputs[0]!)!);
    return new TokenModel(await ExplainModel.create(g, opts), codec, opts);
  }

  /** Output columns per row. */
  get classes(): number {
    return this.ids.classes;
  }

  /** Token ids (right-padded with the pad id) and token texts of each text. */
  encode(texts: readonly string[]): EncodedBatch {
    const rows = texts.map((t) => (this.opts.maxLength === undefined ? this.codec.encode(t) : this.codec.encode(t, this.opts.maxLength)));
    const width = Math.max(1, ...rows.map((r) => r.length));
    const ids = f32([texts.length, width], new Float32Array(texts.length * width).fill(this.codec.padId));
    rows.forEach((r, i) => {
      ids.data.set(r, i * width);
    });
    return { ids, tokens: rows.map((r) => r.map((id) => this.codec.token(id))), lengths: Int32Array.from(rows, (r) => r.length) };
  }

  /** Raw scores [N, C] for id rows (float32 ids). */
  forward(ids: F32): Promise<F32> {
    return this.ids.forward(ids);
  }

  /** Softmax probabilities [N, C] of raw texts, row-major (a `TextClassifier` for the robust folder). */
  async probabilities(texts: readonly string[]): Promise<Float32Array> {
    const scores = await this.forward(this.encode(texts).ids);
    return softmaxRows(scores.data, this.classes);
  }

  /** The embedding table [vocab, D] of the model. */
  get embeddingTable(): HostTensor {
    this.site ??= embeddingSite(this.graph);
    return this.site.table;
  }

  /** The model cut at its embedding lookup (see the class comment), compiled once. */
  embedded(): Promise<ExplainModel> {
    this.embeddedModel ??= this.cut();
    return this.embeddedModel;
  }

  /** [N, T, D + 1] inputs of {@link TokenModel.embedded}: each token's embedding (or `replace`'s) and its id. */
  embed(ids: F32, replace?: number): F32 {
    this.site ??= embeddingSite(this.graph);
    const { table, dim } = this.site;
    const [n, t] = [ids.shape[0]!, ids.shape[1]!];
    const out = f32([n, t, dim + 1]);
    const w = table.data as Float32Array;
    for (let p = 0; p < n * t; p++) {
      const id = ids.data[p]!;
      const row = replace ?? id;
      if (row < 0 || row >= table.shape[0]!) throw new UsageError('EXPLAIN_TOKEN_ID', `token id ${row} is outside the embedding table's ${table.shape[0]} rows; the tokenizer does not belong to this model`, { id: row, vocab: table.shape[0] });
      out.data.set(w.subarray(row * dim, (row + 1) * dim), p * (dim + 1));
      out.data[p * (dim + 1) + dim] = id;
    }
    return out;
  }

  private async cut(): Promise<ExplainModel> {
    this.site ??= embeddingSite(this.graph);
    const src = this.graph;
    const ids = src.inputs[0]!;
    const d = this.site.dim;
    const g = new Graph('token_embeddings');
    const b = new Builder(g);
    const x = g.addInput('embedded_tokens', { dtype: 'float32', shape: [...ids.shape, d + 1] });
    const slice = (from: number, to: number): Value => b.op1('Slice', [x, b.ints([from]), b.ints([to]), b.ints([2])]);
    const idValues = b.squeeze(slice(d, d + 1), [2]);
    const map = inlineGraph(b, src, new Map([[ids, idValues], [this.site.output, slice(0, d)]]));
    g.setOutputs(map.get(src.outputs[0]!)!);
    return ExplainModel.create(g, this.opts);
  }

  /** Frees the compiled sessions. */
  async release(): Promise<void> {
    await this.ids.release();
    if (this.embeddedModel) await (await this.embeddedModel).release();
  }
}

/** What a removed token becomes: the `[PAD]` or `[UNK]` token, or (embeddings only) the zero vector. */
export type TokenReference = 'pad' | 'unk' | 'zero';

/** The token id a reference stands for (`zero` is for embeddings only and is refused here). */
export function referenceId(model: TokenModel, ref: TokenReference | undefined, fallback: 'pad' | 'unk'): number {
  const r = ref ?? fallback;
  if (r === 'zero') throw new UsageError('EXPLAIN_TOKEN_REFERENCE', 'a zero reference exists for embeddings only (integrated gradients); occlusion and kernel-shap replace tokens by the pad or unk token', { reference: r });
  return r === 'pad' ? model.codec.padId : model.codec.unkId;
}
