// Turns mitata's measured stats into the timing figures of a bench record.
import { sampleSd } from '../report/stats.ts';

/** The fields of mitata's stats object this harness reads. */
export interface MitataStats {
  samples: number[];
  ticks: number;
  min: number;
  max: number;
  avg: number;
  p25: number;
  p50: number;
  p75: number;
  p99: number;
}

export interface TimingSummary {
  samples: number;
  /** Calls measured in total (a batched sample averages many calls). */
  iterations: number;
  min: number;
  p25: number;
  p50: number;
  p75: number;
  p99: number;
  max: number;
  mean: number;
  stdDev: number;
}

export function summarize(stats: MitataStats): TimingSummary {
  return {
    samples: stats.samples.length,
    iterations: stats.ticks,
    min: stats.min,
    p25: stats.p25,
    p50: stats.p50,
    p75: stats.p75,
    p99: stats.p99,
    max: stats.max,
    mean: stats.avg,
    stdDev: sampleSd(stats.samples),
  };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Lines per second at the median time (the median resists the odd slow sample on a noisy machine). */
export function linesPerSecond(lines: number, timing: TimingSummary): number {
  return (lines * 1e9) / timing.p50;
}

/** Nanoseconds per constraint at the median time. */
export function nsPerConstraint(constraints: number, timing: TimingSummary): number {
  return timing.p50 / constraints;
}
