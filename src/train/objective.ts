import { tensor } from '../core/index.js';
import type { Value } from '../ir/index.js';
import type { ObjectiveContext } from '../runtime/index.js';

/**
 * Adapts a training objective that expects class labels `y` [N] (such as `adversarialObjective`
 * from src/robust) to {@link fit}'s packed targets [N, 4]: the objective sees column 0 (the class
 * index) as float32 labels. Mixup partners and per-sample weights are not seen by such objectives.
 *
 * @example
 * ```ts
 * await fit(model, x, y, { epochs: 5, objective: withClassLabels(adversarialObjective({ method: 'pgd', eps: 0.1 })) });
 * ```
 */
export function withClassLabels(objective: (ctx: ObjectiveContext) => Value): (ctx: ObjectiveContext) => Value {
  return (ctx) => {
    const labels = ctx.b.op1('Gather', [ctx.y, ctx.b.constant(tensor('int64', [], [0]))], { axis: 1 });
    return objective({ b: ctx.b, x: ctx.x, y: labels, forward: (v) => ctx.forward(v), stopGradient: (v) => ctx.stopGradient(v) });
  };
}
