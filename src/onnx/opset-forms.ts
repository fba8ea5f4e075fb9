import type onnxProto from 'onnx-proto';
import { GraphError, tensor } from '../core/index.js';
import type { Node } from '../ir/index.js';
import { intsOf } from '../ops/index.js';
import { onnx, tensorToProto } from './proto.js';

type INode = onnxProto.onnx.INodeProto;
const AT = onnx.AttributeProto.AttributeType;

/** Reductions whose `axes` moved from an attribute to an input in opset 18 (ReduceSum moved in 13). */
const AXES_INPUT_FROM_18 = new Set(['ReduceMean', 'ReduceMax', 'ReduceMin', 'ReduceProd', 'ReduceSumSquare', 'ReduceL1', 'ReduceL2', 'ReduceLogSum', 'ReduceLogSumExp']);

function constant(name: string, values: readonly number[]): INode {
  return { opType: 'Constant', name: `${name}_const`, input: [], output: [name], attribute: [{ name: 'value', type: AT.TENSOR, t: tensorToProto(tensor('int64', [values.length], values), '') }] };
}

const withoutAttr = (p: INode, name: string): INode => ({ ...p, attribute: (p.attribute ?? []).filter((a) => a.name !== name) });

/**
 * Writes a node in the signature of the opset being exported. Keel's IR accepts both spellings
 * where ONNX changed one (reduction axes as attribute or input, Split's `num_outputs` or sizes),
 * so a model imported at opset 18–20 exports back at its own opset and anything Keel builds
 * exports at 17. Returns the node preceded by any constants it now needs.
 */
export function toOpsetForm(n: Node, p: INode, opset: number): INode[] {
  const inputs = [...(p.input ?? [])];
  const attrs = p.attribute ?? [];
  if (AXES_INPUT_FROM_18.has(n.op)) {
    const attr = attrs.find((a) => a.name === 'axes');
    if (opset >= 18 && attr) {
      const name = `${n.output(0).name}_axes`;
      return [constant(name, (attr.ints ?? []).map(Number)), { ...withoutAttr(p, 'axes'), input: [inputs[0] ?? '', name] }];
    }
    if (opset < 18 && n.inputs[1]) {
      const axes = intsOf(n.inputs[1]);
      if (!axes) throw new GraphError('GRAPH_DYNAMIC', `${n.op} node "${n.name}": axes computed at run time cannot be written at opset ${opset}; export at opset 18 or later`, { node: n.name, opset });
      return [{ ...p, input: [inputs[0] ?? ''], attribute: [...attrs, { name: 'axes', type: AT.INTS, ints: axes }] }];
    }
  }
  if (n.op === 'Split') {
    const hasSizes = Boolean(inputs[1]);
    const numOutputs = attrs.find((a) => a.name === 'num_outputs');
    if (opset >= 18 && !hasSizes && !numOutputs) return [{ ...p, attribute: [...attrs, { name: 'num_outputs', type: AT.INT, i: n.outputs.length }] }];
    if (opset < 18 && numOutputs) {
      const sizes = n.outputs.map((o) => o.shape[Number(n.attrs['axis'] ?? 0) < 0 ? Number(n.attrs['axis']) + o.rank : Number(n.attrs['axis'] ?? 0)]);
      if (!sizes.every((d) => typeof d === 'number')) return [withoutAttr(p, 'num_outputs')];
      const name = `${n.output(0).name}_sizes`;
      return [constant(name, sizes), { ...withoutAttr(p, 'num_outputs'), input: [inputs[0] ?? '', name] }];
    }
  }
  if (n.op === 'Cast' && opset < 19) return [withoutAttr(p, 'saturate')];
  return [p];
}
