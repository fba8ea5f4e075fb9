import { Option, type Command } from 'commander';
import { QUANTIZE_MODES } from '../../efficiency/index.js';
import type { Runner } from './index.js';
import { quantizeCommand } from './quantize.js';

/** `keel quantize`. */
export function registerQuantize(program: Command, run: Runner): void {
  program
    .command('quantize')
    .description('int8 quantization of an ONNX model (dynamic, or static with calibration data), checked on held-out rows')
    .requiredOption('--model <path>', 'ONNX model')
    .requiredOption('--out <path>', 'quantized ONNX model')
    .addOption(new Option('--mode <mode>', 'dynamic: MatMul/Gemm weights; static: Conv/MatMul/Gemm with calibrated activations (QDQ)').choices(QUANTIZE_MODES).default('static'))
    .option('--calibration <npy>', 'calibration rows shaped like the model input (static mode)')
    .option('--eval-x <npy>', 'held-out rows to compare the quantized model with the original')
    .option('--eval-y <npy>', 'labels of --eval-x (reports accuracy)')
    .option('--no-reduce-range', 'use full 8-bit weights (default 7-bit, which avoids saturation in AVX2 int8 kernels)')
    .option('--json <file>', 'write the report as JSON')
    .action(run(quantizeCommand));
}
