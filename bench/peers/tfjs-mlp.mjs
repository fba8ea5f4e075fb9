// tfjs + wasm backend training the benchmark MLP (784-256-256-10, Adam, batch 128). Prints one JSON line.
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

const require = createRequire(import.meta.url);
setWasmPaths(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + '/');
setThreadsCount(2);
await tf.setBackend('wasm');
await tf.ready();
const steps = Number(process.argv[2] ?? 30);
const bs = 128;
const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [784], units: 256, activation: 'relu' }), tf.layers.dense({ units: 256, activation: 'relu' }), tf.layers.dense({ units: 10 })] });
const opt = tf.train.adam(1e-3);
const x = tf.randomUniform([bs, 784]);
const y = tf.oneHot(tf.randomUniform([bs], 0, 10, 'int32'), 10);
const step = () => opt.minimize(() => tf.losses.softmaxCrossEntropy(y, model.predict(x)), true);
for (let i = 0; i < 3; i++) step().dispose();
const t0 = performance.now();
for (let i = 0; i < steps; i++) step().dispose();
const ms = (performance.now() - t0) / steps;
console.log(JSON.stringify({ engine: 'tfjs-wasm', backend: tf.getBackend(), ms_per_step: ms, samples_per_s: (bs * 1000) / ms }));
