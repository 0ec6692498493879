// Content hashes for Maze's cache keys: xxHash3-64 (hex) of a canonical serialization,
// so the same constraint set in another order, or with keys in another order, hashes the same.
//
// Implementation chosen by measurement (throwaway script, 2026-11-27, 2-core AMD EPYC VM
// under load ~4; 7.5 KB canonical text of 10 Clew-shaped constraints; best of 7 runs):
//
//                                     node 20     bun 1.4.5   deno 2.9.6
//   hash-wasm xxhash3, string input   3514 ns     2192 ns     3243 ns
//   hash-wasm xxhash3, bytes input    1509 ns     1252 ns     1388 ns   (bytes already encoded)
//   hash-wasm xxhash3, encode+bytes   4070 ns     2205 ns     2951 ns
//   xxhash-wasm h64 (XXH64, not XXH3)  1254 ns      724 ns      809 ns   (reference only)
//
// xxhash-wasm 1.1 exposes only h32/h64 (XXH32/XXH64), not XXH3, so it cannot give the
// original's key; hash-wasm's WASM XXH3 is the only XXH3 candidate installed and works
// unchanged in all three runtimes. Passing the string (hash-wasm encodes UTF-8 inside) is
// faster than TextEncoder + bytes everywhere, so we pass strings. A pure-TypeScript XXH3
// was not written: XXH3's 64-bit multiply-accumulate would need 16-bit limb arithmetic or
// BigInt in JavaScript, both far slower than the WASM loop. The canonical serialization,
// not the hash, dominates: hashConstraints() of 10 fact-carrying constraints (~7.8 KB of
// canonical text) took 104-164 µs on Node, 139-337 µs on Bun, 108-193 µs on Deno with the VM at
// load 8-13 (2 cores); plain JSON.stringify of the same objects, unsorted, took 25-60 µs there. So
// the orchestrator hashes a constraint set once, when it is produced, and keys on that hash.
import { createXXHash3, type IHasher } from 'hash-wasm';
import type { Constraint, ConstraintSet } from '../model/constraint.ts';

/**
 * Canonical JSON: object keys sorted (by UTF-16 code unit, as Array.prototype.sort does),
 * `undefined` members dropped (as JSON.stringify does), non-finite numbers as null.
 * Arrays keep their order: only the callers know which arrays are sets.
 */
export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return String(value);
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ',';
          const item = value[i];
          out += item === undefined || typeof item === 'function' ? 'null' : canonicalJson(item);
        }
        return out + ']';
      }
      const record = value as Record<string, unknown>;
      if (typeof (record as { toJSON?: unknown }).toJSON === 'function') {
        return canonicalJson((record as { toJSON(): unknown }).toJSON());
      }
      const keys = Object.keys(record);
      // Objects built by one factory share a key order; when it is already sorted the sort is skipped.
      for (let i = 1; i < keys.length; i++) {
        if (keys[i - 1]! > keys[i]!) {
          keys.sort();
          break;
        }
      }
      let out = '{';
      let first = true;
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]!;
        const member = record[key];
        if (member === undefined || typeof member === 'function') continue;
        if (!first) out += ',';
        first = false;
        out += quotedKey(key) + canonicalJson(member);
      }
      return out + '}';
    }
    default:
      return 'null';
  }
}

/** `"key":` memoised: the same few field names recur in every constraint. Bounded so arbitrary JSON cannot grow it. */
const QUOTED_KEYS = new Map<string, string>();
const QUOTED_KEYS_LIMIT = 4096;

function quotedKey(key: string): string {
  let quoted = QUOTED_KEYS.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key) + ':';
    if (QUOTED_KEYS.size < QUOTED_KEYS_LIMIT) QUOTED_KEYS.set(key, quoted);
  }
  return quoted;
}

/** Canonical text of a set of values whose order carries no meaning: members sorted by their canonical text. */
export function canonicalSet(members: readonly unknown[]): string {
  const texts = members.map(canonicalJson);
  texts.sort();
  return '[' + texts.join(',') + ']';
}

/** Canonical text of a constraint set: the constraints as a set; the set's name is not part of its content. */
export function canonicalConstraints(constraints: readonly Constraint[] | ConstraintSet): string {
  return canonicalSet(Array.isArray(constraints) ? constraints : (constraints as ConstraintSet).constraints);
}

/** Fields of a compiled IR whose arrays are sets (their order carries no meaning). */
const IR_SET_FIELDS = ['regex_patterns'];

/** Canonical text of an IR (or a list of IRs, which is itself a set): set-valued fields sorted. */
export function canonicalIR(ir: unknown): string {
  if (Array.isArray(ir)) return canonicalSet(ir.map(normaliseIRSets));
  return canonicalJson(normaliseIRSets(ir));
}

function normaliseIRSets(ir: unknown): unknown {
  if (ir === null || typeof ir !== 'object' || Array.isArray(ir)) return ir;
  const copy: Record<string, unknown> = { ...(ir as Record<string, unknown>) };
  for (const field of IR_SET_FIELDS) {
    const members = copy[field];
    if (Array.isArray(members)) {
      copy[field] = members
        .map((m) => [canonicalJson(m), m] as const)
        .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
        .map(([, m]) => m);
    }
  }
  return copy;
}

/** XXH3-64 hex digests of text and of canonicalized values. Create one with `loadContentHasher()`. */
export class ContentHasher {
  readonly #xxh3: IHasher;

  constructor(xxh3: IHasher) {
    this.#xxh3 = xxh3;
  }

  /** XXH3-64 (seed 0) of the UTF-8 bytes of `text`, 16 lowercase hex digits. */
  text(text: string): string {
    return this.#xxh3.init().update(text).digest('hex');
  }

  /** XXH3-64 of raw bytes. */
  bytes(bytes: Uint8Array): string {
    return this.#xxh3.init().update(bytes).digest('hex');
  }

  /** Extraction cache key: the source text and the language it is read as (the same text read as Python is another extraction). */
  source(source: string, language: string): string {
    return this.text(language + '\u0000' + source);
  }

  /** Compilation cache key: the constraint set as a set. */
  constraints(constraints: readonly Constraint[] | ConstraintSet): string {
    return this.text(canonicalConstraints(constraints));
  }

  /** Hash of an IR or a list of IRs (the original keyed its cache on the serialized IR list). */
  ir(ir: unknown): string {
    return this.text(canonicalIR(ir));
  }

  /** Hash of any JSON-like value with sorted keys (arrays keep their order). */
  value(value: unknown): string {
    return this.text(canonicalJson(value));
  }
}

let shared: Promise<ContentHasher> | null = null;

/** The WASM module is instantiated once per process; every caller shares it (hashing is synchronous after that). */
export function loadContentHasher(): Promise<ContentHasher> {
  shared ??= createXXHash3(0, 0).then((xxh3) => new ContentHasher(xxh3));
  return shared;
}
