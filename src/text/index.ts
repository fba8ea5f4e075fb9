/**
 * Text in: a tokenizer fitted on training rows (WordPiece or word-level, Hugging Face
 * `tokenizer.json` layout), text tables read through Keel's one table reader, token-id tensors
 * with masks, and text classifiers (TextCNN, LSTM, GRU, transformer) trainable by `fit`.
 *
 * @example
 * ```ts
 * import { readTextTable, Tokenizer, encodeTexts, textModel } from './text/index.js';
 * const t = await readTextTable('sms.jsonl.gz', { text: 'text', target: 'label' });
 * const tok = Tokenizer.fit(t.texts, { vocabSize: 4000 });
 * const { ids } = encodeTexts(tok, t.texts, { maxLength: 64 });
 * const net = textModel('lstm', { tokenizer: tok, outputs: 2 });
 * ```
 */
export { Tokenizer, SPECIAL_TOKENS, type TokenizerFitOptions } from './tokenizer.js';
export type { TokenizerConfig } from './tokenizer-json.js';
export { normalizeText, preTokenize, type NormalizerSpec } from '../data/index.js';
export { encodeTexts, type EncodedTexts, type EncodeOptions } from './encode-texts.js';
export { readTextTable, MAX_TEXT_CHARS, type TextTable, type TextTableOptions } from './text-table.js';
export { readEmbeddings, type PretrainedEmbeddings } from './embeddings-file.js';
export { textModel, isTextEncoder, type TextModelOptions } from './text-model.js';
export { loadTextDataset, splitTextTable, readTextInputs, labelIndices, type TextInputs, type TextDataset, type TextDatasetOptions, type TextPart } from './text-dataset.js';
export { bindTokenizer, modelTokenizer, TOKENIZER_FILE, type ModelTextSetup } from './model-tokenizer.js';
export { isTextModel, TEXT_METADATA } from '../session/index.js';
export { TEXT_RECIPE, textFitOptions, textRecipe, textTrainSettings, type TextRecipe, type TextTrainSettings } from './text-recipe.js';
