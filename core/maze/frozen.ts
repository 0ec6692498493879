// Constraint sets as values: deep-frozen copies of extracted constraints, and the memo of each
// frozen constraint's digest that lets ContentHasher key a set without re-serialising it.
import type { Constraint } from '../model/constraint.ts';

/** XXH3-64 of a constraint's canonical text, as its high and low 32 bits (the 16 hex digits' two halves). */
export interface MemberDigest {
  hi: number;
  lo: number;
}

/**
 * Constraints frozen here → the digest of their canonical text (null until first hashed). Only this
 * module adds keys, and only frozen plain-data copies, so a key's canonical text can never change:
 * ContentHasher computes its digest once and reuses it (see hash.ts). Weak, so an evicted cache entry
 * takes its digests with it.
 */
const memberDigests = new WeakMap<object, MemberDigest | null>();
/** Arrays returned by freezeConstraints, so freezing a frozen set again is free. */
const frozenSets = new WeakSet<object>();

/**
 * A deep-frozen copy of a constraint set: the array and every constraint, fact, field and nested
 * array in it are Object.freeze'd copies (key order kept), so no caller can change a set another
 * caller, a cache entry or a cache key depends on. The copy is made, rather than freezing in place,
 * because the objects are not ours to freeze: Clew hands out fact objects it still holds in its
 * incremental unit cache, and callers may reuse what they passed in.
 *
 * A constraint already frozen here is reused as it is. A constraint holding anything but plain data
 * (a class instance, Map, Date, typed array, toJSON, a cycle) cannot be frozen into a value and is kept
 * as given, unregistered: ContentHasher then writes it fresh every time, as for any unfrozen constraint.
 */
export function freezeConstraints(constraints: readonly Constraint[]): readonly Constraint[] {
  if (frozenSets.has(constraints)) return constraints;
  const copy = new Array<Constraint>(constraints.length);
  for (let i = 0; i < constraints.length; i++) copy[i] = freezeConstraint(constraints[i]!);
  Object.freeze(copy);
  frozenSets.add(copy);
  return copy;
}

/** One constraint as a frozen, registered value (itself, if it already is one). */
export function freezeConstraint(constraint: Constraint): Constraint {
  if (memberDigests.has(constraint)) return constraint;
  const frozen = frozenCopy(constraint, []);
  if (frozen === NOT_PLAIN || frozen === null || typeof frozen !== 'object') return constraint;
  memberDigests.set(frozen, null);
  return frozen as Constraint;
}

/** Whether `value` is a constraint frozen by freezeConstraints (its digest may be memoised). */
export function isFrozenConstraint(value: unknown): boolean {
  return typeof value === 'object' && value !== null && memberDigests.has(value);
}

/**
 * For hash.ts: a frozen constraint's memoised digest, null when it is frozen but not yet hashed,
 * undefined when `value` is not a frozen constraint (its text must be written and hashed afresh).
 */
export function memoisedDigest(value: unknown): MemberDigest | null | undefined {
  return typeof value === 'object' && value !== null ? memberDigests.get(value) : undefined;
}

/** For hash.ts: stores a frozen constraint's digest (ignored for anything not frozen here). */
export function rememberDigest(value: object, digest: MemberDigest): void {
  if (memberDigests.get(value) === null) memberDigests.set(value, digest);
}

const NOT_PLAIN = Symbol('not plain data');

/**
 * A frozen copy of plain JSON-like data (objects with Object.prototype or null prototype, arrays,
 * primitives; functions are kept, as canonical JSON ignores them), or NOT_PLAIN. Objects keep their
 * own enumerable keys in their order (undefined members and an own "__proto__" key included) and
 * their prototype; arrays their elements. Each level is copied whole by spread or slice (V8 clones
 * the object's shape; property-by-property building was slower) and its object members replaced.
 */
function frozenCopy(value: unknown, ancestors: object[]): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (ancestors.includes(value)) return NOT_PLAIN;
  const proto: unknown = Object.getPrototypeOf(value);
  let copy: Record<string, unknown> | unknown[];
  if (Array.isArray(value)) {
    if (proto !== Array.prototype) return NOT_PLAIN;
    copy = value.slice();
  } else {
    const record = value as Record<string, unknown>;
    if ((proto !== Object.prototype && proto !== null) || typeof record.toJSON === 'function') return NOT_PLAIN;
    copy = proto === null ? Object.assign(Object.create(null) as Record<string, unknown>, record) : { ...record };
  }
  ancestors.push(value);
  let plain = true;
  if (Array.isArray(copy)) {
    for (let i = 0; i < copy.length && plain; i++) {
      const item = copy[i];
      if (typeof item !== 'object' || item === null) continue;
      const frozen = frozenCopy(item, ancestors);
      if (frozen === NOT_PLAIN) plain = false;
      else copy[i] = frozen;
    }
  } else {
    const keys = Object.keys(copy);
    for (let i = 0; i < keys.length && plain; i++) {
      const member = copy[keys[i]!];
      if (typeof member !== 'object' || member === null) continue;
      const frozen = frozenCopy(member, ancestors);
      if (frozen === NOT_PLAIN) plain = false;
      else copy[keys[i]!] = frozen;
    }
  }
  ancestors.pop();
  return plain ? Object.freeze(copy) : NOT_PLAIN;
}
