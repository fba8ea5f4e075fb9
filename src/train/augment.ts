import { UsageError, type HostTensor, type Rng } from '../core/index.js';

/** One training batch as an augmentation sees it (modified in place). */
export interface AugmentBatch {
  /** Rows [B, ...]: images are [B, C, H, W], tabular [B, F]. */
  readonly x: HostTensor;
  /** Packed targets [B, width] (see `Loss`): classification rows (labelA, labelB, λ, weight). */
  readonly targets: Float32Array;
  readonly width: number;
  readonly task: 'classification' | 'regression';
}

/** An on-the-fly augmentation: changes a batch in place using the epoch's seeded stream. */
export interface Augmentation {
  readonly name: string;
  apply(batch: AugmentBatch, rng: Rng): void;
}

function dims(x: HostTensor, name: string): [number, number, number, number] {
  if (x.shape.length !== 4) throw new UsageError('AUGMENT_SHAPE', `${name} needs image batches [B, C, H, W], got [${x.shape.join(',')}]`, { name, actual: x.shape });
  return x.shape as unknown as [number, number, number, number];
}

/** Resamples every image through `map(h, w) → [srcH, srcW]` (nearest pixel, zero outside). */
function remap(x: HostTensor, i: number, map: (h: number, w: number) => [number, number]): void {
  const [, c, hh, ww] = dims(x, 'image augmentation');
  const d = x.data as Float32Array;
  const plane = hh * ww;
  const src = d.slice(i * c * plane, (i + 1) * c * plane);
  for (let h = 0; h < hh; h++) {
    for (let w = 0; w < ww; w++) {
      const [sh, sw] = map(h, w);
      const r = Math.round(sh);
      const q = Math.round(sw);
      const inside = r >= 0 && r < hh && q >= 0 && q < ww;
      for (let ch = 0; ch < c; ch++) d[(i * c + ch) * plane + h * ww + w] = inside ? src[ch * plane + r * ww + q]! : 0;
    }
  }
}

/**
 * Random translation by up to `pixels` in each direction (a random crop of a zero-padded image).
 * @example `randomShift(2)`
 */
export function randomShift(pixels: number): Augmentation {
  return {
    name: 'shift',
    apply({ x }, rng) {
      const b = x.shape[0] ?? 0;
      for (let i = 0; i < b; i++) {
        const dy = rng.int(2 * pixels + 1) - pixels;
        const dx = rng.int(2 * pixels + 1) - pixels;
        remap(x, i, (h, w) => [h - dy, w - dx]);
      }
    },
  };
}

/** Horizontal flip with probability 0.5 (only where the labels allow it: not for digits). */
export function randomFlip(): Augmentation {
  return { name: 'flip', apply: ({ x }, rng) => { const [b, , , ww] = dims(x, 'flip'); for (let i = 0; i < b; i++) if (rng.uniform() < 0.5) remap(x, i, (h, w) => [h, ww - 1 - w]); } };
}

/** Rotation by a uniform angle in ±`degrees` about the image centre. */
export function randomRotation(degrees: number): Augmentation {
  return {
    name: 'rotation',
    apply({ x }, rng) {
      const [b, , hh, ww] = dims(x, 'rotation');
      const cy = (hh - 1) / 2;
      const cx = (ww - 1) / 2;
      for (let i = 0; i < b; i++) {
        const a = ((rng.uniform() * 2 - 1) * degrees * Math.PI) / 180;
        const [cs, sn] = [Math.cos(a), Math.sin(a)];
        remap(x, i, (h, w) => [cy + (h - cy) * cs - (w - cx) * sn, cx + (h - cy) * sn + (w - cx) * cs]);
      }
    },
  };
}

/** Adds N(0, std²) noise to every feature (images or tabular). */
export function gaussianNoise(std: number): Augmentation {
  return { name: 'noise', apply: ({ x }, rng) => { const d = x.data as Float32Array; for (let i = 0; i < d.length; i++) d[i]! += rng.normal() * std; } };
}

/** Beta(α, α) from two Gamma(α) draws (Marsaglia–Tsang). */
function beta(rng: Rng, a: number): number {
  const gamma = (k: number): number => {
    if (k < 1) return gamma(k + 1) * rng.uniform() ** (1 / k);
    const d = k - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const z = rng.normal();
      const v = (1 + c * z) ** 3;
      if (v > 0 && Math.log(rng.uniform() || 1e-12) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
    }
  };
  const g1 = gamma(a);
  return g1 / (g1 + gamma(a));
}

function mixTargets(batch: AugmentBatch, i: number, j: number, lam: number, orig: Float32Array): void {
  const { targets: t, width: w } = batch;
  if (batch.task === 'classification') {
    t[i * w + 1] = orig[j * w]!;
    t[i * w + 2] = lam;
  } else for (let k = 0; k < w - 1; k++) t[i * w + k] = lam * orig[i * w + k]! + (1 - lam) * orig[j * w + k]!;
}

/**
 * Mixup: each row becomes λ·xᵢ + (1−λ)·xⱼ with a random partner j and λ ~ Beta(α, α); the loss
 * mixes both labels with the same λ. Works for images and tabular rows.
 * @example `mixup(0.2)`
 */
export function mixup(alpha = 0.2): Augmentation {
  return {
    name: 'mixup',
    apply(batch, rng) {
      const x = batch.x.data as Float32Array;
      const b = batch.x.shape[0] ?? 0;
      const row = x.length / Math.max(1, b);
      const orig = x.slice();
      const t0 = batch.targets.slice();
      const perm = rng.permutation(b);
      for (let i = 0; i < b; i++) {
        const j = perm[i]!;
        const lam = beta(rng, alpha);
        for (let k = 0; k < row; k++) x[i * row + k] = lam * orig[i * row + k]! + (1 - lam) * orig[j * row + k]!;
        mixTargets(batch, i, j, lam, t0);
      }
    },
  };
}

/**
 * CutMix: pastes a random box from a partner image; λ is the kept area fraction.
 * @example `cutmix(1.0)`
 */
export function cutmix(alpha = 1): Augmentation {
  return {
    name: 'cutmix',
    apply(batch, rng) {
      const [b, c, hh, ww] = dims(batch.x, 'cutmix');
      const x = batch.x.data as Float32Array;
      const orig = x.slice();
      const t0 = batch.targets.slice();
      const perm = rng.permutation(b);
      for (let i = 0; i < b; i++) {
        const j = perm[i]!;
        const r = Math.sqrt(1 - beta(rng, alpha));
        const bh = Math.round(hh * r);
        const bw = Math.round(ww * r);
        const y0 = rng.int(hh - bh + 1);
        const x0 = rng.int(ww - bw + 1);
        for (let ch = 0; ch < c; ch++) for (let h = y0; h < y0 + bh; h++) for (let w = x0; w < x0 + bw; w++) x[((i * c + ch) * hh + h) * ww + w] = orig[((j * c + ch) * hh + h) * ww + w]!;
        mixTargets(batch, i, j, 1 - (bh * bw) / (hh * ww), t0);
      }
    },
  };
}

/** Augmentations by CLI name, with defaults suited to 28×28 digits / standardized tabular data. */
export const AUGMENTATIONS = {
  shift: () => randomShift(2),
  flip: () => randomFlip(),
  rotation: () => randomRotation(10),
  noise: () => gaussianNoise(0.05),
  mixup: () => mixup(0.2),
  cutmix: () => cutmix(1),
} as const;
