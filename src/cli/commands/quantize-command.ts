import { Option, type Command } from 'commander';
import { PLACEMENTS, QUANTIZE_MODES } from '../../efficiency/index.js';
import { nonNegativeInt, positiveFloat, positiveInt } from '../options.js';
import type { Runner } from './index.js';
import { quantizeCommand } from './quantize.js';

/** `keel quantize`. */
export function registerQuantize(program: Command, run: Runner): void {
  program
    .command('quantize')
    .description('int8 quantization (dynamic, or static with calibration data) placed by measurement on this CPU, or float16 conversion of an ONNX model, checked on held-out rows')
    .requiredOption('--model <path>', 'ONNX model')
    .requiredOption('--out <path>', 'quantized ONNX model')
    .addOption(new Option('--mode <mode>', 'dynamic: int8 MatMul/Gemm weights; static: int8 Conv/MatMul/Gemm with calibrated activations (QDQ); fp16: float16 weights and activations, float32 inputs/outputs').choices(QUANTIZE_MODES).default('static'))
    .addOption(new Option('--placement <how>', 'auto: time each node in float32 and int8 here and keep float32 where int8 is not faster, then check the whole model; all: quantize every node it can').choices(PLACEMENTS).default('auto'))
    .option('--calibration <npy>', 'calibration rows shaped like the model input (static mode)')
    .option('--eval-x <npy>', 'held-out rows to compare the quantized model with the original')
    .option('--eval-y <npy>', 'labels of --eval-x (reports accuracy)')
    .option('--keep-fp32 <nodes>', 'comma list of Conv/MatMul/Gemm node names (or first-conv) to leave float32; the file then records the onnxruntime setting it runs fastest with', (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .option('--reduce-range', '7-bit weights (default: picked from the CPU: 7-bit without VNNI/AMX, where AVX2 int8 kernels can saturate)')
    .option('--no-reduce-range', 'full 8-bit weights')
    .addOption(new Option('--time-batch <n>', 'batch size at which the placement is measured and both models are timed (0 with --placement all: skip timing)').argParser(nonNegativeInt('--time-batch')).default(256))
    .addOption(new Option('--threads <n>', 'intra-op threads for the timing').argParser(positiveInt('--threads')).default(1))
    .addOption(new Option('--min-speedup <x>', 'int8 only where (and if the whole model is) at least this much faster').argParser(positiveFloat('--min-speedup')).default(1.05))
    .option('--force', 'write the int8 model even when no placement is faster than float32', false)
    .option('--json <file>', 'write the report as JSON')
    .action(run(quantizeCommand, (o) => ({ inputs: [o.model, o.calibration, o.evalX, o.evalY], outputs: [o.out, o.json] })));
}
