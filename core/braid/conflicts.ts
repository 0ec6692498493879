// Real conflict detection between constraints, from their facts: naming conventions, regular
// languages (decided on automata), field and parameter types, numeric bounds and the `any`
// policy. Each conflict names both constraints and says why.
import { complement, intersect, isEmpty, isSubset, shortestMember, union, type Dfa } from '../automata/index.ts';
import { memoDfa } from './dfa-memo.ts';
import type { Constraint } from '../model/constraint.ts';
import type { BoundsFact, NamingFact, PatternFact, TypeExpr } from '../model/facts.ts';
import { canonicalJson, contentHash } from './hash.ts';
import type { Conflict, Rejection } from './ir.ts';
import { NAMING_REGEX } from './naming.ts';
import { compareByStableKey } from './order.ts';
import { checkPatternSafety, DEFAULT_PATTERN_STATE_BUDGET } from './regex-safety.ts';

/** A cache for DFAs and pair verdicts (the incremental compiler passes its store). */
export interface PatternCache {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

/** A pattern's language as the constraint means it: required = full match; forbidden = search for 'code'/'output', full otherwise. */
export interface PatternLanguage {
  constraint: Constraint;
  target: string;
  mode: 'require' | 'forbid';
  /** The regex as given. */
  regex: string;
  dfa: Dfa;
  /** True when the language comes from a naming convention rather than a pattern fact. */
  fromNaming: boolean;
}

const NAMING_TARGET: Record<string, string> = { function: 'function_name', type: 'type_name' };

function sameScope(a: Constraint, b: Constraint): boolean {
  return a.language === undefined || b.language === undefined || a.language === b.language;
}

function decode(bytes: Uint8Array | null): string {
  return bytes === null ? '' : new TextDecoder().decode(bytes);
}

/** The DFA of a pattern fact's language, or the reason it was rejected. Cached by regex and mode. */
export function patternLanguage(c: Constraint, fact: PatternFact, cache?: PatternCache): PatternLanguage | Rejection {
  const search = fact.mode === 'forbid' && (fact.target === 'code' || fact.target === 'output');
  const key = `dfa:${search ? 'search' : 'full'}:${fact.regex}`;
  let verdict = cache?.get(key) as { dfa: Dfa } | { reason: string } | undefined;
  if (verdict === undefined) {
    const checked = checkPatternSafety(fact.regex, { mode: search ? 'search' : 'full', maxStates: DEFAULT_PATTERN_STATE_BUDGET });
    verdict = checked.ok ? { dfa: checked.dfa } : { reason: checked.reason };
    cache?.set(key, verdict);
  }
  if ('reason' in verdict) return { constraint: c.id, reason: verdict.reason };
  return { constraint: c, target: fact.target, mode: fact.mode, regex: fact.regex, dfa: verdict.dfa, fromNaming: false };
}

function namingLanguage(c: Constraint, fact: NamingFact, cache?: PatternCache): PatternLanguage | null {
  const target = NAMING_TARGET[fact.category];
  if (target === undefined) return null;
  const regex = NAMING_REGEX[fact.convention];
  const key = `dfa:full:${regex}`;
  let dfa = cache?.get(key) as { dfa: Dfa } | undefined;
  if (dfa === undefined) {
    dfa = { dfa: memoDfa(regex, 'full', DEFAULT_PATTERN_STATE_BUDGET) };
    cache?.set(key, dfa);
  }
  return { constraint: c, target, mode: 'require', regex, dfa: dfa.dfa, fromNaming: true };
}

/** Every pattern and naming language among the constraints, and the patterns rejected as unsafe or invalid. */
export function patternLanguages(constraints: readonly Constraint[], cache?: PatternCache): { languages: PatternLanguage[]; rejected: Rejection[] } {
  const languages: PatternLanguage[] = [];
  const rejected: Rejection[] = [];
  for (const c of constraints) {
    if (c.facts?.fact === 'pattern') {
      const l = patternLanguage(c, c.facts, cache);
      if ('dfa' in l) languages.push(l);
      else rejected.push(l);
    } else if (c.facts?.fact === 'naming') {
      const l = namingLanguage(c, c.facts, cache);
      if (l) languages.push(l);
    }
  }
  return { languages, rejected };
}

function describeType(expr: TypeExpr, text: string | undefined): string {
  return text !== undefined && text !== '' ? text : canonicalJson(expr);
}

function stripOptional(expr: TypeExpr): TypeExpr {
  return expr.kind === 'optional' ? stripOptional(expr.inner) : expr;
}

const canonicalTypes = new WeakMap<TypeExpr, string>();

function canonicalType(expr: TypeExpr): string {
  let text = canonicalTypes.get(expr);
  if (text === undefined) {
    text = canonicalJson(stripOptional(expr));
    canonicalTypes.set(expr, text);
  }
  return text;
}

/** Types are compatible when equal after normalisation, when one is `any`/unknown, or one is the optional of the other. */
export function typesCompatible(a: TypeExpr, b: TypeExpr): boolean {
  if (a === b || a.kind === 'any' || b.kind === 'any' || a.kind === 'unknown' || b.kind === 'unknown') return true;
  return canonicalType(a) === canonicalType(b);
}

function orderPair(a: Constraint, b: Constraint): [Constraint, Constraint] {
  return compareByStableKey(a, b) <= 0 ? [a, b] : [b, a];
}

function push(out: Conflict[], a: Constraint, b: Constraint, kind: string, reason: string): void {
  const [x, y] = a === b ? [a, b] : orderPair(a, b);
  out.push({ a: x.id, b: y.id, kind, reason, resolvedInFavourOf: null });
}

function byKey<T>(items: T[], key: (t: T) => string | null): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === null) continue;
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

function boundsText(f: BoundsFact): string {
  return `[${f.min ?? '-inf'}, ${f.max ?? '+inf'}]`;
}

// Pair verdicts and emptiness are pure functions of the patterns (text and mode), so like the
// DFA memo they are kept process-wide (bounded), whether or not a compile brings a store.
const MEMO_LIMIT = 4096;
const languageMemo = new Map<string, boolean>();

function memoised(key: string, compute: () => boolean, cache?: PatternCache): boolean {
  let value = (cache?.get(key) as boolean | undefined) ?? languageMemo.get(key);
  if (value === undefined) {
    value = compute();
    if (languageMemo.size >= MEMO_LIMIT) languageMemo.delete(languageMemo.keys().next().value!);
    languageMemo.set(key, value);
  }
  cache?.set(key, value);
  return value;
}

const examples = new Map<string, string>();

/** The shortest member of a language, for messages (memoised like the verdicts). */
function exampleOf(l: PatternLanguage): string {
  const key = languageKey(l);
  let text = examples.get(key);
  if (text === undefined) {
    text = decode(shortestMember(l.dfa));
    if (examples.size >= MEMO_LIMIT) examples.delete(examples.keys().next().value!);
    examples.set(key, text);
  }
  return text;
}

/** Identifies a language: its regex and whether it is searched or matched whole. */
function languageKey(l: PatternLanguage): string {
  return `${l.mode === 'forbid' && (l.target === 'code' || l.target === 'output') ? 's' : 'f'}:${l.regex}`;
}

/** Pairwise conflicts (unresolved); `languages` from patternLanguages over the same constraints. */
export function findConflicts(constraints: readonly Constraint[], languages: readonly PatternLanguage[], cache?: PatternCache): Conflict[] {
  const out: Conflict[] = [];
  const withFact = <K extends string>(kind: K) => constraints.filter((c) => c.facts?.fact === kind);

  // Naming: two conventions for one identifier category.
  for (const [category, group] of byKey(withFact('naming'), (c) => (c.facts as NamingFact).category)) {
    for (let i = 0; i < group.length; i++)
      for (let j = i + 1; j < group.length; j++) {
        const a = group[i]!;
        const b = group[j]!;
        const fa = a.facts as NamingFact;
        const fb = b.facts as NamingFact;
        if (fa.convention !== fb.convention && sameScope(a, b)) {
          push(out, a, b, 'naming', `${category} names: ${fa.convention} (${a.id}) contradicts ${fb.convention} (${b.id})`);
        }
      }
  }

  // Patterns: a required language inside a forbidden one, or two required languages with nothing in common.
  for (const [target, group] of byKey([...languages], (l) => l.target)) {
    const required = group.filter((l) => l.mode === 'require');
    const forbidden = group.filter((l) => l.mode === 'forbid');
    for (const r of required) {
      if (isEmpty(r.dfa)) continue; // an empty required language is reported as infeasibility, not as a pair
      for (const f of forbidden) {
        if (!sameScope(r.constraint, f.constraint) || r.constraint === f.constraint) continue;
        const inside = memoised(`subset\u0000${languageKey(r)}\u0000${languageKey(f)}`, () => isSubset(r.dfa, f.dfa), cache);
        if (inside) {
          const example = exampleOf(r);
          push(
            out,
            r.constraint,
            f.constraint,
            'pattern',
            `every ${target} matching ${r.fromNaming ? `the ${(r.constraint.facts as NamingFact).convention} convention` : `/${r.regex}/`} (${r.constraint.id}) is forbidden by /${f.regex}/ (${f.constraint.id}), e.g. ${JSON.stringify(example)}`,
          );
        }
      }
    }
    for (let i = 0; i < required.length; i++)
      for (let j = i + 1; j < required.length; j++) {
        const a = required[i]!;
        const b = required[j]!;
        if (!sameScope(a.constraint, b.constraint) || a.constraint === b.constraint || (a.fromNaming && b.fromNaming)) continue;
        if (a.regex === b.regex || isEmpty(a.dfa) || isEmpty(b.dfa)) continue;
        const disjoint = memoised(`disjoint\u0000${languageKey(a)}\u0000${languageKey(b)}`, () => isEmpty(intersect(a.dfa, b.dfa)), cache);
        if (disjoint)
          push(
            out,
            a.constraint,
            b.constraint,
            'required_patterns_disjoint',
            `no ${target} can match both /${a.regex}/ (${a.constraint.id}) and /${b.regex}/ (${b.constraint.id})`,
          );
      }
  }

  // Types: one parameter or field with incompatible types in two constraints.
  const fnGroups = byKey(withFact('function'), (c) => {
    const f = c.facts!;
    return f.fact === 'function' ? `${f.owner ?? ''}.${f.name}` : null;
  });
  for (const [qualified, group] of fnGroups) {
    for (let i = 0; i < group.length; i++)
      for (let j = i + 1; j < group.length; j++) {
        const a = group[i]!;
        const b = group[j]!;
        if (!sameScope(a, b) || a.facts?.fact !== 'function' || b.facts?.fact !== 'function') continue;
        const name = qualified.startsWith('.') ? qualified.slice(1) : qualified;
        for (const pa of a.facts.params) {
          const pb = b.facts.params.find((p) => p.name === pa.name);
          if (pa.type && pb?.type && !typesCompatible(pa.type.expr, pb.type.expr)) {
            push(
              out,
              a,
              b,
              'type',
              `parameter ${pa.name} of ${name}: ${describeType(pa.type.expr, pa.type.text)} (${a.id}) vs ${describeType(pb.type.expr, pb.type.text)} (${b.id})`,
            );
          }
        }
        const ra = a.facts.returnType;
        const rb = b.facts.returnType;
        if (ra && rb && !typesCompatible(ra.expr, rb.expr))
          push(out, a, b, 'type', `return type of ${name}: ${describeType(ra.expr, ra.text)} (${a.id}) vs ${describeType(rb.expr, rb.text)} (${b.id})`);
      }
  }
  for (const [typeName, group] of byKey(withFact('type'), (c) => (c.facts?.fact === 'type' ? c.facts.name : null))) {
    for (let i = 0; i < group.length; i++)
      for (let j = i + 1; j < group.length; j++) {
        const a = group[i]!;
        const b = group[j]!;
        if (!sameScope(a, b) || a.facts?.fact !== 'type' || b.facts?.fact !== 'type') continue;
        for (const fa of a.facts.fields) {
          const fb = b.facts.fields.find((f) => f.name === fa.name);
          if (fa.type && fb?.type && !typesCompatible(fa.type.expr, fb.type.expr)) {
            push(
              out,
              a,
              b,
              'type',
              `field ${typeName}.${fa.name}: ${describeType(fa.type.expr, fa.type.text)} (${a.id}) vs ${describeType(fb.type.expr, fb.type.text)} (${b.id})`,
            );
          }
        }
      }
  }

  // Bounds: min above max, within one constraint or across two on the same target.
  for (const [target, group] of byKey(withFact('bounds'), (c) => (c.facts as BoundsFact).target)) {
    for (const c of group) {
      const f = c.facts as BoundsFact;
      if (f.min !== null && f.max !== null && f.min > f.max) push(out, c, c, 'bounds', `${target}: min ${f.min} > max ${f.max} in ${c.id}`);
    }
    for (let i = 0; i < group.length; i++)
      for (let j = i + 1; j < group.length; j++) {
        const a = group[i]!;
        const b = group[j]!;
        if (!sameScope(a, b)) continue;
        const fa = a.facts as BoundsFact;
        const fb = b.facts as BoundsFact;
        const low = fa.min !== null && fb.max !== null && fa.min > fb.max;
        const high = fb.min !== null && fa.max !== null && fb.min > fa.max;
        if (low || high) push(out, a, b, 'bounds', `${target}: ${boundsText(fa)} (${a.id}) and ${boundsText(fb)} (${b.id}) do not overlap`);
      }
  }

  // The `any` policy: allowed in one, forbidden in another.
  const policies = withFact('any_policy');
  for (let i = 0; i < policies.length; i++)
    for (let j = i + 1; j < policies.length; j++) {
      const a = policies[i]!;
      const b = policies[j]!;
      if (a.facts?.fact !== 'any_policy' || b.facts?.fact !== 'any_policy' || !sameScope(a, b)) continue;
      if (a.facts.allowed !== b.facts.allowed) {
        const [allow, forbid] = a.facts.allowed ? [a, b] : [b, a];
        push(out, a, b, 'any_policy', `${allow.id} allows the any type, ${forbid.id} forbids it`);
      }
    }

  return out.sort((x, y) =>
    x.kind !== y.kind
      ? x.kind < y.kind
        ? -1
        : 1
      : x.a !== y.a
        ? x.a < y.a
          ? -1
          : 1
        : x.b !== y.b
          ? x.b < y.b
            ? -1
            : 1
          : x.reason < y.reason
            ? -1
            : x.reason > y.reason
              ? 1
              : 0,
  );
}

/** The emptiness check behind feasibility: per target, the required languages minus the forbidden ones. */
export function emptyTargets(languages: readonly PatternLanguage[], cache?: PatternCache): string[] {
  const empty: string[] = [];
  for (const [target, group] of byKey([...languages], (l) => l.target)) {
    // The same pattern twice is the same language: intersect each distinct one once.
    const distinct = (mode: 'require' | 'forbid'): PatternLanguage[] => {
      const seen = new Map<string, PatternLanguage>();
      for (const l of group) if (l.mode === mode && !seen.has(languageKey(l))) seen.set(languageKey(l), l);
      return [...seen.entries()].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([, l]) => l);
    };
    const required = distinct('require');
    if (required.length === 0) continue;
    const forbidden = distinct('forbid');
    const key = `empty\u0000${required.map(languageKey).join('\u0001')}\u0000${forbidden.map(languageKey).join('\u0001')}`;
    const isEmptyTarget = memoised(
      key,
      () => {
        let allowed = required[0]!.dfa;
        try {
          for (const r of required.slice(1)) allowed = intersect(allowed, r.dfa);
          if (forbidden.length > 0) {
            let banned = forbidden[0]!.dfa;
            for (const f of forbidden.slice(1)) banned = union(banned, f.dfa);
            allowed = intersect(allowed, complement(banned));
          }
        } catch {
          return false; // over the state budget: undecided, so not declared empty
        }
        return isEmpty(allowed);
      },
      cache,
    );
    if (isEmptyTarget) empty.push(target);
  }
  return empty.sort();
}

export { contentHash };
