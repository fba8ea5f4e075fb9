import { GraphError, UsageError } from '../core/index.js';
import { liveNodes, type Graph, type Value } from '../ir/index.js';
import { batchNormStatistics } from '../train/index.js';

/** Levenshtein distance (case-insensitive). */
function distance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    for (let j = 1; j <= t.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (s[i - 1] === t[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[t.length]!;
}

/**
 * The `k` candidates closest to `name` (substring matches first, then edit distance).
 * @example `nearestNames('layer4', ['layer1.0', 'layer4.1', 'fc']) // ['layer4.1', ...]`
 */
export function nearestNames(name: string, candidates: Iterable<string>, k = 5): string[] {
  const low = name.toLowerCase();
  const score = (c: string): number => (c.toLowerCase().includes(low) ? 0 : 1000) + distance(name, c);
  return [...new Set(candidates)].sort((a, b) => score(a) - score(b) || a.localeCompare(b)).slice(0, k);
}

/** `*` matches any run of characters, `?` one character; everything else is literal. */
export function globToRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

/** The trainable weights of a graph: float32 initializers that are not BatchNorm statistics. */
export function weightNames(graph: Graph): string[] {
  const stats = batchNormStatistics(graph);
  return graph.initializers.filter((v) => v.dtype === 'float32' && !stats.has(v.name)).map((v) => v.name);
}

/** A node by its name or by the name of one of its outputs; unknown names are a typed error listing the nearest. */
export function findValue(graph: Graph, name: string): Value {
  for (const n of graph.nodes) if (n.name === name) return n.outputs[0]!;
  for (const n of graph.nodes) for (const o of n.outputs) if (o.name === name) return o;
  const known = graph.nodes.flatMap((n) => [n.name, ...n.outputs.map((o) => o.name)]);
  throw new GraphError('NODE_NOT_FOUND', `no node or value named "${name}" in the model; nearest: ${nearestNames(name, known).join(', ')}`, { name, nearest: nearestNames(name, known) });
}

/** The weights (trainable initializers) that the nodes up to and including `value`'s producer read. */
export function weightsUpTo(graph: Graph, value: Value): Set<string> {
  const weights = new Set(weightNames(graph));
  const out = new Set<string>();
  for (const n of liveNodes(graph, [value])) for (const v of n.inputs) if (v?.kind === 'initializer' && weights.has(v.name)) out.add(v.name);
  return out;
}

/**
 * Weight names selected by comma-separated patterns: an exact name, a glob (`layer1.*`, `'*'`
 * for all), or `upto:NODE` (every weight read by the nodes up to and including NODE). Each
 * pattern must match something (typed error with the nearest names).
 *
 * @example `selectWeights(graph, 'conv1.*,layer1.*')`
 */
export function selectWeights(graph: Graph, patterns: string, candidates: readonly string[] = weightNames(graph)): Set<string> {
  const out = new Set<string>();
  for (const raw of patterns.split(',').map((p) => p.trim()).filter((p) => p.length > 0)) {
    if (raw.startsWith('upto:')) {
      for (const w of weightsUpTo(graph, findValue(graph, raw.slice(5)))) out.add(w);
      continue;
    }
    const re = globToRegExp(raw);
    const hit = candidates.filter((c) => re.test(c));
    if (hit.length === 0) throw new UsageError('FREEZE_NO_MATCH', `the pattern "${raw}" matches no weight of the model; nearest weight names: ${nearestNames(raw.replace(/[*?]/g, ''), candidates).join(', ')} (use * as a wildcard, or upto:NODE)`, { pattern: raw });
    for (const h of hit) out.add(h);
  }
  return out;
}
