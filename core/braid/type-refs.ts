// Walks normalised type expressions: which named types a fact mentions.
import type { Fact, TypeExpr } from '../model/facts.ts';

export function collectRefNames(expr: TypeExpr, into: Set<string>): Set<string> {
  switch (expr.kind) {
    case 'array': collectRefNames(expr.items, into); break;
    case 'map': collectRefNames(expr.key, into); collectRefNames(expr.value, into); break;
    case 'optional': collectRefNames(expr.inner, into); break;
    case 'union': for (const m of expr.members) collectRefNames(m, into); break;
    case 'tuple': for (const m of expr.items) collectRefNames(m, into); break;
    case 'ref': into.add(expr.name); for (const a of expr.args) collectRefNames(a, into); break;
    case 'error_union': if (expr.error) collectRefNames(expr.error, into); collectRefNames(expr.payload, into); break;
    default: break;
  }
  return into;
}

/** Named types a fact refers to (a function's parameter and return types, a type's fields). */
export function referencedTypeNames(fact: Fact | undefined): Set<string> {
  const names = new Set<string>();
  if (fact === undefined) return names;
  if (fact.fact === 'function') {
    for (const p of fact.params) if (p.type) collectRefNames(p.type.expr, names);
    if (fact.returnType) collectRefNames(fact.returnType.expr, names);
  } else if (fact.fact === 'type') {
    for (const f of fact.fields) if (f.type) collectRefNames(f.type.expr, names);
    if (fact.aliasOf) collectRefNames(fact.aliasOf.expr, names);
  }
  return names;
}

/** True when the expression contains the dynamic `any` type anywhere. */
export function containsAny(expr: TypeExpr): boolean {
  switch (expr.kind) {
    case 'any': return true;
    case 'array': return containsAny(expr.items);
    case 'map': return containsAny(expr.key) || containsAny(expr.value);
    case 'optional': return containsAny(expr.inner);
    case 'union': return expr.members.some(containsAny);
    case 'tuple': return expr.items.some(containsAny);
    case 'ref': return expr.args.some(containsAny);
    case 'error_union': return (expr.error !== null && containsAny(expr.error)) || containsAny(expr.payload);
    default: return false;
  }
}
