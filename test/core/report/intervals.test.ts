// Intervals for a handful of per-fork values: order-statistic intervals of the median, the
// percentile bootstrap and Student's t, against scipy 1.10 (Debian's python3-scipy) and exact results.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  binomialCdf,
  bootstrapDifference,
  bootstrapInterval,
  medianInterval,
  medianOf,
  quantileSorted,
  tMeanInterval,
  trimmedMeanInterval,
} from '../../../core/report/intervals.ts';

const close = (actual: number, expected: number, tolerance = 1e-12) =>
  assert.ok(Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)), `${actual} ≠ ${expected}`);

test('binomial CDF matches scipy.stats.binom.cdf', () => {
  close(binomialCdf(2, 10), 0.0546875);
  close(binomialCdf(5, 20), 0.020694732666015625);
  close(binomialCdf(3, 7, 0.3), 0.873964);
  assert.equal(binomialCdf(-1, 5), 0);
  assert.equal(binomialCdf(5, 5), 1);
});

test('quantiles interpolate linearly like numpy.quantile', () => {
  const sorted = [3, 1, 4, 1, 5, 9, 2, 6].sort((a, b) => a - b);
  close(quantileSorted(sorted, 0.1), 1);
  close(quantileSorted(sorted, 0.5), 3.5);
  close(quantileSorted(sorted, 0.9), 6.9);
  assert.equal(medianOf([5, 1, 3]), 3);
});

test('the median interval is the narrowest order-statistic interval with ≥ 95% coverage, else the range with its real coverage', () => {
  // scipy: the largest k with 1 − 2·binom.cdf(k − 1, n, ½) ≥ 0.95, and that coverage.
  const expected: Array<[number, number, number]> = [
    [3, 1, 0.75],
    [5, 1, 0.9375],
    [6, 1, 0.96875],
    [8, 1, 0.9921875],
    [10, 2, 0.978515625],
    [20, 6, 0.9586105346679688],
    [30, 10, 0.9572260547429323],
  ];
  for (const [n, k, coverage] of expected) {
    const values = Array.from({ length: n }, (_, i) => ((i * 7) % n) + 1); // 1..n shuffled
    const interval = medianInterval(values);
    assert.deepEqual([interval.low, interval.high], [k, n - k + 1], `n = ${n}`);
    close(interval.coverage, coverage);
    close(interval.estimate, (n + 1) / 2);
  }
  assert.deepEqual(medianInterval([]).n, 0);
  assert.deepEqual([medianInterval([7]).estimate, medianInterval([7]).coverage], [7, 0]);
});

test("Student's t interval of the mean matches scipy.stats.t.interval", () => {
  const interval = tMeanInterval([1.02, 0.97, 1.05, 1.1, 0.99, 1.01]);
  close(interval.low, 0.974710740332043, 1e-9);
  close(interval.high, 1.0719559263346239, 1e-9);
  assert.equal(interval.coverage, 0.95);
  assert.deepEqual([tMeanInterval([3]).low, tMeanInterval([3]).high], [-Infinity, Infinity]);
});

test('the bootstrap interval of a median of three or five values is their range (exact: each end has probability above 2.5%)', () => {
  // P(median of a resample = the smallest of 3) = 7/27; of 5: Σ_{k≥3} C(5,k)(1/5)^k(4/5)^(5−k) = 0.058.
  for (const values of [
    [0.9, 1.3, 1.1],
    [2, 5, 3, 4, 1],
  ]) {
    const interval = bootstrapInterval(values, medianOf, { seed: 42 });
    assert.deepEqual([interval.low, interval.high], [Math.min(...values), Math.max(...values)]);
  }
});

test('the bootstrap is seeded (same data, same interval) and agrees with the t interval on a large sample', () => {
  const values = Array.from({ length: 400 }, (_, i) => Math.sin(i * 12.9898) * 0.5 + 1);
  const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const a = bootstrapInterval(values, mean, { seed: 7, resamples: 4000 });
  const b = bootstrapInterval(values, mean, { seed: 7, resamples: 4000 });
  assert.deepEqual(a, b);
  const t = tMeanInterval(values);
  // For a mean of 400 values the percentile bootstrap and t intervals differ by sampling error only,
  // which only the bootstrap itself could tell exactly: a range on purpose.
  assert.ok(Math.abs((a.high - a.low) / (t.high - t.low) - 1) < 0.08, `${a.high - a.low} vs ${t.high - t.low}`);
  assert.ok(Math.abs(a.estimate - t.estimate) < 1e-12);
});

test('the two-sample bootstrap of 3 against 3 values spans the extreme differences of the medians', () => {
  const d = bootstrapDifference([10, 11, 12], [5, 6, 7], medianOf, { seed: 1 });
  assert.equal(d.estimate, 5);
  // A resampled median of 3 values is their smallest with probability 7/27 (two or three draws of it),
  // so 10 − 7 turns up in (7/27)² ≈ 6.7% of the 2000 resamples, past the 2.5% tail; 12 − 5 likewise.
  assert.deepEqual([d.low, d.high], [10 - 7, 12 - 5]);
});

test("the 20%-trimmed mean and Yuen's interval match scipy's mstats.trimmed_mean_ci", () => {
  // scipy 1.10: mstats.trimmed_mean(x, limits=(0.2, 0.2)) and mstats.trimmed_mean_ci(x, limits=(0.2, 0.2)).
  const cases: Array<[number[], number, number, number]> = [
    // ten forks' log ratios with two outlying ones (+53%, +50%): the mean would be 0.168
    [[0.03, 0.1, 0.07, 0.09, -0.07, 0.53, 0.12, 0.28, 0.5, 0.03], 0.115, -0.03042108033, 0.26042108033],
    [[0.1, 0.12, 0.5, 0.08, 0.11], 0.11, 0.077929920041, 0.142070079959],
    [[0.02, 0.05, 0.01, 0.9, 0.03, 0.04, -0.6], 0.03, -0.000293499661, 0.060293499661],
    [[0.2, 0.1, 0.15, 0.12, 0.3, 0.11], 0.145, 0.052706347569, 0.237293652431],
  ];
  for (const [values, estimate, low, high] of cases) {
    const interval = trimmedMeanInterval(values);
    assert.ok(Math.abs(interval.estimate - estimate) < 1e-9, `${values}: ${interval.estimate}`);
    assert.ok(Math.abs(interval.low - low) < 1e-7 && Math.abs(interval.high - high) < 1e-7, `${values}: ${interval.low} … ${interval.high}`);
    assert.equal(interval.n, values.length);
  }
  // Under five values nothing is trimmed: Student's t interval of the mean, exactly.
  assert.deepEqual(trimmedMeanInterval([1.02, 0.97, 1.05, 1.1]), tMeanInterval([1.02, 0.97, 1.05, 1.1]));
});
