import { inferenceOnlyNote } from '../../onnx/index.js';
import { gauge } from '../audit-config.js';
import type { Figure, SectionResult } from '../audit-types.js';
import type { AuditContext, Section } from '../section.js';

/**
 * The model and engine area: the graph's inputs, outputs, operators and parameters, and whether
 * its outputs are finite and wide enough for the labels. A model Keel cannot represent is read
 * from its file and run on onnxruntime directly; the summary names the op that blocks gradients.
 * @example `const r = await new ModelSection().run(ctx);`
 */
export class ModelSection implements Section {
  readonly name = 'model';
  readonly area = 'model' as const;

  async run(ctx: AuditContext): Promise<SectionResult> {
    const m = ctx.model;
    const only = m.inferenceOnly;
    const logits = await ctx.logits();
    let bad = 0;
    for (const v of logits.data) if (!Number.isFinite(v)) bad++;
    const n = logits.shape[0] ?? 0;
    const width = logits.data.length / Math.max(1, n);
    let params = only?.parameters ?? 0;
    const ops = new Map<string, number>(only?.opCounts ?? []);
    if (!only) {
      for (const w of m.graph.initializers) params += w.known?.data.length ?? 0;
      for (const node of m.graph.nodes) ops.set(node.op, (ops.get(node.op) ?? 0) + 1);
    }
    const nodes = [...ops.values()].reduce((a, b) => a + b, 0);
    const checks = [
      gauge(ctx.config, { id: 'model.non_finite_outputs', area: 'model', value: bad, defaults: { max: 0 }, what: `non-finite output values on ${n} rows` }),
      gauge(ctx.config, {
        id: 'model.output_width',
        area: 'model',
        value: width - ctx.train.classes.length,
        defaults: { min: 0 },
        what: `output columns (${width}) minus label classes (${ctx.train.classes.length})`,
      }),
    ];
    const shape = (dims: readonly (number | string)[]): string => `[${dims.join(', ')}]`;
    const figures: Figure[] = [
      {
        kind: 'table',
        id: 'model-summary',
        title: 'Model summary',
        alt: 'Inputs, outputs, parameter and node counts of the model graph.',
        columns: ['property', 'value'],
        rows: [
          ['file', ctx.modelPath],
          ['inputs', m.inputs.map((v) => `${v.name} ${v.dtype}${shape(v.shape)}`).join('; ')],
          ['outputs', m.outputs.map((v) => `${v.name} ${v.dtype}${shape(v.shape)}`).join('; ')],
          ['parameters', params],
          ['nodes', nodes],
          ['engine', only ? `onnxruntime directly: ${inferenceOnlyNote(only.blocked)}` : 'Keel graph on onnxruntime (differentiable)'],
        ],
      },
      {
        kind: 'bar',
        id: 'model-ops',
        title: 'Operators in the graph',
        alt: `Node count per ONNX operator type; ${ops.size} types, ${nodes} nodes.`,
        valueLabel: 'nodes',
        bars: [...ops].sort((a, b) => b[1] - a[1]).map(([label, value]) => ({ label, value })),
      },
    ];
    return { checks, figures, notes: only ? [inferenceOnlyNote(only.blocked)] : [] };
  }
}
