import { Rng, UsageError } from '../../core/index.js';
import { accuracyOf, checkTextLabels, predictTexts, type TextClassifier } from './text-classifier.js';

/** Character-level corruptions of text, as real typing, OCR and evasion produce them. */
export type TextCorruptionName = 'typo' | 'case' | 'homoglyph' | 'whitespace';

/** Every text corruption, in report order. */
export const TEXT_CORRUPTIONS: readonly TextCorruptionName[] = ['typo', 'case', 'homoglyph', 'whitespace'];

/** Share of eligible characters touched at severity 1..5. */
const RATES = [0.03, 0.06, 0.1, 0.15, 0.2] as const;

/** Neighbours on a QWERTY keyboard (typos hit an adjacent key). */
const KEYS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
function neighbours(c: string): string {
  const lower = c.toLowerCase();
  for (let r = 0; r < KEYS.length; r++) {
    const k = KEYS[r]!.indexOf(lower);
    if (k < 0) continue;
    const near = [KEYS[r]![k - 1], KEYS[r]![k + 1], KEYS[r - 1]?.[k], KEYS[r + 1]?.[k]].filter((x): x is string => x !== undefined);
    return near.join('');
  }
  return '';
}

/** Latin letters and the Cyrillic / Greek letters that look the same. */
export const HOMOGLYPHS: Readonly<Record<string, string>> = Object.freeze({
  a: 'а', c: 'с', e: 'е', i: 'і', j: 'ј', o: 'о', p: 'р', s: 'ѕ', x: 'х', y: 'у',
  A: 'А', B: 'В', C: 'С', E: 'Е', H: 'Н', I: 'І', K: 'К', M: 'М', N: 'Ν', O: 'О', P: 'Р', T: 'Т', X: 'Х', Y: 'Υ', Z: 'Ζ',
});

const isLetter = (c: string): boolean => /\p{L}/u.test(c);

function typo(chars: string[], rate: number, rng: Rng): string[] {
  const out: string[] = [];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (!isLetter(c) || rng.uniform() >= rate) {
      out.push(c);
      continue;
    }
    const kind = rng.int(4);
    const near = neighbours(c);
    if (kind === 0 && near.length > 0) {
      const n = near[rng.int(near.length)]!;
      out.push(c === c.toUpperCase() ? n.toUpperCase() : n);
    } else if (kind === 1) continue; // dropped
    else if (kind === 2) out.push(c, c);
    else if (i + 1 < chars.length) {
      out.push(chars[i + 1]!, c);
      i++;
    } else out.push(c);
  }
  return out;
}

/**
 * One corruption of one text at severity 1..5 (the share of letters, or of spaces, touched grows
 * from 3% to 20%), seeded. `typo`: adjacent-key substitutions, drops, doubles and swaps;
 * `case`: flipped letter case; `homoglyph`: Latin letters replaced by look-alike Cyrillic / Greek
 * ones; `whitespace`: spaces removed and spaces inserted inside words.
 *
 * @example
 * ```ts
 * corruptText('Free entry to win', 'homoglyph', 5, new Rng(1)); // 'Frее еntry tо win' (Cyrillic е, о)
 * ```
 */
export function corruptText(text: string, name: TextCorruptionName, severity: number, rng: Rng): string {
  if (!Number.isInteger(severity) || severity < 1 || severity > RATES.length) {
    throw new UsageError('TEXT_CORRUPTION_SEVERITY', `corruption severity must be an integer 1..${RATES.length}, got ${severity}`, { severity });
  }
  const rate = RATES[severity - 1]!;
  const chars = Array.from(text);
  switch (name) {
    case 'typo':
      return typo(chars, rate, rng).join('');
    case 'case':
      return chars.map((c) => (isLetter(c) && rng.uniform() < 2 * rate ? (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()) : c)).join('');
    case 'homoglyph':
      return chars.map((c) => (HOMOGLYPHS[c] !== undefined && rng.uniform() < 2 * rate ? HOMOGLYPHS[c] : c)).join('');
    case 'whitespace':
      return chars.map((c) => (c === ' ' ? (rng.uniform() < 2 * rate ? '' : c) : isLetter(c) && rng.uniform() < rate / 2 ? `${c} ` : c)).join('');
  }
}

/** Accuracy under one text corruption at one severity (0 = clean). */
export interface TextCorruptionRow {
  readonly corruption: TextCorruptionName;
  readonly severity: number;
  readonly accuracy: number;
}

/** Options of {@link textCorruptionCurve}. */
export interface TextCorruptionOptions {
  readonly corruptions?: readonly TextCorruptionName[];
  /** Default [1, 2, 3, 4, 5]. */
  readonly severities?: readonly number[];
  readonly seed?: number;
}

/**
 * Accuracy-under-corruption curve: the classifier's accuracy on the texts corrupted by each
 * corruption at each severity, with severity 0 (clean) first. Each (corruption, severity) uses its
 * own seeded stream, so a curve reproduces exactly.
 *
 * @example
 * ```ts
 * const rows = await textCorruptionCurve(clf, texts, labels, { severities: [1, 3, 5], seed: 0 });
 * ```
 */
export async function textCorruptionCurve(model: TextClassifier, texts: readonly string[], labels: ArrayLike<number>, opts: TextCorruptionOptions = {}): Promise<TextCorruptionRow[]> {
  const y = checkTextLabels(labels, texts.length, model.classes, 'text corruption');
  const clean = accuracyOf(await predictTexts(model, texts), y);
  const out: TextCorruptionRow[] = [];
  for (const name of opts.corruptions ?? TEXT_CORRUPTIONS) {
    out.push({ corruption: name, severity: 0, accuracy: clean });
    for (const s of opts.severities ?? [1, 2, 3, 4, 5]) {
      const rng = Rng.derive(opts.seed ?? 0, 'char-corruption', name, s);
      const corrupted = texts.map((t) => corruptText(t, name, s, rng));
      out.push({ corruption: name, severity: s, accuracy: accuracyOf(await predictTexts(model, corrupted), y) });
    }
  }
  return out;
}
