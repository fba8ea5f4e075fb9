import { readFile } from 'node:fs/promises';
import { isKeelError, type KeelError } from '../core/index.js';
import { Graph, dtypeFromOnnx, type TensorType } from '../ir/index.js';
import { loadOnnx, parseOnnx, type ImportedModel } from './import.js';
import { readOnnxInterface, type OnnxValueInfo } from '../io/index.js';

/**
 * What inference needs from a model Keel cannot represent (an op or attribute value Keel lacks):
 * its interface, a summary of its contents, its own bytes to run on onnxruntime, and why it is
 * inference-only.
 */
export interface InferenceOnlyModel {
  /**
   * The file's interface: its inputs, its outputs (values without producers) and metadata. It
   * has no nodes, so it cannot be run, differentiated or exported — run {@link bytes} instead.
   */
  readonly graph: Graph;
  /** The typed error (`UNSUPPORTED_OP` / `UNSUPPORTED_ATTRIBUTE`) naming the op, node and opset. */
  readonly blocked: KeelError;
  /** The file's bytes, as onnxruntime runs them. */
  readonly bytes: Uint8Array;
  readonly opset: number;
  /** Node count per operator type in the main graph. */
  readonly opCounts: ReadonlyMap<string, number>;
  /** Number of weight values (elements of the initializers). */
  readonly parameters: number;
}

/** True for what {@link loadForInference} returns when Keel cannot represent the model. */
export function isInferenceOnly(m: ImportedModel | InferenceOnlyModel): m is InferenceOnlyModel {
  return 'blocked' in m;
}

/**
 * The one note every command prints when it runs a model on onnxruntime directly: which op (node,
 * opset) or attribute blocks gradients.
 * @example `process.stderr.write(\`keel: note: ${inferenceOnlyNote(m.blocked)}\n\`)`
 */
export function inferenceOnlyNote(blocked: KeelError): string {
  const what = blocked.message.split('; supported ops')[0] ?? blocked.message;
  return `${what}; it blocks gradients, so the model runs on onnxruntime directly (gradient-based commands stop with ${blocked.code})`;
}

/** The error when it is Keel lacking an op or attribute value (what makes a model inference-only). */
function blocker(e: unknown): KeelError | undefined {
  return isKeelError(e) && (e.code === 'UNSUPPORTED_OP' || e.code === 'UNSUPPORTED_ATTRIBUTE') ? e : undefined;
}

/**
 * What blocks gradients in these ONNX bytes: the typed `UNSUPPORTED_OP` / `UNSUPPORTED_ATTRIBUTE`
 * the import stops with, for {@link inferenceOnlyNote}; undefined when Keel imports the model, or
 * when the import fails for another reason (running the bytes on onnxruntime does not need it).
 * Commands that only run the file call it when `mayBlockGradients` (from the file's bytes) says
 * an op may be outside Keel's.
 * @example `const blocked = gradientBlocker(bytes, 'm.onnx'); if (blocked) cliNote(inferenceOnlyNote(blocked));`
 */
export function gradientBlocker(bytes: Uint8Array, file: string): KeelError | undefined {
  try {
    parseOnnx(bytes, file);
    return undefined;
  } catch (e) {
    return blocker(e);
  }
}

/**
 * Reads an ONNX file for inference: the imported graph when Keel can represent it, otherwise
 * (an op or attribute value Keel lacks) the file's interface, bytes and the reason, so callers
 * run the file's own bytes on onnxruntime — never worse than onnxruntime for inference. Other
 * problems (missing file, corrupt bytes, an opset above 20) still throw.
 *
 * @example
 * ```ts
 * const m = await loadForInference('upsampler.onnx');
 * if (isInferenceOnly(m)) console.log(inferenceOnlyNote(m.blocked));
 * ```
 */
export async function loadForInference(path: string): Promise<ImportedModel | InferenceOnlyModel> {
  try {
    return await loadOnnx(path);
  } catch (e) {
    const blocked = blocker(e);
    if (!blocked) throw e;
    const bytes = await readFile(path);
    const io = readOnnxInterface(bytes, path);
    const graph = new Graph(io.graphName || 'model');
    const typeOf = (vi: OnnxValueInfo): TensorType => ({ dtype: dtypeFromOnnx(vi.elemType) ?? 'float32', shape: [...vi.dims] });
    for (const vi of io.inputs) graph.addInput(vi.name, typeOf(vi));
    graph.setOutputs(...io.outputs.map((vi) => graph.newValue(vi.name, typeOf(vi), 'node')));
    for (const [k, v] of io.metadata) graph.metadata.set(k, v);
    graph.opset = io.opset;
    const { opset, opCounts, parameters } = io;
    return { graph, blocked, bytes, opset, opCounts, parameters };
  }
}
