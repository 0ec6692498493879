// Intervals for the few values a run gives per bench (one per fork and round): a distribution-free
// interval for the median from order statistics, a percentile bootstrap, and Student's t interval of
// a mean. Checked against scipy in test/core/report/intervals.test.ts.
import { seededRandom } from '../random.ts';
import { studentTQuantile } from './stats.ts';

/** An estimate with its interval; `coverage` is the interval's actual confidence where it is known exactly. */
export interface Interval {
  estimate: number;
  low: number;
  high: number;
  n: number;
  coverage: number;
}

/**
 * Half the width of a ratio's interval on the log scale (ln(high / low) / 2), or null where the
 * interval is not a finite range of positive ratios (one fork, an unpaired side with no spread).
 */
export function logHalfWidth(ratio: Interval): number | null {
  return ratio.low > 0 && Number.isFinite(ratio.high) && ratio.high >= ratio.low ? Math.log(ratio.high / ratio.low) / 2 : null;
}

/** Linear-interpolation quantile of sorted values (numpy's default, Hyndman–Fan type 7). */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

export function medianOf(values: readonly number[]): number {
  return quantileSorted(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

/** P(X ≤ k) for X ~ Binomial(n, p). */
export function binomialCdf(k: number, n: number, p = 0.5): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  let term = (1 - p) ** n; // P(X = 0)
  let sum = term;
  for (let i = 1; i <= k; i++) {
    term *= ((n - i + 1) / i) * (p / (1 - p));
    sum += term;
  }
  return Math.min(1, sum);
}

/**
 * The median with a distribution-free interval [x(k), x(n−k+1)] (order statistics, 1-based): its
 * coverage is 1 − 2·P(B ≤ k−1) for B ~ Binomial(n, ½), whatever the distribution. The narrowest
 * such interval with coverage ≥ `confidence`; with too few values for that (n ≤ 5 at 95%), the
 * widest one, [min, max], and its real coverage (75% for 3 values, 93.75% for 5).
 */
export function medianInterval(values: readonly number[], confidence = 0.95): Interval {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return { estimate: NaN, low: NaN, high: NaN, n: 0, coverage: 0 };
  let k = 1;
  while (k + 1 <= n - k && 1 - 2 * binomialCdf(k, n) >= confidence) k += 1;
  const coverage = n === 1 ? 0 : 1 - 2 * binomialCdf(k - 1, n);
  return { estimate: quantileSorted(sorted, 0.5), low: sorted[k - 1]!, high: sorted[n - k]!, n, coverage };
}

/**
 * The 20%-trimmed mean with its Tukey–McLaughlin interval (Yuen's): g = ⌊0.2·n⌋ values dropped at
 * each end for the estimate, the same ones pulled in to their neighbours (winsorized) for the
 * standard error s_w / ((1 − 2·0.2)·√n), Student's t with n − 2g − 1 degrees of freedom. One or two
 * outlying forks in ten move it little, where they drag a mean and widen its t interval; under five
 * values nothing is trimmed and it is Student's t interval of the mean. Checked against scipy's
 * mstats.trimmed_mean_ci.
 */
export function trimmedMeanInterval(values: readonly number[], confidence = 0.95, trim = 0.2): Interval {
  const n = values.length;
  const g = Math.floor(trim * n);
  if (g === 0) return tMeanInterval(values, confidence);
  const sorted = [...values].sort((a, b) => a - b);
  const kept = sorted.slice(g, n - g);
  const estimate = kept.reduce((a, b) => a + b, 0) / kept.length;
  const winsorized = sorted.map((v, i) => (i < g ? sorted[g]! : i >= n - g ? sorted[n - g - 1]! : v));
  const wMean = winsorized.reduce((a, b) => a + b, 0) / n;
  const sw = Math.sqrt(winsorized.reduce((a, b) => a + (b - wMean) ** 2, 0) / (n - 1));
  const half = studentTQuantile(1 - (1 - confidence) / 2, kept.length - 1) * (sw / ((1 - 2 * trim) * Math.sqrt(n)));
  return { estimate, low: estimate - half, high: estimate + half, n, coverage: confidence };
}

/**
 * Percentile bootstrap interval of `statistic` over resamples of `values` (seeded, so the same data
 * always gives the same interval). With n ≤ 2 the interval is the range of the values.
 */
export function bootstrapInterval(
  values: readonly number[],
  statistic: (sample: readonly number[]) => number,
  options: { confidence?: number; resamples?: number; seed?: number } = {},
): Interval {
  const n = values.length;
  const confidence = options.confidence ?? 0.95;
  if (n === 0) return { estimate: NaN, low: NaN, high: NaN, n: 0, coverage: 0 };
  const estimate = statistic(values);
  // One value says nothing about its spread; two bound it by their range.
  if (n === 1) return { estimate, low: -Infinity, high: Infinity, n, coverage: NaN };
  if (n === 2) return { estimate, low: Math.min(...values), high: Math.max(...values), n, coverage: NaN };
  const random = seededRandom(options.seed ?? 0x5eed);
  const resamples = options.resamples ?? 2000;
  const stats = new Float64Array(resamples);
  const sample = new Array<number>(n);
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < n; i++) sample[i] = values[Math.floor(random() * n)]!;
    stats[b] = statistic(sample);
  }
  stats.sort();
  const alpha = 1 - confidence;
  return {
    estimate,
    low: quantileSorted(stats as unknown as number[], alpha / 2),
    high: quantileSorted(stats as unknown as number[], 1 - alpha / 2),
    n,
    coverage: NaN,
  };
}

/**
 * Percentile bootstrap interval of statistic(a) − statistic(b) for two independent samples: each
 * side is resampled on its own (seeded). With ≤ 2 values on a side its extremes bound the interval.
 */
export function bootstrapDifference(
  a: readonly number[],
  b: readonly number[],
  statistic: (sample: readonly number[]) => number,
  options: { confidence?: number; resamples?: number; seed?: number } = {},
): Interval {
  const n = Math.min(a.length, b.length);
  if (n === 0) return { estimate: NaN, low: NaN, high: NaN, n: 0, coverage: 0 };
  const estimate = statistic(a) - statistic(b);
  const random = seededRandom(options.seed ?? 0x5eed);
  const resamples = options.resamples ?? 2000;
  const stats: number[] = [];
  const draw = (values: readonly number[]) => Array.from({ length: values.length }, () => values[Math.floor(random() * values.length)]!);
  for (let r = 0; r < resamples; r++) stats.push(statistic(draw(a)) - statistic(draw(b)));
  stats.sort((x, y) => x - y);
  const alpha = 1 - (options.confidence ?? 0.95);
  return { estimate, low: quantileSorted(stats, alpha / 2), high: quantileSorted(stats, 1 - alpha / 2), n, coverage: NaN };
}

/** Student's t interval of the mean (a single value has an unbounded one: it says nothing about the spread). */
export function tMeanInterval(values: readonly number[], confidence = 0.95): Interval {
  const n = values.length;
  if (n === 0) return { estimate: NaN, low: NaN, high: NaN, n: 0, coverage: 0 };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { estimate: mean, low: -Infinity, high: Infinity, n, coverage: confidence };
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  const half = studentTQuantile(1 - (1 - confidence) / 2, n - 1) * (sd / Math.sqrt(n));
  return { estimate: mean, low: mean - half, high: mean + half, n, coverage: confidence };
}
