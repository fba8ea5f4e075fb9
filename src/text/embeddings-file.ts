import { DataError, Rng, type HostTensor } from '../core/index.js';
import { readFileBytes, readNpy } from '../io/index.js';
import type { Tokenizer } from './tokenizer.js';

/** Pretrained vectors laid onto a tokenizer's vocabulary. */
export interface PretrainedEmbeddings {
  /** [vocab, dim] float32: row i is token i's vector. */
  readonly table: HostTensor<'float32'>;
  /** Vocabulary entries that received a pretrained vector (the rest are small seeded random vectors). */
  readonly found: number;
}

/**
 * Reads pretrained embeddings for a tokenizer's vocabulary: a `.npy` table [vocab, dim] in id
 * order, or a GloVe / word2vec text file (`token v1 … vd` per line; a `count dim` header line is
 * skipped) whose vectors are placed on the tokens they name, other rows drawn U(±0.05) from
 * `seed`. Typed `EMBEDDING_SHAPE` errors name the file (and line) when a width differs from
 * `dim` or a `.npy` table has the wrong number of rows.
 * @example `const { table, found } = readEmbeddings('glove.6B.50d.txt', tok, 50);`
 */
export function readEmbeddings(file: string, tok: Tokenizer, dim?: number, seed = 0): PretrainedEmbeddings {
  if (/\.npy$/i.test(file)) {
    const t = readNpy(file);
    const [rows, width] = t.shape;
    if (t.shape.length !== 2 || rows !== tok.vocabSize || (dim !== undefined && width !== dim)) {
      throw new DataError('EMBEDDING_SHAPE', `${file}: embeddings are [${t.shape.join(', ')}] but the model needs [${tok.vocabSize}, ${dim ?? 'dim'}] (one row per token of the tokenizer, in id order)`, { file, expected: [tok.vocabSize, dim], actual: t.shape });
    }
    return { table: { dtype: 'float32', shape: [rows, width!], data: Float32Array.from(t.data as ArrayLike<number>, Number) }, found: rows };
  }
  const lines = new TextDecoder().decode(readFileBytes(file)).split('\n');
  let width = dim;
  const vectors = new Map<number, Float32Array>();
  lines.forEach((raw, i) => {
    const parts = raw.trim().split(/\s+/);
    if (parts.length < 2 || (i === 0 && parts.length === 2 && /^\d+$/.test(parts[0]!) && /^\d+$/.test(parts[1]!))) return;
    const values = parts.slice(1).map(Number);
    if (width === undefined) width = values.length;
    if (values.length !== width || values.some((v) => !Number.isFinite(v))) {
      throw new DataError('EMBEDDING_SHAPE', `${file}:${i + 1}: vector of "${parts[0]!}" has ${values.length} numbers${values.some((v) => !Number.isFinite(v)) ? ' (some not numbers)' : ''}; expected ${width} (the embedding dim)`, { file, line: i + 1, expected: width, actual: values.length });
    }
    const id = tok.idOf(parts[0]!);
    if (id !== undefined && !vectors.has(id)) vectors.set(id, Float32Array.from(values));
  });
  if (width === undefined) throw new DataError('EMBEDDING_SHAPE', `${file}: no vectors found (expected lines "token v1 … vd")`, { file });
  const rng = new Rng(seed);
  const data = new Float32Array(tok.vocabSize * width);
  for (let r = 0; r < tok.vocabSize; r++) {
    const v = vectors.get(r);
    if (v) data.set(v, r * width);
    else for (let j = 0; j < width; j++) data[r * width + j] = (rng.uniform() * 2 - 1) * 0.05;
  }
  return { table: { dtype: 'float32', shape: [tok.vocabSize, width], data }, found: vectors.size };
}
