import { existsSync, readFileSync } from 'node:fs';
import { DataError } from '../core/index.js';
import { writeFileAtomic } from '../io/index.js';
import type { CallbackState, EpochLogs } from './callback.js';

/** Everything needed to continue training exactly where a completed epoch left off. */
export interface TrainState {
  /** Completed epochs. */
  readonly epoch: number;
  readonly steps: number;
  readonly lrScale: number;
  /** Training was stopped by a callback (early stopping): resuming does not train further. */
  readonly stopped: boolean;
  readonly history: readonly EpochLogs[];
  readonly params: Float32Array;
  readonly optimizer: readonly Float32Array[];
  readonly buffers: Float32Array;
  readonly callbacks: Readonly<Record<string, CallbackState>>;
}

const MAGIC = 'KEELCKPT1';

/**
 * Writes the state as one file (JSON header + float32 blocks) via temp file + rename, so a kill at
 * any moment leaves either the previous or the new checkpoint, never a torn one.
 * @example `saveTrainState('run/checkpoint.bin', state)`
 */
export function saveTrainState(path: string, s: TrainState): void {
  const blobs: Float32Array[] = [s.params, ...s.optimizer, s.buffers];
  const cbs: Record<string, { json: unknown; arrays: Record<string, number> }> = {};
  for (const [name, st] of Object.entries(s.callbacks)) {
    const arrays: Record<string, number> = {};
    for (const [k, v] of Object.entries(st.arrays ?? {})) {
      arrays[k] = blobs.length;
      blobs.push(v);
    }
    cbs[name] = { json: st.json, arrays };
  }
  const header = new TextEncoder().encode(JSON.stringify({ magic: MAGIC, epoch: s.epoch, steps: s.steps, lrScale: s.lrScale, stopped: s.stopped, history: s.history, optimizer: s.optimizer.length, callbacks: cbs, sizes: blobs.map((b) => b.length) }));
  const headLen = Math.ceil((header.length + 4) / 4) * 4;
  const total = headLen + blobs.reduce((a, b) => a + b.length * 4, 0);
  const out = new Uint8Array(total);
  new DataView(out.buffer).setUint32(0, header.length, true);
  out.set(header, 4);
  let off = headLen;
  for (const b of blobs) {
    out.set(new Uint8Array(b.buffer, b.byteOffset, b.byteLength), off);
    off += b.byteLength;
  }
  writeFileAtomic(path, out);
}

/** Reads a checkpoint written by {@link saveTrainState}; undefined when the file does not exist. */
export function loadTrainState(path: string): TrainState | undefined {
  if (!existsSync(path)) return undefined;
  const bytes = readFileSync(path);
  const len = bytes.readUInt32LE(0);
  let h: { magic: string; epoch: number; steps: number; lrScale: number; stopped: boolean; history: EpochLogs[]; optimizer: number; callbacks: Record<string, { json: unknown; arrays: Record<string, number> }>; sizes: number[] };
  try {
    h = JSON.parse(bytes.subarray(4, 4 + len).toString('utf8')) as typeof h;
  } catch (e) {
    throw new DataError('CHECKPOINT_CORRUPT', `${path}: not a Keel training checkpoint; delete it to start over`, { file: path }, { cause: e });
  }
  if (h.magic !== MAGIC) throw new DataError('CHECKPOINT_CORRUPT', `${path}: not a Keel training checkpoint (magic ${h.magic})`, { file: path });
  const blobs: Float32Array[] = [];
  let off = Math.ceil((len + 4) / 4) * 4;
  for (const n of h.sizes) {
    blobs.push(new Float32Array(bytes.buffer.slice(bytes.byteOffset + off, bytes.byteOffset + off + n * 4)));
    off += n * 4;
  }
  const callbacks: Record<string, CallbackState> = {};
  for (const [name, c] of Object.entries(h.callbacks)) {
    const arrays: Record<string, Float32Array> = {};
    for (const [k, i] of Object.entries(c.arrays)) arrays[k] = blobs[i]!;
    callbacks[name] = { json: c.json, arrays };
  }
  return { epoch: h.epoch, steps: h.steps, lrScale: h.lrScale, stopped: h.stopped, history: h.history, params: blobs[0]!, optimizer: blobs.slice(1, 1 + h.optimizer), buffers: blobs[1 + h.optimizer]!, callbacks };
}
