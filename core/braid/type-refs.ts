// Walks normalised type expressions: which named types a fact mentions.
import type { Fact, FieldFact, TypeDeclFact, TypeExpr } from '../model/facts.ts';

/** The type expressions directly inside one (children of the tree). */
function children(expr: TypeExpr): TypeExpr[] {
  switch (expr.kind) {
    case 'array':
      return [expr.items];
    case 'map':
      return [expr.key, expr.value];
    case 'optional':
      return [expr.inner];
    case 'union':
    case 'intersection':
      return expr.members;
    case 'tuple':
      return expr.items;
    case 'ref':
      return expr.args;
    case 'error_union':
      return expr.error ? [expr.error, expr.payload] : [expr.payload];
    case 'object':
      return [...fieldTypes(expr.fields), ...(expr.rest ? [expr.rest] : [])];
    case 'indexed':
      return [expr.object, expr.index];
    case 'keyof':
      return [expr.of];
    case 'mapped':
      return [expr.keys, expr.value];
    default:
      return [];
  }
}

function fieldTypes(fields: readonly FieldFact[]): TypeExpr[] {
  const out: TypeExpr[] = [];
  for (const f of fields) if (f.type) out.push(f.type.expr);
  return out;
}

export function collectRefNames(expr: TypeExpr, into: Set<string>): Set<string> {
  if (expr.kind === 'ref') into.add(expr.name);
  for (const c of children(expr)) collectRefNames(c, into);
  return into;
}

/** Every type expression a declaration is made of: fields, alias, bases, variants' fields, defaults. */
export function declarationTypes(fact: TypeDeclFact): TypeExpr[] {
  return [
    ...fieldTypes(fact.fields),
    ...(fact.aliasOf ? [fact.aliasOf.expr] : []),
    ...(fact.bases ?? []),
    ...(fact.rest ? [fact.rest] : []),
    ...(fact.members ?? []).flatMap((m) => fieldTypes(m.fields)),
    ...(fact.typeParamDefaults ?? []).filter((d): d is TypeExpr => d !== null),
  ];
}

/** Named types a fact refers to (a function's parameter and return types, a type's fields, bases and variants). */
export function referencedTypeNames(fact: Fact | undefined): Set<string> {
  const names = new Set<string>();
  if (fact === undefined) return names;
  if (fact.fact === 'function') {
    for (const p of fact.params) if (p.type) collectRefNames(p.type.expr, names);
    if (fact.returnType) collectRefNames(fact.returnType.expr, names);
  } else if (fact.fact === 'type') {
    for (const t of declarationTypes(fact)) collectRefNames(t, names);
  }
  return names;
}

/** True when the expression contains the dynamic `any` type anywhere. */
export function containsAny(expr: TypeExpr): boolean {
  return expr.kind === 'any' || children(expr).some(containsAny);
}
