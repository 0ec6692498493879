// The resolution policy, deterministic and documented: of two conflicting constraints the
// one with the higher priority wins; on a tie the higher severity (err > warning > info >
// hint); then the higher confidence; then the smaller id (code-unit order). A constraint in
// conflict with itself (e.g. min > max) cannot be resolved. Losers are dropped greedily from
// the strongest constraint down, so no two constraints left in force conflict.
import { SEVERITIES, type Constraint } from '../model/constraint.ts';
import type { Conflict } from './ir.ts';
import { priorityValue } from './order.ts';

const SEVERITY_STRENGTH = new Map<string, number>(SEVERITIES.map((s, i) => [s, SEVERITIES.length - i]));

/** Negative when `a` wins over `b` under the policy. */
export function comparePolicy(a: Constraint, b: Constraint): number {
  const pa = priorityValue(a);
  const pb = priorityValue(b);
  if (pa !== pb) return pb - pa;
  const sa = SEVERITY_STRENGTH.get(a.severity) ?? 0;
  const sb = SEVERITY_STRENGTH.get(b.severity) ?? 0;
  if (sa !== sb) return sb - sa;
  if (a.confidence !== b.confidence) return b.confidence - a.confidence;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export interface Resolution {
  conflicts: Conflict[];
  /** Ids of constraints taken out of force. */
  dropped: Set<string>;
  unresolved: number;
}

export function resolveConflicts(constraints: readonly Constraint[], conflicts: Conflict[], mode: 'policy' | 'none'): Resolution {
  const byId = new Map<string, Constraint>();
  for (const c of constraints) if (!byId.has(c.id)) byId.set(c.id, c);
  const resolved = conflicts.map((k): Conflict => {
    if (mode === 'none' || k.a === k.b) return { ...k, resolvedInFavourOf: null };
    const a = byId.get(k.a)!;
    const b = byId.get(k.b)!;
    const order = comparePolicy(a, b);
    return { ...k, resolvedInFavourOf: order === 0 ? null : order < 0 ? a.id : b.id };
  });
  const dropped = new Set<string>();
  if (mode === 'policy') {
    const rivals = new Map<string, string[]>();
    for (const k of resolved) {
      if (k.resolvedInFavourOf === null) continue;
      for (const [x, y] of [
        [k.a, k.b],
        [k.b, k.a],
      ] as const) {
        const list = rivals.get(x);
        if (list) list.push(y);
        else rivals.set(x, [y]);
      }
    }
    const contenders = [...rivals.keys()].map((id) => byId.get(id)!).sort(comparePolicy);
    const kept = new Set<string>();
    for (const c of contenders) {
      if (rivals.get(c.id)!.some((r) => kept.has(r))) dropped.add(c.id);
      else kept.add(c.id);
    }
  }
  return { conflicts: resolved, dropped, unresolved: resolved.filter((k) => k.resolvedInFavourOf === null).length };
}
