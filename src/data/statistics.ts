/**
 * Small, dependency-free statistics used by the checks and benchmarks: quantiles, the two-sample
 * Kolmogorov–Smirnov and Mann–Whitney U tests, Pearson's chi-square test of homogeneity, the population stability
 * index and multiple-testing corrections (Holm, Benjamini–Hochberg).
 */

/** Result of a hypothesis test. */
export interface TestResult {
  readonly statistic: number;
  readonly pValue: number;
}

/**
 * Quantile `q` ∈ [0,1] of an ascending array (linear interpolation, like numpy's default).
 *
 * @example
 * ```ts
 * quantileSorted(Float64Array.from([1, 2, 3, 4]), 0.5); // 2.5
 * ```
 */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Survival function of the Kolmogorov distribution, P(K > λ). */
function kolmogorovSurvival(lambda: number): number {
  if (lambda < 0.2) return 1;
  let sum = 0;
  for (let k = 1; k <= 100; k++) {
    const term = Math.exp(-2 * k * k * lambda * lambda);
    sum += (k % 2 === 1 ? 1 : -1) * term;
    if (term < 1e-12) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}

/**
 * Two-sample Kolmogorov–Smirnov test on ascending samples (asymptotic p-value with Stephens'
 * small-sample correction; conservative with ties).
 *
 * @example
 * ```ts
 * ksTwoSample(Float64Array.from([1, 2, 3]), Float64Array.from([4, 5, 6])).statistic; // 1
 * ```
 */
export function ksTwoSample(a: Float64Array, b: Float64Array): TestResult {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return { statistic: 0, pValue: 1 };
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n && j < m) {
    const x = Math.min(a[i]!, b[j]!);
    while (i < n && a[i]! <= x) i++;
    while (j < m && b[j]! <= x) j++;
    d = Math.max(d, Math.abs(i / n - j / m));
  }
  const en = Math.sqrt((n * m) / (n + m));
  return { statistic: d, pValue: kolmogorovSurvival((en + 0.12 + 0.11 / en) * d) };
}

function logGamma(x: number): number {
  const c = [76.18009172947146, -86.50532032941677, 24.01409824083091, -1.231739572450155, 0.001208650973866179, -5.395239384953e-6];
  let y = x;
  const tmp = x + 5.5 - (x + 0.5) * Math.log(x + 5.5);
  let ser = 1.000000000190015;
  for (const ci of c) ser += ci / ++y;
  return -tmp + Math.log((2.5066282746310005 * ser) / x);
}

/**
 * Regularized upper incomplete gamma function Q(s, x).
 *
 * @example
 * ```ts
 * gammaQ(1, 1); // e^-1 ≈ 0.3679
 * ```
 */
export function gammaQ(s: number, x: number): number {
  if (x <= 0) return 1;
  const lg = logGamma(s);
  if (x < s + 1) {
    let sum = 1 / s;
    let del = sum;
    for (let ap = s + 1; Math.abs(del) > Math.abs(sum) * 1e-15; ap++) {
      del *= x / ap;
      sum += del;
      if (ap > s + 1000) break;
    }
    return Math.max(0, 1 - sum * Math.exp(-x + s * Math.log(x) - lg));
  }
  let b = x + 1 - s;
  let c = 1e300;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - s);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < 1e-300) d = 1e-300;
    c = b + an / c;
    if (Math.abs(c) < 1e-300) c = 1e-300;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return Math.min(1, Math.exp(-x + s * Math.log(x) - lg) * h);
}

/**
 * Two-sided Mann–Whitney U test that two samples come from one distribution (normal
 * approximation with tie and continuity corrections, as scipy's default `asymptotic` method).
 * `statistic` is U of the first sample; below n₁n₂/2 means the first sample tends to be smaller.
 *
 * @example
 * ```ts
 * mannWhitneyU([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]).pValue; // ≈ 0.012
 * ```
 */
export function mannWhitneyU(a: readonly number[], b: readonly number[]): TestResult {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) return { statistic: 0, pValue: 1 };
  const all = [...a.map((v) => ({ v, first: true })), ...b.map((v) => ({ v, first: false }))].sort((x, y) => x.v - y.v);
  const n = all.length;
  let rankSum = 0;
  let ties = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && all[j + 1]!.v === all[i]!.v) j++;
    const rank = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) if (all[k]!.first) rankSum += rank;
    const t = j - i + 1;
    ties += t * t * t - t;
    i = j + 1;
  }
  const u = rankSum - (n1 * (n1 + 1)) / 2;
  const mean = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - ties / (n * (n - 1)));
  if (!(variance > 0)) return { statistic: u, pValue: 1 };
  const z = Math.max(0, Math.abs(u - mean) - 0.5) / Math.sqrt(variance);
  return { statistic: u, pValue: Math.min(1, gammaQ(0.5, (z * z) / 2)) };
}

/**
 * Pearson's chi-square test that two count vectors over the same categories come from one
 * distribution. Categories whose expected count is below 5 in either row are pooled first.
 *
 * @example
 * ```ts
 * chiSquareHomogeneity([50, 50], [50, 50]).pValue; // 1
 * ```
 */
export function chiSquareHomogeneity(a: readonly number[], b: readonly number[]): TestResult & { df: number } {
  const na = a.reduce((s, v) => s + v, 0);
  const nb = b.reduce((s, v) => s + v, 0);
  const total = na + nb;
  if (na === 0 || nb === 0) return { statistic: 0, pValue: 1, df: 0 };
  const minShare = Math.min(na, nb) / total;
  const cells: [number, number][] = [];
  let pool: [number, number] = [0, 0];
  a.forEach((ai, k) => {
    const bi = b[k] ?? 0;
    if ((ai + bi) * minShare < 5) pool = [pool[0] + ai, pool[1] + bi];
    else cells.push([ai, bi]);
  });
  if (pool[0] + pool[1] > 0) {
    if ((pool[0] + pool[1]) * minShare >= 5 || cells.length === 0) cells.push(pool);
    else {
      // Merge a too-small pool into the smallest regular category.
      let s = 0;
      cells.forEach((c, k) => (c[0] + c[1] < cells[s]![0] + cells[s]![1] ? (s = k) : 0));
      cells[s] = [cells[s]![0] + pool[0], cells[s]![1] + pool[1]];
    }
  }
  const df = cells.length - 1;
  if (df < 1) return { statistic: 0, pValue: 1, df: 0 };
  let stat = 0;
  for (const [ai, bi] of cells) {
    const col = ai + bi;
    const ea = (col * na) / total;
    const eb = (col * nb) / total;
    stat += (ai - ea) ** 2 / ea + (bi - eb) ** 2 / eb;
  }
  return { statistic: stat, pValue: gammaQ(df / 2, stat / 2), df };
}

/**
 * Population stability index Σ (a−e)·ln(a/e) over bin proportions (ε-floored at 1e-4).
 *
 * @example
 * ```ts
 * populationStabilityIndex([0.5, 0.5], [0.5, 0.5]); // 0
 * ```
 */
export function populationStabilityIndex(expected: readonly number[], actual: readonly number[]): number {
  let psi = 0;
  expected.forEach((e0, k) => {
    const e = Math.max(e0, 1e-4);
    const a = Math.max(actual[k] ?? 0, 1e-4);
    psi += (a - e) * Math.log(a / e);
  });
  return psi;
}

/** Multiple-testing corrections: family-wise (Holm), false discovery rate (BH) or none. */
export type Correction = 'holm' | 'bh' | 'none';

/**
 * Adjusted p-values for a family of tests.
 *
 * @example
 * ```ts
 * adjustPValues([0.01, 0.04], 'holm'); // [0.02, 0.04]
 * ```
 */
export function adjustPValues(p: readonly number[], method: Correction): number[] {
  const m = p.length;
  if (method === 'none' || m === 0) return [...p];
  const order = p.map((_, i) => i).sort((x, y) => p[x]! - p[y]!);
  const adj = new Array<number>(m).fill(1);
  if (method === 'holm') {
    let run = 0;
    order.forEach((idx, k) => {
      run = Math.max(run, Math.min(1, (m - k) * p[idx]!));
      adj[idx] = run;
    });
  } else {
    let run = 1;
    for (let k = m - 1; k >= 0; k--) {
      const idx = order[k]!;
      run = Math.min(run, (m * p[idx]!) / (k + 1));
      adj[idx] = Math.min(1, run);
    }
  }
  return adj;
}
