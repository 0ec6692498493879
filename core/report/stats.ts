// Statistics for the report layer, in one place: pooling rounds, Welch's t-test, the
// Student t distribution, and the confidence interval of a relative change.
// No statistics package is installed; these are the textbook formulas (Numerical
// Recipes' incomplete beta), checked in test/core/report/stats.test.ts against scipy.

/** A sample described by its size, mean and sample standard deviation (n − 1 denominator). */
export interface SampleSummary {
  n: number;
  mean: number;
  sd: number;
}

/**
 * Pools several samples of the same quantity into the sample you would get by
 * concatenating them: exact for the mean and variance (not an average of averages).
 * Variance = (Σ (nᵢ−1)·sᵢ² + Σ nᵢ·(mᵢ − M)²) / (N − 1).
 */
export function poolSummaries(parts: readonly SampleSummary[]): SampleSummary {
  const usable = parts.filter((p) => p.n > 0);
  const n = usable.reduce((sum, p) => sum + p.n, 0);
  if (n === 0) return { n: 0, mean: NaN, sd: NaN };
  const mean = usable.reduce((sum, p) => sum + p.n * p.mean, 0) / n;
  if (n === 1) return { n, mean, sd: 0 };
  const within = usable.reduce((sum, p) => sum + (p.n - 1) * p.sd * p.sd, 0);
  const between = usable.reduce((sum, p) => sum + p.n * (p.mean - mean) ** 2, 0);
  return { n, mean, sd: Math.sqrt((within + between) / (n - 1)) };
}

/**
 * Pools a quantile across rounds as the sample-count-weighted mean of the rounds'
 * quantiles. Records carry quantiles, not samples, so the exact pooled quantile is
 * unknowable; this estimate is exact when the rounds share one distribution and
 * stays between the rounds' values otherwise.
 */
export function poolQuantile(parts: ReadonlyArray<{ n: number; value: number }>): number {
  const n = parts.reduce((sum, p) => sum + p.n, 0);
  if (n === 0) return NaN;
  return parts.reduce((sum, p) => sum + p.n * p.value, 0) / n;
}

function logGamma(x: number): number {
  // Lanczos approximation (g = 7, n = 9), accurate to ~15 digits for x > 0.
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
    9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = c[0]!;
  for (let i = 1; i < 9; i++) sum += c[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Continued fraction for the incomplete beta function (modified Lentz). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return h;
}

/** Regularized incomplete beta function I_x(a, b). */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a;
  return 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

/** P(T > t) for Student's t with df degrees of freedom (df may be fractional, as in Welch's test). */
export function studentTUpperTail(t: number, df: number): number {
  if (!Number.isFinite(t)) return t > 0 ? 0 : 1;
  if (!(df > 0)) return NaN;
  // the t distribution is the normal one within 1e-5 here, and the beta function's arguments would be huge
  if (df > 1e5) return normalUpperTail(t);
  const tail = 0.5 * regularizedBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? tail : 1 - tail;
}

/** P(Z > z) for the standard normal: erfc(z/√2)/2 by Numerical Recipes' Chebyshev fit (relative error < 1.2e-7). */
export function normalUpperTail(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc =
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return z >= 0 ? erfc / 2 : 1 - erfc / 2;
}

/** The t value with P(T ≤ t) = p (bisection on the CDF; p in (0, 1)). */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`quantile probability must be in (0, 1), got ${p}`);
  if (p === 0.5) return 0;
  const target = 1 - p; // upper tail beyond the quantile
  let lo = -1;
  let hi = 1;
  while (studentTUpperTail(lo, df) < target) lo *= 2;
  while (studentTUpperTail(hi, df) > target) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, Math.abs(hi)); i++) {
    const mid = (lo + hi) / 2;
    if (studentTUpperTail(mid, df) > target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export interface WelchResult {
  /** (b.mean − a.mean) / standard error. */
  t: number;
  /** Welch–Satterthwaite degrees of freedom. */
  df: number;
  /** Standard error of b.mean − a.mean. */
  standardError: number;
  /** One-sided p-value for "b is greater than a". */
  pGreater: number;
  /** Two-sided p-value for "a and b differ". */
  pTwoSided: number;
}

/**
 * Welch's unequal-variance t-test of b against a. Each side needs n ≥ 2 (a side with
 * n = 1 has no spread to test with; callers decide what n to assume for it).
 * With zero spread on both sides the difference is either certain (p = 0) or none (p = 1).
 */
export function welchTest(a: SampleSummary, b: SampleSummary): WelchResult {
  if (a.n < 2 || b.n < 2) throw new RangeError(`Welch's test needs n ≥ 2 on both sides (got ${a.n} and ${b.n})`);
  const va = (a.sd * a.sd) / a.n;
  const vb = (b.sd * b.sd) / b.n;
  const standardError = Math.sqrt(va + vb);
  const diff = b.mean - a.mean;
  if (standardError === 0) {
    const certain = diff !== 0;
    return {
      t: diff === 0 ? 0 : diff > 0 ? Infinity : -Infinity,
      df: a.n + b.n - 2,
      standardError,
      pGreater: diff > 0 ? 0 : diff < 0 ? 1 : 0.5,
      pTwoSided: certain ? 0 : 1,
    };
  }
  const t = diff / standardError;
  const df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
  const upper = studentTUpperTail(Math.abs(t), df);
  return { t, df, standardError, pGreater: studentTUpperTail(t, df), pTwoSided: Math.min(1, 2 * upper) };
}

/** A relative change of b's mean against a's, with its confidence interval (fractions: 0.05 = +5%). */
export interface RelativeChange {
  estimate: number;
  low: number;
  high: number;
  /** Confidence level of [low, high], e.g. 0.95. */
  confidence: number;
  pTwoSided: number;
}

/**
 * Criterion-style change: b.mean / a.mean − 1, with a confidence interval built on the log
 * of the ratio (delta method: Var ln m ≈ s² / (n·m²)) and Welch–Satterthwaite degrees of
 * freedom, so the interval stays above −100% even for noisy, small samples.
 */
export function relativeChange(a: SampleSummary, b: SampleSummary, confidence = 0.95): RelativeChange {
  const test = welchTest(a, b);
  const ratio = b.mean / a.mean;
  const va = (a.sd * a.sd) / (a.n * a.mean * a.mean);
  const vb = (b.sd * b.sd) / (b.n * b.mean * b.mean);
  const logSe = Math.sqrt(va + vb);
  let halfWidth = 0;
  if (logSe > 0) {
    const df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
    halfWidth = studentTQuantile(1 - (1 - confidence) / 2, df) * logSe;
  }
  return {
    estimate: ratio - 1,
    low: Math.exp(Math.log(ratio) - halfWidth) - 1,
    high: Math.exp(Math.log(ratio) + halfWidth) - 1,
    confidence,
    pTwoSided: test.pTwoSided,
  };
}

/**
 * One-sided p-value for "the current runs are slower than the baseline runs", with runs as
 * the sample unit: the baseline's k run values (mean, sd) against the current m run values.
 * m ≥ 2: pooled-variance t-test, df = k + m − 2. m = 1: the current run is a new observation
 * of the baseline's distribution (prediction t), se = sd·√(1 + 1/k), df = k − 1. Needs k ≥ 2.
 *
 * `sessionCv`: the spread of a whole session (all runs of one sitting) relative to the figure. Runs
 * of one sitting share the machine's state, so their spread understates how far two sittings
 * differ; each side then adds a session effect of sd sessionCv × baseline, a variance taken as
 * known, so the degrees of freedom grow with its share (Welch–Satterthwaite).
 */
export function runLevelPSlower(baseline: SampleSummary, current: SampleSummary, sessionCv = 0): number {
  const k = baseline.n;
  const m = current.n;
  if (k < 2 || m < 1) throw new RangeError(`the run-level test needs k ≥ 2 baseline runs and a current run (got k = ${k}, m = ${m})`);
  let se: number;
  let df: number;
  if (m >= 2) {
    const pooledVariance = ((k - 1) * baseline.sd ** 2 + (m - 1) * current.sd ** 2) / (k + m - 2);
    se = Math.sqrt(pooledVariance * (1 / k + 1 / m));
    df = k + m - 2;
  } else {
    se = baseline.sd * Math.sqrt(1 + 1 / k);
    df = k - 1;
  }
  if (sessionCv > 0) {
    const runVariance = se ** 2;
    const sessionVariance = 2 * (sessionCv * baseline.mean) ** 2;
    se = Math.sqrt(runVariance + sessionVariance);
    df = runVariance === 0 ? Infinity : (runVariance + sessionVariance) ** 2 / (runVariance ** 2 / df);
  }
  const diff = current.mean - baseline.mean;
  if (se === 0) return diff > 0 ? 0 : diff < 0 ? 1 : 0.5;
  return studentTUpperTail(diff / se, df);
}

/** Sample standard deviation (n − 1); 0 for fewer than two values. */
export function sampleSd(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
}
