export { RandomGenerator, hashKeys, randomSeed } from './random-generator.js';
