import { UsageError } from '../../core/index.js';
import { readNpy, writeNpy } from '../../io/index.js';
import { readModelInput } from './model-input.js';
import { say, writeJson } from '../output.js';
import { ATTACK_NAMES, TEXT_ATTACK_NAMES, createAttack, createScoreOnlyAttack, GraphClassifier, argmax, checkClassLabels, isScoreOnly, modelScores, type Attack, type AttackName, type AttackSettings, type Classifier, type EnsembleResult, type Norm, type TextAttackName } from '../../robust/index.js';
import { Model } from '../../model/index.js';
import { cliNote } from '../report.js';
import { attackText } from './attack-text.js';
import { takesText } from './text-model-input.js';

const isTextAttackName = (a: string): a is TextAttackName => (TEXT_ATTACK_NAMES as readonly string[]).includes(a);

/** Options of `keel attack`. */
export interface AttackCommandOptions {
  readonly model: string;
  /** Inputs .npy. */
  readonly data: string;
  /** Labels .npy; a raw table may carry them in its target column instead. */
  readonly labels?: string | undefined;
  readonly attack: AttackName | TextAttackName;
  /** Perturbation budget ε (numeric inputs; required there). */
  readonly eps?: number;
  readonly norm?: Norm;
  readonly steps?: number;
  readonly stepSize?: number;
  readonly restarts?: number;
  /** Commander sets this to false for --no-random-start. */
  readonly randomStart?: boolean;
  readonly seed?: number;
  readonly clip?: readonly [number, number];
  readonly out: string;
  readonly json?: string;
  /** Text column of raw messages for a text model (default: the column it was trained on). */
  readonly text?: string;
  /** The text model's tokenizer.json (default: the one beside the model). */
  readonly tokenizer?: string;
  /** Text models: the label column. */
  readonly target?: string;
  /** Text models: attack only the first N messages. */
  readonly rows?: number;
  /** Greedy word attack: most word edits per message. */
  readonly budget?: number;
  /** Character corruptions: the severities of the curve (1–5). */
  readonly severities?: readonly number[];
}

/**
 * `keel attack`: runs one attack (or the ensemble) on an ONNX classifier and writes the
 * adversarial inputs (.npy) and a JSON summary with per-example outcomes; on a text model, the
 * greedy word attack or the character corruption curve on raw messages ({@link attackText}).
 * @example `await attackCommand({ model: 'cnn.onnx', data: 'x.npy', labels: 'y.npy', attack: 'pgd', eps: 0.1, out: 'adv.npy' })`
 */
export async function attackCommand(o: AttackCommandOptions): Promise<void> {
  // Never worse than onnxruntime: a score-only attack runs a model Keel cannot represent straight
  // on onnxruntime (one note); a gradient-based one stops with the typed UNSUPPORTED_OP.
  const loaded = await Model.loadForInference(o.model, { onNote: cliNote });
  if (!loaded.inferenceOnly && takesText(loaded.graph, o.text)) return attackText(o, loaded);
  const attackName = o.attack;
  if (isTextAttackName(attackName)) throw new UsageError('CLI_OPTION', `--attack ${attackName} attacks text models (keel train --text); ${o.model} takes numeric inputs: use one of ${ATTACK_NAMES.join(', ')}`, { flag: '--attack', value: attackName });
  if (o.eps === undefined) throw new UsageError('MISSING_OPTION', "required option '--eps <e>' not specified (see keel attack --help)", { option: 'eps' });
  const eps = o.eps;
  const input = await readModelInput(o.data, o.model);
  const x = input.x;
  const settings: AttackSettings = {
    ...(o.steps === undefined ? {} : { steps: o.steps }),
    ...(o.stepSize === undefined ? {} : { stepSize: o.stepSize }),
    ...(o.restarts === undefined ? {} : { restarts: o.restarts }),
    ...(o.randomStart === undefined ? {} : { randomStart: o.randomStart }),
  };
  const rowShape = x.shape.slice(1);
  let model: Classifier & { release(): Promise<void> };
  let attack: Attack;
  if (isScoreOnly(attackName) && loaded.inferenceOnly) {
    model = Object.assign(modelScores(loaded, { rowShape }), { release: () => loaded.release() });
    attack = createScoreOnlyAttack(attackName, model, settings);
  } else {
    const graphModel = GraphClassifier.fromModel(loaded, { rowShape });
    model = graphModel;
    attack = createAttack(attackName, graphModel, settings);
  }
  try {
    const y = o.labels === undefined ? input.labels : readNpy(o.labels);
    if (y === undefined) throw new UsageError('CLI_OPTION', `${o.data}: keel attack needs the true classes: pass --labels y.npy, or a raw table with the target column the model was trained on`, { file: o.data });
    const rows = x.shape[0] ?? 0;
    const labels = checkClassLabels(y, rows, model.classes);
    const r = await attack.perturb(x, y, { eps, norm: o.norm ?? 'linf', clip: o.clip ?? (input.tabular ? spanOf(x.data as Float32Array) : [0, 1]), seed: o.seed ?? 0 });
    const clean = argmax(await model.logits(x.dtype === 'float32' ? (x.data as Float32Array) : Float32Array.from(x.data as Float64Array), rows), model.classes);
    const cleanOk = clean.reduce((s, p, i) => s + (p === labels[i] ? 1 : 0), 0);
    const robustOk = r.predictions.reduce((s, p, i) => s + (p === labels[i] ? 1 : 0), 0);
    writeNpy(o.out, r.adversarial);
    const brokenBy = 'brokenBy' in r ? (r as EnsembleResult).brokenBy : undefined;
    const summary = {
      attack: o.attack,
      eps,
      norm: o.norm ?? 'linf',
      clean_accuracy: cleanOk / Math.max(1, rows),
      robust_accuracy: robustOk / Math.max(1, rows),
      ...('stages' in r ? { stages: (r as EnsembleResult).stages.map((s) => ({ attack: s.attack, newly_broken: s.newlyBroken, robust_accuracy: s.robustAccuracy, black_box: s.blackBox })) } : {}),
      per_example: Array.from(r.predictions, (p, i) => ({
        index: i,
        label: labels[i],
        clean_prediction: clean[i],
        adversarial_prediction: p,
        clean_correct: clean[i] === labels[i],
        robust: p === labels[i],
        ...(brokenBy ? { broken_by: brokenBy[i] } : {}),
      })),
    };
    if (o.json !== undefined) writeJson(o.json, summary);
    say(o.json, `${o.attack} eps=${eps}: clean accuracy ${summary.clean_accuracy.toFixed(4)}, robust accuracy ${summary.robust_accuracy.toFixed(4)}; wrote ${o.out}`);
  } finally {
    await model.release();
  }
}

/** The smallest box holding every encoded value: a raw table's default input box. */
function spanOf(v: Float32Array): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of v) {
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  return hi > lo ? [lo, hi] : [lo - 1, lo + 1];
}
