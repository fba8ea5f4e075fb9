import { readFile } from 'node:fs/promises';
import { DataError } from '../../core/index.js';
import type { Graph } from '../../ir/index.js';
import { parseOnnx } from '../../onnx/index.js';
import { setSessionDefaults, type SessionOptions } from '../../runtime/index.js';
import { readModelMetadata, sessionHints } from './model-metadata.js';

/** A model file with the run-time settings stored in it. */
export interface LoadedModel {
  readonly graph: Graph;
  readonly metadata: ReadonlyMap<string, string>;
  /** Session options from the file's metadata, already set as the graph's session defaults. */
  readonly session: SessionOptions;
}

/**
 * Loads an ONNX file like `loadOnnx` and applies the run-time settings stored in its metadata
 * (e.g. `keel quantize --keep-fp32` disables onnxruntime's QDQPropagationTransformer): every
 * `Session.create(graph)` on the result uses them unless told otherwise.
 *
 * @example `const { graph, session } = await loadModel('q.onnx');`
 */
export async function loadModel(path: string): Promise<LoadedModel> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new DataError('FILE_NOT_FOUND', `cannot read model file ${path}: ${(e as Error).message}`, { file: path }, { cause: e });
  }
  const { graph } = parseOnnx(bytes, path);
  const metadata = readModelMetadata(bytes);
  const session = sessionHints(metadata);
  if (Object.keys(session).length > 0) setSessionDefaults(graph, session);
  return { graph, metadata, session };
}
