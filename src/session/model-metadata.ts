/** Anything that carries an ONNX file's `metadata_props`: an imported Keel graph or a file's interface. */
export interface WithMetadata {
  readonly metadata: ReadonlyMap<string, string>;
}

/** ONNX metadata keys that tie a text model to its tokenizer. */
export const TEXT_METADATA = { tokenizer: 'keel.text.tokenizer_sha256', maxLength: 'keel.text.max_length', column: 'keel.text.column' } as const;

/**
 * Whether a model was trained on text by Keel (its metadata names a tokenizer). It lives beside
 * the session so that predicting with a model file can tell without loading the text folder.
 * @example `if (isTextModel(readOnnxInterface(bytes))) console.log('give raw messages');`
 */
export function isTextModel(model: WithMetadata): boolean {
  return model.metadata.has(TEXT_METADATA.tokenizer);
}
