// Statistics: pooling is exact, and the t distribution and Welch's test match scipy 1.17.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  normalUpperTail,
  poolQuantile,
  poolSummaries,
  relativeChange,
  runLevelPSlower,
  sampleSd,
  studentTQuantile,
  studentTUpperTail,
  welchTest,
} from '../../../core/report/stats.ts';

const close = (actual: number, expected: number, tolerance = 1e-9) =>
  assert.ok(Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)), `${actual} ≠ ${expected}`);

test('pooling two rounds gives the mean and variance of the concatenated samples', () => {
  // Round A = [1, 2, 3, 4], round B = [10, 12]; concatenated: mean 16/3, sample variance 62/3 (numpy ddof=1).
  const pooled = poolSummaries([
    { n: 4, mean: 2.5, sd: Math.sqrt(5 / 3) },
    { n: 2, mean: 11, sd: Math.sqrt(2) },
  ]);
  assert.equal(pooled.n, 6);
  close(pooled.mean, 16 / 3);
  close(pooled.sd ** 2, 62 / 3);
});

test('pooling is not an average of averages', () => {
  const pooled = poolSummaries([
    { n: 90, mean: 100, sd: 0 },
    { n: 10, mean: 200, sd: 0 },
  ]);
  close(pooled.mean, 110);
  // 90·10² + 10·90² = 90000 over 99.
  close(pooled.sd ** 2, 90000 / 99);
});

test('pooled quantiles are sample-count weighted', () => {
  assert.equal(
    poolQuantile([
      { n: 30, value: 10 },
      { n: 10, value: 30 },
    ]),
    15,
  );
});

test('Student t tails and quantiles match scipy.stats.t', () => {
  close(2 * studentTUpperTail(2.0, 10), 0.07338803477074037, 1e-10);
  close(studentTUpperTail(1.5, 3.7), 0.10679908460100675, 1e-10);
  close(studentTUpperTail(5, 1.2), 0.04763824890673786, 1e-9);
  close(studentTUpperTail(-2.0, 10), 1 - 0.07338803477074037 / 2, 1e-10);
  close(studentTQuantile(0.975, 10), 2.228138851986274, 1e-9);
  close(studentTQuantile(0.975, 57.3), 2.002238268231336, 1e-9);
});

test("Welch's test matches scipy.stats.ttest_ind_from_stats(equal_var=False)", () => {
  // scipy: ttest_ind_from_stats(100, 10, 30, 108, 12, 25, equal_var=False) → t = −2.6529…, p = 0.010859…
  const result = welchTest({ n: 25, mean: 108, sd: 12 }, { n: 30, mean: 100, sd: 10 });
  close(result.t, -2.652946129712291, 1e-10);
  close(result.pTwoSided, 0.010859690988458012, 1e-9);
  const slower = welchTest({ n: 30, mean: 100, sd: 10 }, { n: 25, mean: 108, sd: 12 });
  close(slower.pGreater, 0.005429845494229006, 1e-9);
});

test('zero spread: a difference is certain, no difference is none', () => {
  assert.equal(welchTest({ n: 5, mean: 1, sd: 0 }, { n: 5, mean: 2, sd: 0 }).pTwoSided, 0);
  assert.equal(welchTest({ n: 5, mean: 1, sd: 0 }, { n: 5, mean: 1, sd: 0 }).pTwoSided, 1);
  assert.throws(() => welchTest({ n: 1, mean: 1, sd: 0 }, { n: 5, mean: 1, sd: 1 }), /n ≥ 2/);
});

test('relative change: estimate, and a 95% interval on the log ratio (delta method, Welch df)', () => {
  const change = relativeChange({ n: 30, mean: 100, sd: 10 }, { n: 25, mean: 108, sd: 12 });
  close(change.estimate, 0.08);
  // scipy: t.ppf(0.975, df) with df = 48.897 from the relative variances; exp(ln 1.08 ∓ t·se) − 1.
  close(change.low, 0.019346553124983012, 1e-8);
  close(change.high, 0.14426246542375543, 1e-8);
  close(change.pTwoSided, 0.010859690988458012, 1e-9);
});

test('a very noisy change never reaches below −100%', () => {
  const change = relativeChange({ n: 3, mean: 100, sd: 150 }, { n: 3, mean: 50, sd: 80 });
  // scipy, as above: df = 3.98345 from the relative variances, exp(ln 0.5 ∓ t.ppf(0.975, df)·se) − 1
  close(change.low, -0.9852206777597116, 1e-8);
  close(change.high, 15.915525349227469, 1e-8);
  assert.ok(change.low > -1);
});

test('run-level test: pooled t with runs as the unit, or a prediction t for one new run (scipy)', () => {
  // k = 5 baseline runs (sd 2) vs m = 3 current runs (sd 3), +10: scipy t.sf(10/se, 6) = 0.000600999…
  close(runLevelPSlower({ n: 5, mean: 100, sd: 2 }, { n: 3, mean: 110, sd: 3 }), 0.000600999581947306, 1e-9);
  // One current run: se = 2·√(1 + 1/5), df = 4: scipy t.sf(10/se, 4) = 0.005152…
  close(runLevelPSlower({ n: 5, mean: 100, sd: 2 }, { n: 1, mean: 110, sd: 0 }), 0.00515238180781382, 1e-9);
  assert.equal(runLevelPSlower({ n: 3, mean: 100, sd: 0 }, { n: 1, mean: 101, sd: 0 }), 0);
  assert.throws(() => runLevelPSlower({ n: 1, mean: 100, sd: 0 }, { n: 1, mean: 101, sd: 0 }), /k ≥ 2/);
  // a known session spread widens the test and, taken as known, raises the degrees of freedom (scipy: t.sf(10/8.66154, 3697.25))
  close(runLevelPSlower({ n: 5, mean: 100, sd: 2 }, { n: 3, mean: 110, sd: 3 }, 0.06), 0.12417888194599172, 1e-6);
  // the normal tail past df 1e5 (scipy: norm.sf(4.0), norm.sf(-1), norm.sf(0.5))
  close(normalUpperTail(4.0), 3.167124183311986e-5, 1e-8);
  close(normalUpperTail(-1), 0.8413447460685429, 1e-7);
  close(normalUpperTail(0.5), 0.3085375387259869, 1e-7);
  close(studentTUpperTail(0.5, 1e9), 0.3085375387259869, 1e-7);
  close(sampleSd([100, 110, 120]), 10);
});
