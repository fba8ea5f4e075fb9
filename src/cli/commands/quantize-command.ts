import type { Command } from 'commander';
import { DEFAULT_MIN_SPEEDUP, PLACEMENTS, QUANTIZE_MODES } from '../../efficiency/index.js';
import { defineCommand } from '../define-command.js';
import type { FlagTable } from '../flags.js';
import { commaList, nonNegativeInt, positiveFloat, positiveInt } from '../options.js';
import { jsonFile } from '../output.js';
import { VOCABULARY } from '../vocabulary.js';
import type { Runner } from './index.js';
import { quantizeCommand, type QuantizeCommandOptions } from './quantize.js';

/** `keel quantize`'s flags. */
export const QUANTIZE_FLAGS: FlagTable<QuantizeCommandOptions> = {
  model: { flag: '--model <path>', help: 'ONNX model', required: true },
  out: { ...VOCABULARY.outFile, help: 'file: the quantized ONNX model', required: true },
  mode: { flag: '--mode <mode>', help: 'dynamic: int8 MatMul/Gemm and LSTM weights (LSTM as onnxruntime com.microsoft.DynamicQuantizeLSTM); static: int8 Conv/MatMul/Gemm with calibrated activations (QDQ); fp16: float16 weights and activations, float32 inputs/outputs', choices: QUANTIZE_MODES, default: 'static' },
  placement: { flag: '--placement <how>', help: 'auto: time each node in float32 and int8 here and keep float32 where int8 is not faster, then check the whole model; all: quantize every node it can', choices: PLACEMENTS, default: 'auto' },
  calibration: { flag: '--calibration <npy>', help: 'calibration rows shaped like the model input (static mode)' },
  evalData: { flag: '--eval-data <path>', help: 'held-out rows .npy to compare the quantized model with the original', deprecated: ['--eval-x'] },
  evalLabels: { flag: '--eval-labels <path>', help: 'labels of --eval-data (reports accuracy)', deprecated: ['--eval-y'] },
  keepFp32: { flag: '--keep-fp32 <nodes>', help: 'comma list of Conv/MatMul/Gemm/LSTM node names (or first-conv) to leave float32; the file then records the onnxruntime setting it runs fastest with', parse: commaList },
  reduceRange: { flag: '--reduce-range', help: '7-bit weights (default: picked from the CPU: 7-bit without VNNI/AMX, where AVX2 int8 kernels can saturate)', negatable: 'full 8-bit weights' },
  timeBatch: { flag: '--time-batch <n>', help: 'batch size at which the placement is measured and both models are timed (0 with --placement all: skip timing)', parse: nonNegativeInt('--time-batch'), default: 256 },
  threads: { ...VOCABULARY.threads, help: 'onnxruntime intra-op threads (also for the timing)', parse: positiveInt('--threads'), default: 1 },
  minSpeedup: { flag: '--min-speedup <x>', help: 'int8 only where (and if the whole model is) at least this much faster', parse: positiveFloat('--min-speedup'), default: DEFAULT_MIN_SPEEDUP },
  force: { flag: '--force', help: 'write the int8 model even when no placement is faster than float32', default: false },
  json: VOCABULARY.json,
};

/** `keel quantize`. */
export function registerQuantize(program: Command, run: Runner): void {
  defineCommand(program, run, {
    name: 'quantize',
    description: 'int8 quantization (dynamic, or static with calibration data) placed by measurement on this CPU, or float16 conversion of an ONNX model, checked on held-out rows',
    flags: QUANTIZE_FLAGS,
    runsModel: true,
    action: quantizeCommand,
    files: (o) => ({ inputs: [o.model, o.calibration, o.evalData, o.evalLabels], outputs: [o.out, jsonFile(o.json)] }),
  });
}
