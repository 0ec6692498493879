// The order a run measures in: forks (fresh processes of every target), rounds within a fork
// (passes over the benches in those processes), benches in an order shuffled per round (or the
// catalogue's), and for each bench every target back to back, the target going first rotating from
// one bench to the next. Whatever the machine does while one bench is measured, it does to every
// target; what the process has been through (the benches before, their order) differs per round
// and is sampled, not frozen. Pure and seeded: the same options give the same schedule.
import { seededRandom, shuffle } from '../random.ts';

export type BenchOrder = 'shuffled' | 'fixed';

export interface ScheduleOptions {
  /** Bench ids in catalogue order. */
  benches: readonly string[];
  /** Target labels. */
  targets: readonly string[];
  forks: number;
  /** Passes over the benches within one fork. */
  rounds: number;
  order: BenchOrder;
  seed: number;
}

/** One bench measured on every target, in `targets` order. */
export interface ScheduleStep {
  fork: number;
  round: number;
  /** Position of the bench in this round's order (0-based). */
  position: number;
  bench: string;
  targets: string[];
}

function rotate<T>(items: readonly T[], by: number): T[] {
  if (items.length === 0) return [];
  const k = ((by % items.length) + items.length) % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

/** The bench order of one round. */
export function roundOrder(o: ScheduleOptions, fork: number, round: number): string[] {
  if (o.order === 'fixed') return [...o.benches];
  // One generator per (fork, round): a round's order does not depend on how many rounds came before.
  return shuffle(o.benches, seededRandom((o.seed ^ Math.imul(fork, 0x9e3779b1) ^ Math.imul(round, 0x85ebca6b)) >>> 0));
}

/** The steps of one round, in order. */
export function roundSteps(o: ScheduleOptions, fork: number, round: number): ScheduleStep[] {
  // Rotation continues across rounds and forks, so over a run every target goes first equally often.
  const offset = (fork - 1) * o.rounds * o.benches.length + (round - 1) * o.benches.length;
  return roundOrder(o, fork, round).map((bench, position) => ({ fork, round, position, bench, targets: rotate(o.targets, offset + position) }));
}

/** Every step of the run, fork by fork, round by round. */
export function* scheduleSteps(o: ScheduleOptions): Generator<ScheduleStep> {
  for (let fork = 1; fork <= o.forks; fork++) {
    for (let round = 1; round <= o.rounds; round++) yield* roundSteps(o, fork, round);
  }
}
