import { GraphError, type DType, type HostTensor } from '../core/index.js';
import type { Attrs, Dim, GraphLike, TensorType } from './types.js';

/** How a value comes to exist. */
export type ValueKind = 'input' | 'initializer' | 'node' | 'outer';

/**
 * A typed, shaped value in a {@link Graph}: a graph input, an initializer (weights), or the
 * output of a node. `known` holds its contents when they are known while building (constants
 * and shape arithmetic), `sym` the possibly symbolic contents of a small int64 shape vector.
 */
export class Value {
  producer: Node | null = null;
  /** Contents known at build time (initializers, constants, folded shape arithmetic). */
  known: HostTensor | undefined;
  /** Contents of a rank-0/1 int64 value as dims, symbolic entries allowed (from `Shape`). */
  sym: readonly Dim[] | undefined;

  constructor(
    readonly id: number,
    public name: string,
    public type: TensorType,
    public kind: ValueKind,
  ) {}

  get dtype(): DType {
    return this.type.dtype;
  }
  get shape(): readonly Dim[] {
    return this.type.shape;
  }
  get rank(): number {
    return this.type.shape.length;
  }
}

/** One operation: an ONNX-aligned op type with inputs (null = omitted optional), outputs and attributes. */
export class Node {
  constructor(
    readonly op: string,
    readonly inputs: readonly (Value | null)[],
    readonly outputs: readonly Value[],
    readonly attrs: Attrs,
    public name: string,
  ) {}

  input(i: number): Value {
    const v = this.inputs[i];
    if (!v) throw new GraphError('GRAPH_MISSING_INPUT', `${this.op} node "${this.name}" has no input #${i}`, { node: this.name });
    return v;
  }
  output(i = 0): Value {
    const v = this.outputs[i];
    if (!v) throw new GraphError('GRAPH_MISSING_OUTPUT', `${this.op} node "${this.name}" has no output #${i}`, { node: this.name });
    return v;
  }
}

/**
 * A symbolic computation graph. Nodes are kept in insertion order, which is always a
 * topological order because a node can only consume values that already exist.
 *
 * @example
 * ```ts
 * const g = new Graph('mlp');
 * const x = g.addInput('x', { dtype: 'float32', shape: ['N', 784] });
 * ```
 */
export class Graph implements GraphLike {
  readonly isGraph = true as const;
  readonly inputs: Value[] = [];
  readonly outputs: Value[] = [];
  readonly initializers: Value[] = [];
  readonly nodes: Node[] = [];
  /** For subgraphs (Loop bodies): the graph whose values this one may read. */
  readonly parent: Graph | null;
  /**
   * The model's ONNX `metadata_props` (top-level graphs): kept on import, written on export.
   * Keel stores run-time settings here, e.g. `keel.session.disable_optimizers`.
   */
  readonly metadata = new Map<string, string>();
  /**
   * The ONNX opset the graph came with (imported models); {@link Graph} writers export at this
   * opset when it is newer than their default, so a model keeps its own opset across fine-tuning.
   */
  opset: number | undefined;
  private nextId: { n: number };
  private readonly names = new Set<string>();
  private readonly nodeNames = new Set<string>();

  constructor(
    public name = 'keel',
    parent: Graph | null = null,
  ) {
    this.parent = parent;
    this.nextId = parent ? parent.nextId : { n: 0 };
  }

  /** Returns `base` or `base_1`, `base_2`, ... so that value names stay unique. */
  uniqueName(base: string): string {
    let name = base;
    for (let i = 1; this.hasName(name); i++) name = `${base}_${i}`;
    this.claim(name);
    return name;
  }

  private hasName(name: string): boolean {
    return this.names.has(name) || (this.parent?.hasName(name) ?? false);
  }
  private claim(name: string): void {
    this.names.add(name);
    this.parent?.claim(name);
  }

  /** A node name not used by another node of this graph (node names do not clash with value names). */
  uniqueNodeName(base: string): string {
    let name = base;
    for (let i = 1; this.nodeNames.has(name); i++) name = `${base}_${i}`;
    this.nodeNames.add(name);
    return name;
  }

  newValue(name: string, type: TensorType, kind: ValueKind): Value {
    return new Value(this.nextId.n++, this.uniqueName(name), type, kind);
  }

  addInput(name: string, type: TensorType): Value {
    const v = this.newValue(name, type, 'input');
    if (v.name !== name) throw new GraphError('GRAPH_DUPLICATE_NAME', `a value named "${name}" already exists`, { name });
    this.inputs.push(v);
    return v;
  }

  /** Adds a weight tensor; `name` is kept as given when free (ONNX initializer names matter). */
  addInitializer(name: string, data: HostTensor): Value {
    const v = this.newValue(name, { dtype: data.dtype, shape: data.shape }, 'initializer');
    v.known = data;
    this.initializers.push(v);
    return v;
  }

  addNode(node: Node): void {
    for (const o of node.outputs) o.producer = node;
    this.nodes.push(node);
  }

  /** Marks values as graph outputs (in order). */
  setOutputs(...values: Value[]): void {
    this.outputs.length = 0;
    this.outputs.push(...values);
  }
}
