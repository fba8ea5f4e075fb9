// Keel's layers, checked by `npm run layers` (dependency-cruiser) in .ci/run.
// Each folder of src/ imports only folders of LOWER layers, and only through their index.ts.
// The order is written out in CONTRIBUTING.md ("Layout"); change both together.
const LAYERS = [
  ['core'],
  ['io', 'ir', 'figure'], // figure: the one renderer (SVG figures, escaping, palette)
  ['ops', 'datasets'],
  ['autodiff', 'onnx', 'optim'], // optim builds update graphs from ops; it runs nothing
  ['session'], // onnxruntime sessions and what predicting with a model file needs (no training code)
  ['runtime'],
  ['nn'],
  ['train'],
  ['model', 'transfer', 'tune', 'fairness'],
  ['explain', 'robust', 'efficiency', 'data', 'tune-objectives'], // tune-objectives: tuning objectives trained by the engine
  ['text', 'fairness-learners'], // text: tokenizers and text tables read through data; fairness-learners: engine-trained learners, fairness of models on raw tables
  ['report'],
  ['serve'],
  ['cli', 'public'],
];

const rank = new Map(LAYERS.flatMap((folders, i) => folders.map((f) => [f, i])));
const esc = (s) => s.replace(/[-]/g, '\\-');
const any = (folders) => `(${folders.map(esc).join('|')})`;

/**
 * One rule per folder: nothing from its own layer or above (other than itself). Unit tests beside
 * the source may use higher layers to exercise it (src/ops/gradients.test.ts runs graphs on the
 * runtime), still through index.ts and never from test/.
 */
const layerRules = [...rank.entries()].map(([folder, i]) => {
  const notBelow = [...rank.entries()].filter(([f, j]) => j >= i && f !== folder).map(([f]) => f);
  return {
    name: `layer-${folder}`,
    comment: `src/${folder} (layer ${i}) may import only folders of lower layers: ${LAYERS.slice(0, i).flat().join(', ') || 'none'}.`,
    severity: 'error',
    from: { path: `^src/${esc(folder)}/`, pathNot: '\\.test\\.ts$' },
    to: { path: `^src/${any(notBelow)}/` },
  };
});

export default {
  forbidden: [
    ...layerRules,
    {
      name: 'through-index',
      comment: "Another folder is imported only through its index.ts (src/index.ts re-exports src/public's entry points).",
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      to: { path: '^src/([^/]+)/.+', pathNot: ['^src/$1/', '^src/[^/]+/index\\.ts$'] },
    },
    {
      name: 'no-tensors-in-tune-and-fairness',
      comment: 'tune and fairness need no tensors: they import core (and figure, which draws) only (engine-backed fairness learners live in src/fairness-learners).',
      severity: 'error',
      from: { path: '^src/(tune|fairness)/' },
      to: { path: '^src/', pathNot: ['^src/(tune|fairness|core|figure)/'] },
    },
    {
      name: 'src-not-from-test',
      comment: 'Code and unit tests under src/ never import from test/ (test helpers there are for the tests under test/).',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^test/' },
    },
    {
      name: 'no-unknown-folder',
      comment: 'Every folder of src/ has a place in the layers above (add a new folder to LAYERS).',
      severity: 'error',
      from: { path: '^src/', pathNot: [`^src/${any([...rank.keys()])}/`, '^src/index\\.ts$'] },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
