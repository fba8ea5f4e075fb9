import { readFileSync } from 'node:fs';
import { arch, cpus } from 'node:os';

/** The CPU instruction-set extensions that decide how onnxruntime's int8 kernels run. */
export const INT8_FLAGS = ['sse4_1', 'avx2', 'fma', 'avx512f', 'avx512bw', 'avx512_vnni', 'avx_vnni', 'amx_int8', 'amx_tile', 'asimddp', 'i8mm'] as const;

/** What Keel knows about the CPU it runs on. */
export interface CpuFeatures {
  readonly model: string;
  readonly arch: string;
  /** The {@link INT8_FLAGS} this CPU reports (empty when /proc/cpuinfo cannot be read). */
  readonly flags: readonly string[];
  /** Where the flags came from: `/proc/cpuinfo`, or `unknown` on systems without it. */
  readonly source: string;
  /** u8×s8 dot products without 16-bit saturation: AVX-512 VNNI, AVX-VNNI or AMX (x86), or sdot (Arm). */
  readonly int8DotProduct: boolean;
}

/**
 * Reads the CPU's model and int8-relevant flags from `/proc/cpuinfo` (Linux; elsewhere the flags
 * are empty and `source` says `unknown`).
 *
 * @example `const { flags, int8DotProduct } = cpuFeatures();`
 */
export function cpuFeatures(cpuinfo?: string): CpuFeatures {
  let text = cpuinfo;
  if (text === undefined) {
    try {
      text = readFileSync('/proc/cpuinfo', 'utf8');
    } catch {
      text = '';
    }
  }
  const line = (key: RegExp): string => text.split('\n').find((l) => key.test(l))?.split(':')[1]?.trim() ?? '';
  const all = new Set(line(/^(flags|Features)\s*:/).split(/\s+/));
  const flags = INT8_FLAGS.filter((f) => all.has(f));
  const has = (f: (typeof INT8_FLAGS)[number]): boolean => flags.includes(f);
  return {
    model: line(/^model name\s*:/) || cpus()[0]?.model || 'unknown',
    arch: arch(),
    flags,
    source: text ? '/proc/cpuinfo' : 'unknown',
    int8DotProduct: has('avx512_vnni') || has('avx_vnni') || has('amx_int8') || has('asimddp'),
  };
}

/** int8 settings Keel picks from the CPU's features, with the reason (kept in reports and file metadata). */
export interface Int8Settings {
  /** 7-bit weights (±63) instead of 8-bit. */
  readonly reduceRange: boolean;
  readonly reason: string;
}

/**
 * Picks `reduceRange`: x86 CPUs without a saturation-free int8 dot product (AVX2, AVX-512 without
 * VNNI) add u8×s8 pairs in 16 bits (VPMADDUBSW), which can overflow with full 8-bit weights, so
 * they get 7-bit weights; VNNI/AMX and Arm sdot accumulate in 32 bits and keep the full range.
 *
 * @example `const { reduceRange } = int8Settings(cpuFeatures());`
 */
export function int8Settings(cpu: CpuFeatures): Int8Settings {
  if (cpu.int8DotProduct) {
    const which = cpu.flags.filter((f) => f.includes('vnni') || f.startsWith('amx') || f === 'asimddp').join(', ');
    return { reduceRange: false, reason: `full 8-bit weights: the CPU has ${which} (int8 dot products accumulate in 32 bits, no saturation)` };
  }
  if (cpu.source === 'unknown') return { reduceRange: true, reason: '7-bit weights: the CPU features could not be read, so Keel assumes 16-bit int8 accumulation (AVX2)' };
  return { reduceRange: true, reason: '7-bit weights: without VNNI the CPU adds u8×s8 pairs in 16 bits (VPMADDUBSW), which full 8-bit weights can saturate' };
}
