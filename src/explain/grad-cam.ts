import type { Model, ModelInput } from '../model/index.js';
import { GraphError } from '../core/index.js';
import { resolveTarget, type Attribution, type AttributeOptions, type Explainer } from './explainer.js';
import { type ExplainModel, explainInputs, explainModelOf } from './explain-model.js';
import { f32, rowsOf, type F32 } from './rows.js';

/** Options for {@link GradCam}. */
export interface GradCamOptions {
  /** ONNX node name (e.g. "/c3/Conv") or output value name of a layer with output [N, K, H, W]. */
  readonly layer: string;
  /** Keep negative evidence (skip the final ReLU). Default false. */
  readonly keepNegative?: boolean;
}

/** Grad-CAM's result: the map upsampled to the input's shape, and at the layer's resolution. */
export interface GradCamAttribution extends Attribution {
  /** [N, 1, H′, W′] at the layer's resolution. */
  readonly layerAttributions: F32;
}

/**
 * Grad-CAM (Selvaraju et al., 2017) on a named conv layer of any graph: ReLU(Σ_k α_k A_k) with
 * α_k the spatial mean of d output[target] / d A_k, bilinearly upsampled to the input's last two
 * axes and repeated over its channels.
 *
 * @example `const { attributions } = await new GradCam(model, { layer: '/c3/Conv' }).attribute(x, { target: y });`
 */
export class GradCam implements Explainer {
  readonly name = 'grad-cam';
  readonly needsGradients = true;
  readonly hasConvergenceDelta = false;

  readonly model: ExplainModel;

  constructor(
    model: ExplainModel | Model,
    private readonly opts: GradCamOptions,
  ) {
    this.model = explainModelOf(model);
  }

  async attribute(input: ModelInput, opts: AttributeOptions = {}): Promise<GradCamAttribution> {
    const inputs = await explainInputs(this.model, input);
    const n = rowsOf(inputs);
    const target = resolveTarget(opts.target, n, this.model.classes);
    const { activation, gradient } = await this.model.layerGradient(this.opts.layer, inputs, target);
    if (activation.shape.length !== 4) {
      throw new GraphError('EXPLAIN_LAYER_SHAPE', `Grad-CAM needs a layer with output [N, K, H, W]; "${this.opts.layer}" has shape [${activation.shape.join(', ')}]; conv layers: ${this.model.convLayers().join(', ')}`, { layer: this.opts.layer, shape: activation.shape });
    }
    const [, k, h, w] = activation.shape as [number, number, number, number];
    const cam = f32([n, 1, h, w]);
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < k; c++) {
        const o = (i * k + c) * h * w;
        let alpha = 0;
        for (let p = 0; p < h * w; p++) alpha += gradient.data[o + p]!;
        alpha /= h * w;
        for (let p = 0; p < h * w; p++) cam.data[i * h * w + p]! += alpha * activation.data[o + p]!;
      }
    }
    if (!this.opts.keepNegative) for (let p = 0; p < cam.data.length; p++) cam.data[p] = Math.max(0, cam.data[p]!);
    return { attributions: upsample(cam, inputs.shape), layerAttributions: cam };
  }
}

/** Bilinear upsampling (align-corners false) of [N, 1, h, w] maps onto every channel of `shape`'s last two axes. */
export function upsample(cam: F32, shape: readonly number[]): F32 {
  const [n, , h, w] = cam.shape as [number, number, number, number];
  const W = shape[shape.length - 1] ?? 1;
  const H = shape.length >= 3 ? (shape[shape.length - 2] ?? 1) : 1;
  const out = f32(shape);
  const planes = out.data.length / (n * H * W);
  const src = (r: number, c: number, i: number): number => cam.data[i * h * w + r * w + c]!;
  for (let i = 0; i < n; i++) {
    for (let y = 0; y < H; y++) {
      const sy = Math.min(h - 1, Math.max(0, ((y + 0.5) * h) / H - 0.5));
      const y0 = Math.floor(sy);
      const y1 = Math.min(h - 1, y0 + 1);
      const fy = sy - y0;
      for (let x = 0; x < W; x++) {
        const sx = Math.min(w - 1, Math.max(0, ((x + 0.5) * w) / W - 0.5));
        const x0 = Math.floor(sx);
        const x1 = Math.min(w - 1, x0 + 1);
        const fx = sx - x0;
        const v = (1 - fy) * ((1 - fx) * src(y0, x0, i) + fx * src(y0, x1, i)) + fy * ((1 - fx) * src(y1, x0, i) + fx * src(y1, x1, i));
        for (let p = 0; p < planes; p++) out.data[((i * planes + p) * H + y) * W + x] = v;
      }
    }
  }
  return out;
}
