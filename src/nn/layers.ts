import { GraphError, UsageError, tensor, type HostTensor, type Rng } from '../core/index.js';
import type { Value } from '../ir/index.js';
import type { Builder } from '../ops/index.js';
import { initBias, initWeight, type InitName } from './init.js';
import { regularize, type Regularizer } from './regularizer.js';

/** What a layer sees while adding its nodes. */
export interface LayerContext {
  readonly b: Builder;
  readonly training: boolean;
  readonly rng: Rng;
  /** A named weight: created once with `create`, then shared by every graph built from the model. */
  param(name: string, create: () => HostTensor): Value;
  /** Declares a non-trained buffer (e.g. a running mean) and its value after a training step. */
  carry(init: Value, next: Value): void;
  /** Whether training keeps the named weight fixed (see `GraphOptions.frozen`). */
  frozen(paramName: string): boolean;
  /** Adds a scalar to the training loss (weight regularizers). Ignored outside training graphs. */
  penalize(penalty: Value): void;
  /** Host-fed dropout noise shaped like `like` (see `GraphOptions.hostNoise`); absent otherwise. */
  readonly noise: ((name: string, like: Value, rate: number) => Value) | undefined;
}

/** A layer: adds its nodes to the graph and returns its output. */
export interface Layer {
  readonly kind: string;
  apply(ctx: LayerContext, x: Value, name: string): Value;
}

/** Activation functions by name (GELU is built from Erf). */
export type ActivationName = 'relu' | 'tanh' | 'sigmoid' | 'elu' | 'selu' | 'gelu' | 'softplus' | 'leaky_relu' | 'linear';

/** Applies an activation by name. */
export function activate(b: Builder, x: Value, name: ActivationName): Value {
  switch (name) {
    case 'linear':
      return x;
    case 'relu':
      return b.op1('Relu', [x]);
    case 'tanh':
      return b.op1('Tanh', [x]);
    case 'sigmoid':
      return b.op1('Sigmoid', [x]);
    case 'elu':
      return b.op1('Elu', [x]);
    case 'selu':
      return b.op1('Selu', [x]);
    case 'softplus':
      return b.op1('Softplus', [x]);
    case 'leaky_relu':
      return b.op1('LeakyRelu', [x], { alpha: 0.01 });
    case 'gelu':
      return b.mul(b.scale(x, 0.5), b.add(b.scalar(1, x.dtype), b.op1('Erf', [b.scale(x, Math.SQRT1_2)])));
  }
}

export function staticDim(x: Value, axis: number, layer: string): number {
  const d = x.shape[axis];
  if (typeof d !== 'number') throw new GraphError('LAYER_SHAPE', `${layer}: input dimension ${axis} must be static, got ${String(d)} (shape [${x.shape.join(',')}])`, { layer, axis, actual: d, shape: x.shape });
  return d;
}

/** Options for {@link dense}. */
export interface DenseOptions {
  readonly activation?: ActivationName;
  readonly init?: InitName;
  readonly bias?: boolean;
  /** L1/L2 penalty on the weight matrix (added to the training loss). */
  readonly regularizer?: Regularizer;
}

/**
 * A fully connected layer, y = x·Wᵀ + b (W stored [out, in] as in PyTorch, lowered to Gemm).
 * @example `dense(256, { activation: 'relu' })`
 */
export function dense(units: number, opts: DenseOptions = {}): Layer {
  return {
    kind: 'dense',
    apply(ctx, x, name) {
      if (x.rank !== 2) throw new GraphError('LAYER_SHAPE', `dense layer ${name} needs a 2-D input [N, features], got rank ${x.rank}; add flatten() first`, { name, actual: x.rank });
      const fin = staticDim(x, 1, name);
      const w = ctx.param(`${name}.weight`, () => initWeight(opts.init ?? 'torch', [units, fin], ctx.rng));
      regularize(ctx, w, opts.regularizer);
      const inputs = [x, w];
      if (opts.bias ?? true) inputs.push(ctx.param(`${name}.bias`, () => initBias(units, fin, ctx.rng, opts.init !== undefined && opts.init !== 'torch')));
      return activate(ctx.b, ctx.b.op1('Gemm', inputs, { transB: 1 }), opts.activation ?? 'linear');
    },
  };
}

/** Options for {@link conv2d}. */
export interface Conv2dOptions {
  readonly stride?: number;
  /** 'same' keeps the spatial size at stride 1; a number pads every side. Default 'valid' (0). */
  readonly padding?: 'same' | 'valid' | number;
  readonly activation?: ActivationName;
  readonly init?: InitName;
  readonly groups?: number;
  /** Whether the layer adds a learned bias (default true); a conv followed by a batch norm needs none (torchvision's ResNets have none). */
  readonly bias?: boolean;
  readonly regularizer?: Regularizer;
}

/**
 * A 2-D convolution over [N, C, H, W].
 * @example `conv2d(16, 3, { padding: 'same', activation: 'relu' })`
 */
export function conv2d(filters: number, kernel: number, opts: Conv2dOptions = {}): Layer {
  return {
    kind: 'conv2d',
    apply(ctx, x, name) {
      if (x.rank !== 4) throw new GraphError('LAYER_SHAPE', `conv2d layer ${name} needs [N, C, H, W], got rank ${x.rank}`, { name, actual: x.rank });
      const cin = staticDim(x, 1, name);
      const groups = opts.groups ?? 1;
      const w = ctx.param(`${name}.weight`, () => initWeight(opts.init ?? 'torch', [filters, cin / groups, kernel, kernel], ctx.rng));
      regularize(ctx, w, opts.regularizer);
      const inputs = [x, w];
      if (opts.bias ?? true) inputs.push(ctx.param(`${name}.bias`, () => initBias(filters, (cin / groups) * kernel * kernel, ctx.rng, opts.init !== undefined && opts.init !== 'torch')));
      const pad = opts.padding === 'same' ? Math.floor(kernel / 2) : opts.padding === 'valid' || opts.padding === undefined ? 0 : opts.padding;
      const s = opts.stride ?? 1;
      const y = ctx.b.op1('Conv', inputs, { kernel_shape: [kernel, kernel], strides: [s, s], pads: [pad, pad, pad, pad], group: groups });
      return activate(ctx.b, y, opts.activation ?? 'linear');
    },
  };
}

/** Max pooling with a square window (stride defaults to the window). */
export function maxPool2d(size: number, stride = size): Layer {
  return { kind: 'maxpool2d', apply: (ctx, x) => ctx.b.op1('MaxPool', [x], { kernel_shape: [size, size], strides: [stride, stride] }) };
}

/** Average pooling with a square window. */
export function avgPool2d(size: number, stride = size): Layer {
  return { kind: 'avgpool2d', apply: (ctx, x) => ctx.b.op1('AveragePool', [x], { kernel_shape: [size, size], strides: [stride, stride] }) };
}

/** Global average pooling to [N, C]. */
export function globalAvgPool(): Layer {
  return { kind: 'globalavgpool', apply: (ctx, x) => ctx.b.op1('Flatten', [ctx.b.op1('GlobalAveragePool', [x])], { axis: 1 }) };
}

/** Flattens everything after the batch axis. */
export function flatten(): Layer {
  return { kind: 'flatten', apply: (ctx, x) => ctx.b.op1('Flatten', [x], { axis: 1 }) };
}

/** An activation as its own layer. */
export function activation(name: ActivationName): Layer {
  return { kind: name, apply: (ctx, x) => activate(ctx.b, x, name) };
}

/**
 * Inverted dropout: active only in training graphs. With host noise (as `fit()` builds it) the
 * mask is an input computed from (seed, epoch, step); otherwise ONNX Dropout with a seed fixed by
 * the model seed.
 * @example `dropout(0.3)`
 */
export function dropout(rate: number): Layer {
  if (!(rate >= 0 && rate < 1)) throw new UsageError('LAYER_OPTION', `dropout rate must be in [0, 1), got ${rate}`, { rate });
  return {
    kind: 'dropout',
    apply(ctx, x, name) {
      const seed = ctx.rng.int(2 ** 31);
      if (!ctx.training || rate === 0) return x;
      if (ctx.noise) return ctx.b.mul(x, ctx.noise(name, x, rate));
      const ratio = ctx.b.constant(tensor(x.dtype, [], [rate]));
      const train = ctx.b.constant(tensor('bool', [], [1]));
      return ctx.b.op('Dropout', [x, ratio, train], { seed }, { outputs: 2 })[0]!;
    },
  };
}
