export { bundledDataDir, loadMnist, type ImageSplit } from './bundled.js';
