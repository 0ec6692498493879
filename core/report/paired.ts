// Ratios between two targets, paired by round: a round measures a bench on every target back to
// back, so whatever the machine did then, it did to both, and the ratio formed within the round
// carries none of it. The rounds' ratios are then summed up with their uncertainty (an interval
// over rounds), and a verdict says whether the difference stands out of the noise band measured
// with A/A runs (a target against itself).
import { seedFrom } from '../random.ts';
import { bootstrapDifference, bootstrapInterval, medianOf, tMeanInterval, trimmedMeanInterval, type Interval } from './intervals.ts';
import { DEFAULT_DRIFT_THRESHOLD } from './drift.ts';
import { MIN_USABLE, usableObservations, type Observation, type PooledBench } from './pool.ts';

/**
 * How the forks' ratios become one figure and an interval (on the log scale, so a mean is a
 * geometric mean of ratios):
 * - 'trimmed', the default: their 20%-trimmed mean with Yuen's interval (intervals.ts): from five
 *   forks on, the outermost fork on each side (two of ten) steps out of the figure and only widens
 *   the spread. Forks of one runtime differ by tens of percent now and then (a process's JIT luck),
 *   and such a fork dragged the mean: two full runs' ratios agreed within ±5% on 55/65% of benches
 *   with the mean, 69/72% trimmed, with the same A/A and A/B verdicts (docs/decisions/schedule.md).
 *   With three or four forks, where a 20% trim drops nothing, their median (the middle of three is
 *   what a trim of one at each end leaves), with Student's t interval of their mean widened to hold
 *   it (smallSampleRatio);
 * - 'mean': the mean with Student's t interval at any number of forks (the default before);
 * - 'median': the median with a percentile bootstrap interval, which with so few values is the range
 *   of the middle ones (3 forks: their range, 75% coverage) and reported too many A/A differences.
 */
export const RATIO_METHODS = ['trimmed', 'mean', 'median'] as const;
export type RatioMethod = (typeof RATIO_METHODS)[number];

export interface RatioOptions {
  method?: RatioMethod;
  confidence?: number;
}

export interface RatioEstimate extends Interval {
  /** Whether the ratio was formed within rounds (false: medians of unpaired runs). */
  paired: boolean;
  method: RatioMethod;
}

export const DEFAULT_RATIO_METHOD: RatioMethod = 'trimmed';

/**
 * Observations of a and b from the same rounds: every such pair, contended ones included, but pairs
 * the machine slowed on one side more than on the other (the calibrations beside them: drift.ts) set
 * aside whenever a pair it did not slow so remains (at least three pairs are kept: the least
 * unevenly slowed make up the number). A pair slowed alike on both sides stays: in an A/A
 * campaign (2026-12-05) three forks read head/base 1.28, 1.23, 1.29 with steady calibrations and
 * two more 0.91 and 0.94 with both sides' calibrations 1.35–1.46× slow; setting those two aside
 * called the identical revisions 26–28% slower, keeping them leaves it unsure. A burst of a slower machine lasts a second or two on a bursty host,
 * shorter than a bench's turn on every target, so it slows one side of a pair, not both (a pair read
 * 353 µs against 88 µs with the calibration slow after the first only). Contention is another
 * matter: setting contended pairs aside cost more than it saved: in bench:compare on two cores
 * about 8 of 20 forks a side are marked (two node processes compete), and re-reading seven A/A and
 * A/B campaigns (2026-12-04/05, each bench stopped at its first sure verdict) caught 55 of 60
 * injected 10% slowdowns and called 4 of 300 unchanged comparisons different with them set aside,
 * 59 of 60 and 3 of 300 with every pair; cross-runtime shares of bench:stability moved by ±3 points
 * either way (docs/decisions/schedule.md).
 */
export function pairObservations(a: readonly Observation[], b: readonly Observation[]): Array<[Observation, Observation]> {
  const byKey = new Map(b.map((o) => [o.pairKey, o]));
  const pairs = a.flatMap((o): Array<[Observation, Observation]> => {
    const other = byKey.get(o.pairKey);
    return other === undefined ? [] : [[o, other]];
  });
  const steady = pairs.filter((p) => !unevenlySlowed(p));
  if (steady.length === 0) return pairs;
  if (steady.length >= MIN_USABLE || steady.length === pairs.length) return steady;
  // Fewer than three steady pairs: topped up with the least slowed, in their fork order. Two pairs
  // that happen to agree give a tight interval that means nothing (an unchanged bench in an A/B run read -4.2%
  // [-4.4% … -4.0%] "faster" from two of its five forks, the others 0.89-1.03).
  const added = new Set(
    pairs
      .filter((p) => !steady.includes(p))
      .sort((p, q) => unevenness(p) - unevenness(q))
      .slice(0, MIN_USABLE - steady.length),
  );
  return pairs.filter((p) => steady.includes(p) || added.has(p));
}

/**
 * Three or four forks' log ratios: their median, inside Student's t interval of their mean widened
 * to hold it. A quick run has three forks, and in about 30% of its bench turns on a bursty host one
 * target ran while the machine was slow (the calibration beside it >10% slower), by up to 8× on a
 * memory-bound bench (node constraint_compilation_50: 692 µs in one fork, 85 and 248 in the others);
 * the pairs rule keeps three pairs, so one such fork moved the mean by a third of its log. Two quick
 * runs' ratios agreed within ±5% on 26 / 23% of benches (bun/node, deno/node) with the mean and 48 /
 * 42% with the median, over the same records (README, "How reproducible this is"). The interval is
 * the mean's (the median always lies inside it with three or four values; the widening is a guard),
 * so no verdict is surer than the mean's interval allows.
 */
function smallSampleRatio(logs: readonly number[], confidence: number): Interval {
  const mean = tMeanInterval(logs, confidence);
  const estimate = medianOf(logs);
  return { ...mean, estimate, low: Math.min(mean.low, estimate), high: Math.max(mean.high, estimate) };
}

/** How much more the machine slowed one side of a pair than the other (their calibrations' slowdowns). */
function unevenness([x, y]: [Observation, Observation]): number {
  const a = 1 + Math.max(0, x.slowdown ?? 0);
  const b = 1 + Math.max(0, y.slowdown ?? 0);
  return Math.max(a, b) / Math.min(a, b) - 1;
}

/**
 * A pair the machine slowed on one side more than on the other, by more than the drift threshold:
 * its ratio carries the slowdown. Both sides slowed alike (a slow phase that lasted the whole turn)
 * leave a ratio that carries none of it, and the pair stays.
 */
function unevenlySlowed(pair: [Observation, Observation]): boolean {
  return (pair[0].machineSlow || pair[1].machineSlow) && unevenness(pair) > DEFAULT_DRIFT_THRESHOLD;
}

function summarizeLogs(logs: readonly number[], method: RatioMethod, confidence: number, seedText: string): Interval {
  const interval =
    method === 'mean'
      ? tMeanInterval(logs, confidence)
      : method === 'trimmed'
        ? logs.length === 3 || logs.length === 4
          ? smallSampleRatio(logs, confidence)
          : trimmedMeanInterval(logs, confidence)
        : bootstrapInterval(logs, medianOf, { confidence, seed: seedFrom(seedText) });
  return { ...interval, estimate: Math.exp(interval.estimate), low: Math.exp(interval.low), high: Math.exp(interval.high) };
}

/** a / b for one bench: paired within rounds when they share rounds, else the ratio of the medians over every resample of both. */
export function ratioBetween(a: PooledBench, b: PooledBench, options: RatioOptions = {}): RatioEstimate {
  const method = options.method ?? DEFAULT_RATIO_METHOD;
  const confidence = options.confidence ?? 0.95;
  const pairs = pairObservations(a.observations, b.observations);
  if (pairs.length > 0) {
    const logs = pairs.map(([x, y]) => Math.log(x.p50 / y.p50));
    return { ...summarizeLogs(logs, method, confidence, a.id), paired: true, method };
  }
  // Unpaired (runs merged from different sittings): the difference of the log medians, each side resampled on its own.
  const la = usableObservations(a.observations).map((o) => Math.log(o.p50));
  const lb = usableObservations(b.observations).map((o) => Math.log(o.p50));
  // One fork on a side says nothing about how far its figure strays: no interval, as with one pair.
  if (la.length < 2 || lb.length < 2)
    return { estimate: Math.exp(medianOf(la) - medianOf(lb)), low: 0, high: Infinity, n: Math.min(la.length, lb.length), coverage: NaN, paired: false, method };
  const d = bootstrapDifference(la, lb, medianOf, { confidence, seed: seedFrom(a.id) });
  return { ...d, estimate: Math.exp(d.estimate), low: Math.exp(d.low), high: Math.exp(d.high), paired: false, method };
}

/** Where a ratio's interval sits against the noise band. */
export type RatioVerdict = 'same' | 'faster' | 'slower' | 'unsure';

/** How a verdict reads in tables and reports. */
export const VERDICT_TEXT: Record<RatioVerdict, string> = { slower: '✗ slower', faster: '✓ faster', same: '= same', unsure: '? unsure' };

/**
 * Where the whole interval lies against the noise band (±band around 1, on the log scale): inside
 * it, 'same'; above it, 'slower'; below it, 'faster'; across an edge, 'unsure' (too few forks to
 * tell, or a difference about the size of the noise two identical targets show). A minimum-effect
 * test: unchanged code is called slower only when an interval misses 1 by more than the band.
 */
export function verdictOf(ratio: Interval, band: number): RatioVerdict {
  const upper = 1 + band;
  const lower = 1 / (1 + band);
  if (ratio.low >= lower && ratio.high <= upper) return 'same';
  if (ratio.low > upper) return 'slower';
  if (ratio.high < lower) return 'faster';
  return 'unsure';
}
