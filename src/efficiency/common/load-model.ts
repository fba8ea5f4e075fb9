import type { Graph } from '../../ir/index.js';
import { loadOnnx } from '../../onnx/index.js';
import { sessionDefaults, type SessionOptions } from '../../runtime/index.js';

/** A model file with the run-time settings stored in it. */
export interface LoadedModel {
  readonly graph: Graph;
  /** The file's ONNX `metadata_props`. */
  readonly metadata: ReadonlyMap<string, string>;
  /** Session options the metadata asks for; `Session.create(graph)` applies them by itself. */
  readonly session: SessionOptions;
}

/**
 * Loads an ONNX file and says which run-time settings it carries (e.g. `keel quantize
 * --keep-fp32` stores that onnxruntime's QDQPropagationTransformer must stay off). The settings
 * live in the graph's metadata, so every `Session.create(graph)` uses them unless told otherwise.
 *
 * @example `const { graph, session } = await loadModel('q.onnx');`
 */
export async function loadModel(path: string): Promise<LoadedModel> {
  const { graph } = await loadOnnx(path);
  return { graph, metadata: graph.metadata, session: sessionDefaults(graph) };
}
