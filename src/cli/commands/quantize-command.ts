import { Option, type Command } from 'commander';
import { QUANTIZE_MODES } from '../../efficiency/index.js';
import { nonNegativeInt } from '../options.js';
import type { Runner } from './index.js';
import { quantizeCommand } from './quantize.js';

/** `keel quantize`. */
export function registerQuantize(program: Command, run: Runner): void {
  program
    .command('quantize')
    .description('int8 quantization (dynamic, or static with calibration data) or float16 conversion of an ONNX model, checked on held-out rows')
    .requiredOption('--model <path>', 'ONNX model')
    .requiredOption('--out <path>', 'quantized ONNX model')
    .addOption(new Option('--mode <mode>', 'dynamic: int8 MatMul/Gemm weights; static: int8 Conv/MatMul/Gemm with calibrated activations (QDQ); fp16: float16 weights and activations, float32 inputs/outputs').choices(QUANTIZE_MODES).default('static'))
    .option('--calibration <npy>', 'calibration rows shaped like the model input (static mode)')
    .option('--eval-x <npy>', 'held-out rows to compare the quantized model with the original')
    .option('--eval-y <npy>', 'labels of --eval-x (reports accuracy)')
    .option('--keep-fp32 <nodes>', 'comma list of Conv/MatMul/Gemm node names (or first-conv) to leave float32; the file then records the onnxruntime setting it runs fastest with', (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .option('--no-reduce-range', 'use full 8-bit weights (default 7-bit, which avoids saturation in AVX2 int8 kernels)')
    .addOption(new Option('--time-batch <n>', 'time both models at this batch size (0: skip)').argParser(nonNegativeInt('--time-batch')).default(0))
    .option('--json <file>', 'write the report as JSON')
    .action(run(quantizeCommand, (o) => ({ inputs: [o.model, o.calibration, o.evalX, o.evalY], outputs: [o.out, o.json] })));
}
