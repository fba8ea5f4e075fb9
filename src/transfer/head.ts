import { readFileSync } from 'node:fs';
import { UsageError } from '../core/index.js';
import { layersFromSpec, type Layer } from '../nn/index.js';
import { loadOnnx } from '../onnx/index.js';
import { graphHeadLayer } from './backbone.js';

/** Argument names of each layer call, in order (the `type` of a layer spec is the call's name). */
const ARGS: Readonly<Record<string, readonly string[]>> = {
  dense: ['units', 'activation'],
  conv2d: ['filters', 'kernel', 'activation'],
  dropout: ['rate'],
  activation: ['name'],
  batchnorm: [],
  layernorm: [],
  flatten: [],
  globalavgpool: [],
  maxpool2d: ['size'],
  avgpool2d: ['size'],
};

/** Splits on commas that are not inside parentheses. */
function topLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

/**
 * Parses a head written as layer calls, e.g. `dense(128, relu), dropout(0.2), dense(10)`, into a
 * model spec's layers (`dense(units[, activation])`, `conv2d(filters, kernel[, activation])`,
 * `dropout(rate)`, `activation(name)`, `batchnorm`, `layernorm`, `flatten`, `globalavgpool`,
 * `maxpool2d(size)`, `avgpool2d(size)`).
 * @example `headSpec('dense(10)') // { layers: [{ type: 'dense', units: 10 }] }`
 */
export function headSpec(text: string): { layers: Record<string, unknown>[] } {
  const layers = topLevel(text).map((call) => {
    const m = /^([a-z0-9]+)\s*(?:\((.*)\))?$/i.exec(call);
    const type = m?.[1]?.toLowerCase() ?? '';
    const names = ARGS[type];
    if (!m || !names) throw new UsageError('HEAD_SPEC', `--head: cannot read "${call}"; write layer calls such as dense(128, relu), dropout(0.2), dense(10) (known: ${Object.keys(ARGS).join(', ')})`, { call });
    const args = m[2] === undefined || m[2].trim() === '' ? [] : m[2].split(',').map((a) => a.trim());
    if (args.length > names.length) throw new UsageError('HEAD_SPEC', `--head: ${type} takes at most ${names.length} argument(s) (${names.join(', ')}), got "${call}"`, { call });
    const layer: Record<string, unknown> = { type };
    args.forEach((a, i) => (layer[names[i]!] = /^-?[\d.]+(e-?\d+)?$/i.test(a) ? Number(a) : a));
    return layer;
  });
  return { layers };
}

/**
 * The new head's layers from `--head`: layer calls (see {@link headSpec}), a JSON model spec
 * file, or an ONNX model (e.g. a probe trained on `keel embed` features) whose input must fit the cut.
 * @example `await readHead('dense(10)')`
 */
export async function readHead(head: string): Promise<Layer[]> {
  if (/\.onnx$/i.test(head)) return [graphHeadLayer((await loadOnnx(head)).graph, head)];
  if (/\.json$/i.test(head)) {
    let spec: unknown;
    try {
      spec = JSON.parse(readFileSync(head, 'utf8'));
    } catch (e) {
      throw new UsageError('HEAD_SPEC', `${head}: cannot read the head spec as JSON (${(e as Error).message})`, { file: head }, { cause: e });
    }
    return layersFromSpec(spec, head);
  }
  return layersFromSpec(headSpec(head), '--head');
}
