// The reference's summary constraints (function_structure, typed_functions, error_handling,
// async_functions, type_definitions, modularity, avoid_any_type, null_safety, union_types),
// computed from the facts phase two collected.
import type { Constraint } from '../model/constraint.ts';
import type { FunctionFact, TypeDeclFact, TypeFact } from '../model/facts.ts';
import type { Make, Meta, Occurrences } from './make.ts';
import { hasTypeKind, type LanguageSpec } from './spec.ts';

const META = {
  summary_structure: { kind: 'syntactic', source: 'AST_Pattern', enforcement: 'Syntactic', priority: 'Low', severity: 'info' },
  summary_types: { kind: 'type_safety', source: 'Type_System', enforcement: 'Structural', priority: 'Medium', severity: 'info' },
  summary_semantic: { kind: 'semantic', source: 'Control_Flow', enforcement: 'Semantic', priority: 'Medium', severity: 'info' },
  summary_type_safety: { kind: 'type_safety', source: 'Type_System', enforcement: 'Semantic', priority: 'Medium', severity: 'warning' },
  summary_architecture: { kind: 'architectural', source: 'AST_Pattern', enforcement: 'Structural', priority: 'Low', severity: 'info' },
} satisfies Record<string, Meta>;

const ratio = (count: number, total: number) => (total === 0 ? 1 : Math.round((count / total) * 1000) / 1000);

/** The reference's summary constraints, computed from the facts. */
export function summaries(
  spec: LanguageSpec,
  make: Make,
  functions: FunctionFact[],
  /** Start and end of each function, in pairs. */
  functionRanges: number[],
  types: TypeDeclFact[],
  typeFacts: TypeFact[],
  importCount: number,
  occurrences: Map<string, Occurrences>,
  errorPositions: number[],
): Constraint[] {
  const out: Constraint[] = [];
  const total = functions.length;
  if (total > 0) {
    const methods = countWhere(functions, (f) => f.owner !== null || f.receiver !== null);
    out.push(
      make(
        META.summary_structure,
        'function_structure',
        `${total} functions (${methods} methods, ${total - methods} free functions)`,
        { fact: 'summary', count: total, total },
        1,
      ),
    );
    const typed = countWhere(
      functions,
      (f) =>
        (spec.staticallyTyped || f.returnType !== null || (spec.implicitReturn?.(f.name) ?? false)) &&
        f.params.every((p) => p.type !== null || spec.staticallyTyped),
    );
    out.push(
      make(
        META.summary_types,
        'typed_functions',
        `${typed} of ${total} functions have typed parameters and return types`,
        { fact: 'summary', count: typed, total },
        1,
        ratio(typed, total),
      ),
    );
    const asyncCount = countWhere(functions, (f) => f.async);
    if (asyncCount > 0) {
      out.push(
        make(
          META.summary_semantic,
          'async_functions',
          `${asyncCount} of ${total} functions are async`,
          { fact: 'summary', count: asyncCount, total },
          1,
          ratio(asyncCount, total),
        ),
      );
    }
  }
  if (errorPositions.length > 0) {
    const withHandling = functionsContaining(functionRanges, errorPositions);
    out.push(
      make(
        META.summary_semantic,
        'error_handling',
        `${errorPositions.length} error-handling constructs; ${withHandling} of ${total} functions handle or propagate errors`,
        { fact: 'summary', count: withHandling, total },
        1,
        1,
        errorPositions.length,
      ),
    );
  }
  if (types.length > 0) {
    const byKind = new Map<string, number>();
    for (const t of types) byKind.set(t.declKind, (byKind.get(t.declKind) ?? 0) + 1);
    const kinds = [...byKind.entries()]
      .sort((a, b) => (a[0] < b[0] ? -1 : 1))
      .map(([k, n]) => `${n} ${k}`)
      .join(', ');
    out.push(
      make(
        META.summary_types,
        'type_definitions',
        `${types.length} type definitions (${kinds})`,
        { fact: 'summary', count: types.length, total: types.length },
        1,
      ),
    );
  }
  const declarations = countWhere(functions, (f) => f.owner === null && f.receiver === null) + types.length;
  const exported = countWhere(functions, (f) => f.owner === null && f.receiver === null && f.exported) + countWhere(types, (t) => t.exported);
  if (importCount > 0 || exported > 0) {
    out.push(
      make(
        META.summary_architecture,
        'modularity',
        `${importCount} imports; ${exported} of ${declarations} top-level declarations exported`,
        { fact: 'summary', count: exported, total: declarations },
        1,
      ),
    );
  }
  const anyUses = (occurrences.get('type_safety.any')?.count ?? 0) + (occurrences.get('type_safety.any_cast')?.count ?? 0);
  if (typeFacts.length > 0 && anyUses === 0) {
    out.push(
      make(
        META.summary_type_safety,
        'avoid_any_type',
        `no dynamic 'any' type in ${typeFacts.length} type annotations`,
        { fact: 'any_policy', allowed: false },
        1,
        typeFacts.length >= 10 ? 0.9 : 0.7,
      ),
    );
  }
  const nullable = countWhere(typeFacts, (t) => hasTypeKind(t.expr, 'optional'));
  if (nullable > 0) {
    out.push(
      make(
        META.summary_type_safety,
        'null_safety',
        `${nullable} of ${typeFacts.length} type annotations are nullable/optional`,
        { fact: 'summary', count: nullable, total: typeFacts.length },
        1,
        1,
      ),
    );
  }
  const unions = countWhere(typeFacts, (t) => hasTypeKind(t.expr, 'union'));
  if (unions > 0) {
    out.push(
      make(
        META.summary_types,
        'union_types',
        `${unions} of ${typeFacts.length} type annotations use union types`,
        { fact: 'summary', count: unions, total: typeFacts.length },
        1,
        1,
      ),
    );
  }
  return out;
}

/**
 * How many functions contain at least one of the positions (innermost function wins). Both lists
 * come in document order and functions nest, so one pass keeps the functions open at a position on
 * a stack (the innermost on top); positions out of order fall back to a search per position.
 */
export function functionsContaining(ranges: number[], positions: number[]): number {
  const functions = ranges.length >> 1;
  const hit = new Uint8Array(functions);
  const open: number[] = [];
  let next = 0;
  let count = 0;
  let previous = -1;
  for (const pos of positions) {
    if (pos < previous) return functionsContainingUnordered(ranges, positions);
    previous = pos;
    for (; next < functions && ranges[2 * next]! <= pos; next++) {
      while (open.length > 0 && ranges[2 * open[open.length - 1]! + 1]! <= ranges[2 * next]!) open.pop();
      open.push(next);
    }
    while (open.length > 0 && ranges[2 * open[open.length - 1]! + 1]! <= pos) open.pop();
    if (open.length > 0 && hit[open[open.length - 1]!] === 0) {
      hit[open[open.length - 1]!] = 1;
      count++;
    }
  }
  return count;
}

function functionsContainingUnordered(ranges: number[], positions: number[]): number {
  const hit = new Set<number>();
  for (const pos of positions) {
    let best = -1;
    for (let i = 0; i < ranges.length; i += 2) {
      const start = ranges[i]!;
      if (start <= pos && pos < ranges[i + 1]! && (best === -1 || start >= ranges[best]!)) best = i;
    }
    if (best !== -1) hit.add(best);
  }
  return hit.size;
}

/** How many items satisfy the test (a filter's length without the filtered array). */
function countWhere<T>(items: readonly T[], test: (item: T) => boolean): number {
  let n = 0;
  for (let i = 0; i < items.length; i++) if (test(items[i]!)) n++;
  return n;
}
