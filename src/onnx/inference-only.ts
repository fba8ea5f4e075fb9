import { readFile } from 'node:fs/promises';
import type onnxProto from 'onnx-proto';
import { isKeelError, type KeelError } from '../core/index.js';
import { Graph, dtypeFromOnnx, type TensorType } from '../ir/index.js';
import { loadOnnx, type ImportedModel } from './import.js';
import { dimsOf } from './value-dims.js';
import { onnx, toNum } from './proto.js';

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
    if (!isKeelError(e) || (e.code !== 'UNSUPPORTED_OP' && e.code !== 'UNSUPPORTED_ATTRIBUTE')) throw e;
    const bytes = await readFile(path);
    const model = onnx.ModelProto.decode(bytes);
    const gp = model.graph ?? {};
    const graph = new Graph(gp.name ?? 'model');
    let unnamed = 0;
    const typeOf = (vi: onnxProto.onnx.IValueInfoProto): TensorType => ({ dtype: dtypeFromOnnx(vi.type?.tensorType?.elemType ?? 0) ?? 'float32', shape: dimsOf(vi, () => `dim_${++unnamed}`) });
    const weights = new Set((gp.initializer ?? []).map((t) => t.name));
    for (const vi of gp.input ?? []) if (!weights.has(vi.name)) graph.addInput(vi.name ?? `input_${unnamed}`, typeOf(vi));
    graph.setOutputs(...(gp.output ?? []).map((vi, i) => graph.newValue(vi.name ?? `output_${i}`, typeOf(vi), 'node')));
    for (const p of model.metadataProps) if (p.key) graph.metadata.set(p.key, p.value ?? '');
    const opCounts = new Map<string, number>();
    for (const n of gp.node ?? []) opCounts.set(n.opType ?? '', (opCounts.get(n.opType ?? '') ?? 0) + 1);
    let parameters = 0;
    for (const t of gp.initializer ?? []) parameters += (t.dims ?? []).reduce<number>((p, d) => p * toNum(d), 1);
    const opset = toNum(model.opsetImport.find((o) => !o.domain || o.domain === 'ai.onnx')?.version);
    graph.opset = opset;
    return { graph, blocked: e, bytes, opset, opCounts, parameters };
  }
}
