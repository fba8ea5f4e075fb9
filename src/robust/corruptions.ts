import { Rng, UsageError, type HostTensor } from '../core/index.js';
import { argmax } from './attack.js';
import type { Classifier } from './classifier.js';
import { imageDims } from './square-attack.js';

/** Natural corruptions (after Hendrycks & Dietterich 2019), each at severities 1–5. */
export type CorruptionName = 'gaussian-noise' | 'blur' | 'contrast' | 'brightness' | 'pixelate';

export const CORRUPTIONS: readonly CorruptionName[] = ['gaussian-noise', 'blur', 'contrast', 'brightness', 'pixelate'];

/** Severity parameters 1..5, relative to an input box of width 1. */
const LEVELS: Record<CorruptionName, readonly number[]> = {
  'gaussian-noise': [0.08, 0.12, 0.18, 0.26, 0.38], // σ
  blur: [0.5, 0.75, 1, 1.5, 2], // Gaussian σ in pixels
  contrast: [0.4, 0.3, 0.2, 0.1, 0.05], // factor toward the image mean
  brightness: [0.1, 0.2, 0.3, 0.4, 0.5], // added
  pixelate: [0.6, 0.5, 0.4, 0.3, 0.25], // resolution factor
};

/**
 * Applies one corruption at severity 1–5 to a batch of images [N, ...row], clipped to the box.
 * @example `const xb = corrupt(x, 'blur', 3, { clip: [0, 1], seed: 1 });`
 */
export function corrupt(x: HostTensor, name: CorruptionName, severity: number, opts: { clip?: readonly [number, number]; seed?: number } = {}): HostTensor<'float32'> {
  const level = LEVELS[name]?.[severity - 1];
  if (level === undefined) throw new UsageError('CORRUPTION', `unknown corruption ${name} or severity ${severity} (corruptions: ${CORRUPTIONS.join(', ')}; severities 1-5)`, { name, severity });
  const [low, high] = opts.clip ?? [0, 1];
  const width = high - low;
  const src = Float32Array.from(x.data as Float32Array);
  const [, h, w] = imageDims(x.shape.slice(1));
  const rng = new Rng(opts.seed ?? 0);
  const out = new Float32Array(src.length);
  for (let o = 0; o < src.length; o += h * w) {
    const img = src.subarray(o, o + h * w);
    const dst = out.subarray(o, o + h * w);
    if (name === 'gaussian-noise') img.forEach((v, j) => (dst[j] = v + level * width * rng.normal()));
    else if (name === 'brightness') img.forEach((v, j) => (dst[j] = v + level * width));
    else if (name === 'contrast') {
      const m = img.reduce((s, v) => s + v, 0) / img.length;
      img.forEach((v, j) => (dst[j] = (v - m) * level + m));
    } else if (name === 'blur') blur(img, dst, h, w, level);
    else pixelate(img, dst, h, w, level);
  }
  for (let j = 0; j < out.length; j++) out[j] = Math.min(high, Math.max(low, out[j]!));
  return { dtype: 'float32', shape: [...x.shape], data: out };
}

function blur(img: Float32Array, dst: Float32Array, h: number, w: number, sigma: number): void {
  const r = Math.ceil(3 * sigma);
  const k = Array.from({ length: 2 * r + 1 }, (_, i) => Math.exp(-((i - r) ** 2) / (2 * sigma * sigma)));
  const ks = k.reduce((s, v) => s + v, 0);
  const tmp = new Float32Array(h * w);
  const at = (a: Float32Array, y: number, x: number): number => a[Math.min(h - 1, Math.max(0, y)) * w + Math.min(w - 1, Math.max(0, x))]!;
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) tmp[y * w + x] = k.reduce((s, kv, i) => s + kv * at(img, y, x + i - r), 0) / ks;
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) dst[y * w + x] = k.reduce((s, kv, i) => s + kv * at(tmp, y + i - r, x), 0) / ks;
}

function pixelate(img: Float32Array, dst: Float32Array, h: number, w: number, f: number): void {
  const sh = Math.max(1, Math.floor(h * f));
  const sw = Math.max(1, Math.floor(w * f));
  const sum = new Float64Array(sh * sw);
  const cnt = new Float64Array(sh * sw);
  const cell = (y: number, x: number): number => Math.floor((y * sh) / h) * sw + Math.floor((x * sw) / w);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const c = cell(y, x);
      sum[c] = sum[c]! + img[y * w + x]!;
      cnt[c] = cnt[c]! + 1;
    }
  }
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) dst[y * w + x] = sum[cell(y, x)]! / cnt[cell(y, x)]!;
}

/** Accuracy under one corruption at one severity. */
export interface CorruptionRow {
  readonly corruption: CorruptionName;
  readonly severity: number;
  readonly accuracy: number;
}

/**
 * Accuracy of a classifier under each corruption at each severity (plus severity 0 = clean).
 * @example `const rows = await corruptionAccuracy(model, x, y, { severities: [1, 3, 5] });`
 */
export async function corruptionAccuracy(model: Classifier, x: HostTensor, labels: HostTensor, opts: { corruptions?: readonly CorruptionName[]; severities?: readonly number[]; clip?: readonly [number, number]; seed?: number } = {}): Promise<CorruptionRow[]> {
  const rows = x.shape[0] ?? 0;
  const acc = async (t: HostTensor): Promise<number> => {
    const pred = argmax(await model.logits(t.data as Float32Array, rows), model.classes);
    let ok = 0;
    pred.forEach((p, i) => (ok += p === Number(labels.data[i]) ? 1 : 0));
    return ok / Math.max(1, rows);
  };
  const out: CorruptionRow[] = [];
  const clean = await acc(x);
  for (const name of opts.corruptions ?? CORRUPTIONS) {
    out.push({ corruption: name, severity: 0, accuracy: clean });
    for (const s of opts.severities ?? [1, 2, 3, 4, 5]) out.push({ corruption: name, severity: s, accuracy: await acc(corrupt(x, name, s, { ...(opts.clip ? { clip: opts.clip } : {}), seed: opts.seed ?? 0 })) });
  }
  return out;
}
