// Drift: which measurements were taken while the machine was not all theirs. Two signals:
// - contention: the scheduler's count of the time the runner's thread waited, runnable, for a CPU
//   during the measurement (Linux), beyond what the target's thread usually waits (its own median:
//   a runtime's compiler and collector threads compete with it on a small machine in every
//   measurement; other work on the machine adds to that);
// - slowdown: a fixed calibration workload timed right before and right after every bench
//   (core/bench/calibration.ts) ran slower than the target's own calibration median (a slower
//   machine: frequency, a hypervisor's steal, a neighbour on the memory bus).
// A noisy measurement is marked in the table and counted in the summary. One the machine slowed
// (the calibration) is set aside from its target's median whenever a measurement it did not slow
// remains, and its pair from ratios when the other side was not slowed alike (paired.ts); one whose
// thread was contended is set aside from the median when clean ones of the same cell exist, and
// kept in ratios (pool.ts usableObservations,
// paired.ts). With --rerun-noisy the adaptive phase of a run measures the cell again in fresh
// processes.
import { medianOf } from './intervals.ts';
import { summarizeObservations, type Column, type Observation } from './pool.ts';

/**
 * How much slower than its median a calibration may run before the measurement beside it counts
 * as noisy. Measured here (README, "Drift"): on a quiet machine the calibration's own spread stays
 * well inside this.
 */
export const DEFAULT_DRIFT_THRESHOLD = 0.1;
/**
 * How much more of a measurement's time its thread may wait for a CPU than the target's median wait
 * before it counts as noisy (README, "Drift").
 */
export const DEFAULT_WAIT_THRESHOLD = 0.05;

export interface DriftSummary {
  threshold: number;
  waitThreshold: number;
  /** Each column's median wait share (the reference its measurements' waits are judged against). */
  waitReference: Record<string, number>;
  /** Observations with a calibration. */
  calibrated: number;
  noisy: number;
  /** Columns × benches with at least one noisy observation. */
  noisyCells: Array<{ column: string; id: string; noisy: number; of: number; worst: number }>;
}

/** The calibration median of a column, over every reading before and after every bench. */
export function calibrationReference(column: Column): number | null {
  const readings = [...column.benches.values()].flatMap((b) =>
    b.observations.flatMap((o) => (o.calibration === null ? [] : [o.calibration.beforeNs, o.calibration.afterNs])),
  );
  return readings.length === 0 ? null : medianOf(readings);
}

/** The median share of a measurement's time the column's thread waited for a CPU (null without scheduler counts). */
export function waitReference(column: Column): number | null {
  const shares = [...column.benches.values()].flatMap((b) => b.observations.flatMap((o) => (o.waitShare === null ? [] : [o.waitShare])));
  return shares.length === 0 ? null : medianOf(shares);
}

/**
 * The slower of the two calibration readings around a measurement, over the column's median, minus
 * 1. Either reading counts: on a bursty host (2026-12-05, an AMD EPYC VM) the machine ran 1.3–2.7×
 * slower for a second or two at a time, shorter than the three targets' turns at a bench, so a
 * burst often began or ended inside a measurement and showed in one reading only (`bun` 353 µs with
 * the calibration at 497 then 674 µs, its neighbours 73–88 µs clean). A collection does not fake
 * one: a reading is the fastest of seven repetitions (calibration.ts).
 */
function slowdownOf(o: Observation, reference: number): number | null {
  if (o.calibration === null || !(reference > 0)) return null;
  return Math.max(o.calibration.beforeNs, o.calibration.afterNs) / reference - 1;
}

/** Marks noisy observations in place (and recomputes each bench's median from the clean ones). */
export function markDrift(columns: readonly Column[], threshold = DEFAULT_DRIFT_THRESHOLD, waitThreshold = DEFAULT_WAIT_THRESHOLD): DriftSummary {
  const summary: DriftSummary = { threshold, waitThreshold, waitReference: {}, calibrated: 0, noisy: 0, noisyCells: [] };
  for (const column of columns) {
    const reference = calibrationReference(column);
    const usualWait = waitReference(column);
    if (usualWait !== null) summary.waitReference[column.label] = usualWait;
    for (const bench of column.benches.values()) {
      let noisy = 0;
      let worst = 0;
      for (const o of bench.observations) {
        o.slowdown = reference === null ? null : slowdownOf(o, reference);
        o.machineSlow = o.slowdown !== null && threshold > 0 && o.slowdown > threshold;
        o.severity = Math.max(
          o.slowdown === null || threshold <= 0 ? 0 : o.slowdown / threshold,
          o.waitShare === null || waitThreshold <= 0 ? 0 : (o.waitShare - (usualWait ?? 0)) / waitThreshold,
        );
        o.noisy = o.severity > 1;
        if (o.slowdown !== null) summary.calibrated += 1;
        if (o.noisy) {
          noisy += 1;
          worst = Math.max(worst, o.slowdown!);
        }
      }
      summary.noisy += noisy;
      if (noisy > 0) summary.noisyCells.push({ column: column.label, id: bench.id, noisy, of: bench.observations.length, worst });
      summarizeObservations(bench);
    }
  }
  return summary;
}
