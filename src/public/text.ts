/**
 * `keel/text`: text in — a WordPiece or word-level tokenizer fitted on the training rows and
 * saved as a Hugging Face `tokenizer.json`, text tables (CSV/TSV/JSON lines) with typed errors
 * naming file, line and column, padded id batches with masks, and text models (TextCNN, LSTM,
 * GRU, transformer) that `fit` trains.
 *
 * @example
 * ```ts
 * import { Tokenizer, encodeTexts, textModel } from 'keel/text';
 * const tok = Tokenizer.fit(['free prize now', 'see you at six'], { vocabSize: 100, maxLength: 16 });
 * const { ids } = encodeTexts(tok, ['free prize now']);
 * const net = textModel('lstm', { tokenizer: tok, outputs: 2 });
 * // train it as keel train --text does: await fit(net, x, y, { ...textFitOptions(textRecipe('lstm')), validationData: val })
 * ```
 * @packageDocumentation
 */
export { Tokenizer, SPECIAL_TOKENS, encodeTexts, readTextTable, MAX_TEXT_CHARS, readEmbeddings, textModel, TEXT_RECIPE, textFitOptions, textRecipe } from '../text/index.js';
export { TEXT_POOLINGS } from '../nn/index.js';
export type { TokenizerFitOptions, TokenizerConfig, NormalizerSpec, EncodedTexts, EncodeOptions, TextTable, TextTableOptions, PretrainedEmbeddings, TextModelOptions, TextRecipe } from '../text/index.js';
export type { TextPooling } from '../nn/index.js';
