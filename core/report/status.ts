// Status of a measured bench against baselines/targets.json: ✓ OK, ⚠ SLOW, ✗ FAIL, or · (no target).
import type { Target, TargetsFile } from '../record/baselines.ts';
import type { PooledBench } from './pool.ts';

export type StatusLevel = 'ok' | 'slow' | 'fail' | 'none';

export interface TargetStatus {
  level: StatusLevel;
  /** The measured figure compared (median ns, or bytes for memory targets); null when there is none. */
  value: number | null;
  target: Target | null;
  /** Why the status is 'none' when a target exists (e.g. the figure was not measured). */
  note?: string;
}

export const STATUS_TEXT: Record<StatusLevel, string> = { ok: '✓ OK', slow: '⚠ SLOW', fail: '✗ FAIL', none: '· no target' };
/** The status as one sign, for the compact table. */
export const STATUS_SIGN: Record<StatusLevel, string> = { ok: '✓', slow: '⚠', fail: '✗', none: '·' };

/**
 * Compares the median time (robust against GC pauses, and the figure the table shows)
 * or a memory figure with the target: ≤ target → OK; over target and ≤ critical → SLOW;
 * over critical → FAIL. Targets without a critical value never FAIL.
 */
export function statusAgainstTarget(bench: PooledBench, targets: TargetsFile | null): TargetStatus {
  const target = targets?.targets[bench.id] ?? null;
  if (target === null) return { level: 'none', value: null, target: null };
  const value = target.metric === 'time' ? bench.median.estimate : bench.extra[target.metric];
  if (typeof value !== 'number') return { level: 'none', value: null, target, note: `${target.metric} not measured` };
  if (value <= target.target) return { level: 'ok', value, target };
  if (target.critical !== undefined && value > target.critical) return { level: 'fail', value, target };
  return { level: 'slow', value, target };
}
