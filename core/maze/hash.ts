// Content hashes for Maze's cache keys: xxHash3-64 (hex) of a canonical serialization (for a
// constraint set, of its members' digests in sorted order), so the same constraint set in
// another order, or with keys in another order, hashes the same. XXH3 is hash-wasm's WASM build
// (xxhash-wasm has no XXH3); a CanonicalWriter writes the canonical UTF-8 straight into a reused
// buffer; a set's hash is XXH3 over its members' sorted 8-byte digests, a frozen member's digest
// memoised (frozen.ts). Why each, with the figures: docs/decisions/maze-hashing.md.
import { createXXHash3, type IHasher } from 'hash-wasm';
import type { Constraint, ConstraintSet } from '../model/constraint.ts';
import { memoisedDigest, rememberDigest, type MemberDigest } from './frozen.ts';

export { freezeConstraints, freezeConstraint, isFrozenConstraint } from './frozen.ts';

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
        return `${out}]`;
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
      return `${out}}`;
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
    quoted = `${JSON.stringify(key)}:`;
    if (QUOTED_KEYS.size < QUOTED_KEYS_LIMIT) QUOTED_KEYS.set(key, quoted);
  }
  return quoted;
}

/** Canonical text of a set of values whose order carries no meaning: members sorted by their canonical text. */
export function canonicalSet(members: readonly unknown[]): string {
  const texts = members.map(canonicalJson);
  texts.sort();
  return `[${texts.join(',')}]`;
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

/** Bytes of `"key":`, per object shape: the keys in sorted order with their quoted UTF-8 ready. */
interface Shape {
  keys: string[];
  /** Insertion index of the i-th key in sorted order. */
  order: number[];
  quoted: Uint8Array[];
}

const encoder = new TextEncoder();

/**
 * Writes canonicalJson's text as UTF-8 straight into a reused buffer, without building strings:
 * the same bytes as `encoder.encode(canonicalJson(value))` (tested). Objects are written in the
 * sorted order of their shape (their own keys in insertion order), looked up, not re-sorted, so
 * the fixed field order of the factories' Constraint and Fact objects costs one comparison per key;
 * an unknown shape is sorted once and remembered (bounded).
 */
class CanonicalWriter {
  buf = new Uint8Array(1 << 16);
  pos = 0;
  readonly #shapes = new Map<string, Shape[]>();
  #shapeCount = 0;

  /** Starts a new text (also after a toJSON that threw mid-way). */
  reset(): void {
    this.pos = 0;
    this.#depth = 0;
  }

  reserve(extra: number): void {
    if (this.pos + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + extra) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buf.subarray(0, this.pos));
    this.buf = grown;
  }

  byte(b: number): void {
    if (this.pos >= this.buf.length) this.reserve(1);
    this.buf[this.pos++] = b;
  }

  ascii(text: string): void {
    this.reserve(text.length);
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < text.length; i++) buf[pos++] = text.charCodeAt(i);
    this.pos = pos;
  }

  bytes(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < bytes.length; i++) buf[pos++] = bytes[i]!;
    this.pos = pos;
  }

  /** A JSON string: printable ASCII needing no escape is copied; anything else goes through JSON.stringify and encodeInto. */
  string(text: string): void {
    if (text.length >= LONG_STRING) return this.#longString(text);
    this.reserve(text.length + 2);
    const buf = this.buf;
    let pos = this.pos;
    buf[pos++] = 0x22;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x20 || c === 0x22 || c === 0x5c || c > 0x7e) return this.#escaped(text);
      buf[pos++] = c;
    }
    buf[pos++] = 0x22;
    this.pos = pos;
  }

  /**
   * A long string: a native regex test finds whether anything needs escaping (or is non-ASCII), and
   * encodeInto copies the rest. Both run natively. Throwaway script, 2026-11-27, 2-core VM at load ~3,
   * best of 15×200 (node 20 / bun 1.4.5 / deno 2.9.6):
   *   one 6000-character string                 70 / 8.6 / 64 µs  →  6.5 / 6.2 / 6.4 µs
   *   the 29 constraints Clew extracts from the
   *   100-line TypeScript fixture (16 KB)       139 / 51 / 126 µs →  122 / 53 / 85 µs
   * Below 16 characters the loop stays faster (JSC's subarray and call overhead dominate there).
   */
  #longString(text: string): void {
    if (NOT_PLAIN_ASCII.test(text)) return this.#escaped(text);
    this.reserve(text.length + 2);
    this.buf[this.pos++] = 0x22;
    this.pos += encoder.encodeInto(text, this.buf.subarray(this.pos)).written;
    this.buf[this.pos++] = 0x22;
  }

  #escaped(text: string): void {
    const json = JSON.stringify(text);
    this.reserve(json.length * 3);
    this.pos += encoder.encodeInto(json, this.buf.subarray(this.pos)).written;
  }

  value(value: unknown): void {
    switch (typeof value) {
      case 'string':
        return this.string(value);
      case 'number':
        return this.ascii(Number.isFinite(value) ? String(value) : 'null');
      case 'boolean':
        return this.ascii(value ? 'true' : 'false');
      case 'bigint':
        return this.ascii(String(value));
      case 'object': {
        if (value === null) return this.ascii('null');
        if (Array.isArray(value)) {
          this.byte(0x5b);
          for (let i = 0; i < value.length; i++) {
            if (i > 0) this.byte(0x2c);
            const item: unknown = value[i];
            if (item === undefined || typeof item === 'function') this.ascii('null');
            else this.value(item);
          }
          return this.byte(0x5d);
        }
        const record = value as Record<string, unknown>;
        if (typeof (record as { toJSON?: unknown }).toJSON === 'function') return this.value((record as { toJSON(): unknown }).toJSON());
        return this.#object(record);
      }
      default:
        return this.ascii('null');
    }
  }

  /**
   * Plain objects are read with for-in (V8's enum cache: no key array, fast loads; an enumerable
   * property added to Object.prototype would be read too, which Object.keys would not) into per-depth
   * scratch arrays; others (class instances, null prototypes) through Object.keys, as canonicalJson.
   */
  #object(record: Record<string, unknown>): void {
    const depth = this.#depth++;
    const keys = (this.#keyScratch[depth] ??= []);
    const values = (this.#valueScratch[depth] ??= []);
    let n = 0;
    if (Object.getPrototypeOf(record) === Object.prototype) {
      for (const key in record) {
        keys[n] = key;
        values[n++] = record[key];
      }
    } else {
      for (const key of Object.keys(record)) {
        keys[n] = key;
        values[n++] = record[key];
      }
    }
    const shape = this.#shapeOf(keys, n);
    const order = shape.order;
    this.byte(0x7b);
    let first = true;
    for (let i = 0; i < n; i++) {
      const member = values[order[i]!];
      if (member === undefined || typeof member === 'function') continue;
      if (!first) this.byte(0x2c);
      first = false;
      this.bytes(shape.quoted[i]!);
      this.value(member);
    }
    for (let i = 0; i < n; i++) values[i] = undefined;
    this.#depth--;
    this.byte(0x7d);
  }

  #depth = 0;
  readonly #keyScratch: string[][] = [];
  readonly #valueScratch: unknown[][] = [];

  #shapeOf(keys: string[], n: number): Shape {
    const head = n === 0 ? '' : keys[0]!;
    let candidates = this.#shapes.get(head);
    if (candidates !== undefined) {
      for (const shape of candidates) {
        const known = shape.keys;
        if (known.length !== n) continue;
        let same = true;
        for (let i = 1; i < n && same; i++) same = known[i] === keys[i];
        if (same) return shape;
      }
    }
    const own = keys.slice(0, n);
    const order = own.map((_, i) => i).sort((a, b) => (own[a]! < own[b]! ? -1 : own[a]! > own[b]! ? 1 : 0));
    const shape: Shape = { keys: own, order, quoted: order.map((i) => encoder.encode(`${JSON.stringify(own[i]!)}:`)) };
    if (this.#shapeCount < SHAPE_LIMIT) {
      if (candidates === undefined) this.#shapes.set(head, (candidates = []));
      candidates.push(shape);
      this.#shapeCount++;
    }
    return shape;
  }
}
/** From this length on a string is copied by encodeInto rather than the character loop (crossover measured on the three runtimes; see #longString). */
const LONG_STRING = 16;
/** What the character loop sends to #escaped: control characters, '"', '\\', and anything past '~'. */
const NOT_PLAIN_ASCII = /[^\x20-\x21\x23-\x5b\x5d-\x7e]/;

/** Bounds the shape memo, so arbitrary JSON cannot grow it. */
const SHAPE_LIMIT = 4096;

/**
 * Orders two canonical texts held as UTF-8 ranges as their strings would sort (UTF-16 code
 * units). Byte order is code-point order, which differs from code-unit order only between an
 * astral character and one in U+E000–U+FFFF; when non-ASCII bytes decide, the texts are decoded.
 */
function compareRanges(buf: Uint8Array, a0: number, a1: number, b0: number, b1: number): number {
  const n = Math.min(a1 - a0, b1 - b0);
  for (let i = 0; i < n; i++) {
    const x = buf[a0 + i]!;
    const y = buf[b0 + i]!;
    if (x === y) continue;
    if (x < 0x80 || y < 0x80) return x - y;
    const sa = decoder.decode(buf.subarray(a0, a1));
    const sb = decoder.decode(buf.subarray(b0, b1));
    return sa < sb ? -1 : sa > sb ? 1 : 0;
  }
  return a1 - a0 - (b1 - b0);
}

const decoder = new TextDecoder();

/** Up to this many members the digests are insertion-sorted, beyond that Array.prototype.sort (50 members: 3.4 against 5.7 µs for the whole hash on node). */
const INSERTION_SORT_MAX = 64;

/** XXH3-64 hex digests of text and of canonicalized values. Create one with `loadContentHasher()`. */
export class ContentHasher {
  readonly #xxh3: IHasher;
  readonly #writer = new CanonicalWriter();
  #setOut = new Uint8Array(1 << 16);

  constructor(xxh3: IHasher) {
    this.#xxh3 = xxh3;
  }

  /**
   * XXH3-64 (seed 0) of the UTF-8 bytes of `text`, 16 lowercase hex digits. The text is encoded
   * with encodeInto into a reused buffer: for the 2.9 KB 100-line fixture that is 1.0-1.4 µs against
   * 1.9-2.1 µs for hash-wasm's own string encoding (best of 15×500, node 20 / bun / deno, 2026-11-27).
   */
  text(text: string): string {
    const out = this.#textOut(text.length * 3);
    return this.bytes(out.subarray(0, encoder.encodeInto(text, out).written));
  }

  #textBuf = new Uint8Array(1 << 16);

  /** The reused encoding buffer, large enough for `size` bytes. */
  #textOut(size: number): Uint8Array {
    if (this.#textBuf.length < size) this.#textBuf = new Uint8Array(Math.max(size, this.#textBuf.length * 2));
    return this.#textBuf;
  }

  /** XXH3-64 of raw bytes. */
  bytes(bytes: Uint8Array): string {
    return this.#xxh3.init().update(bytes).digest('hex');
  }

  /** Extraction cache key: the source text and the language it is read as (the same text read as Python is another extraction). */
  source(source: string, language: string): string {
    // The bytes of `language + '\u0000' + source`, written without building the concatenated string.
    const out = this.#textOut((language.length + 1 + source.length) * 3);
    let pos = encoder.encodeInto(language, out).written;
    out[pos++] = 0;
    pos += encoder.encodeInto(source, out.subarray(pos)).written;
    return this.bytes(out.subarray(0, pos));
  }

  /**
   * Compilation cache key: the constraint set as a set (a multiset: duplicates count). XXH3-64 of
   * the members' digests in ascending order, each digest the XXH3-64 of the member's canonical JSON
   * as its 8 bytes (the bytes its 16 hex digits spell). A member frozen by freezeConstraints is a
   * value, so its digest is computed once and reused; any other member is written and hashed afresh.
   */
  constraints(constraints: readonly Constraint[] | ConstraintSet): string {
    const members: readonly unknown[] = Array.isArray(constraints) ? constraints : (constraints as ConstraintSet).constraints;
    const n = members.length;
    const his = this.#his;
    const los = this.#los;
    for (let i = 0; i < n; i++) {
      const member = members[i];
      const memo = memoisedDigest(member);
      if (memo) {
        his[i] = memo.hi;
        los[i] = memo.lo;
        continue;
      }
      const digest = this.#memberDigest(member);
      his[i] = digest.hi;
      los[i] = digest.lo;
      if (memo === null) rememberDigest(member as object, digest);
    }
    const order = this.#digestOrder(n);
    const size = n * 8;
    if (this.#setOut.length < size) this.#setOut = new Uint8Array(size * 2);
    const out = this.#setOut;
    let pos = 0;
    for (let i = 0; i < n; i++) {
      const hi = his[order[i]!]!;
      const lo = los[order[i]!]!;
      out[pos] = hi >>> 24;
      out[pos + 1] = hi >>> 16;
      out[pos + 2] = hi >>> 8;
      out[pos + 3] = hi;
      out[pos + 4] = lo >>> 24;
      out[pos + 5] = lo >>> 16;
      out[pos + 6] = lo >>> 8;
      out[pos + 7] = lo;
      pos += 8;
    }
    return this.bytes(out.subarray(0, size));
  }

  /** XXH3-64 of one member's canonical JSON (as constraints() reads it: undefined and functions as null). */
  #memberDigest(member: unknown): MemberDigest {
    const w = this.#writer;
    w.reset();
    if (member === undefined || typeof member === 'function') w.ascii('null');
    else w.value(member);
    const d = this.#xxh3.init().update(w.buf.subarray(0, w.pos)).digest('binary');
    return { hi: ((d[0]! << 24) | (d[1]! << 16) | (d[2]! << 8) | d[3]!) >>> 0, lo: ((d[4]! << 24) | (d[5]! << 16) | (d[6]! << 8) | d[7]!) >>> 0 };
  }

  /** Member indexes by ascending digest; small sets insertion-sorted inline (no comparator calls). */
  #digestOrder(n: number): number[] {
    const order = this.#order;
    const his = this.#his;
    const los = this.#los;
    order.length = n;
    for (let i = 0; i < n; i++) order[i] = i;
    if (n > INSERTION_SORT_MAX) return order.sort((a, b) => his[a]! - his[b]! || los[a]! - los[b]!);
    for (let i = 1; i < n; i++) {
      const item = order[i]!;
      const hi = his[item]!;
      const lo = los[item]!;
      let j = i - 1;
      for (; j >= 0; j--) {
        const other = order[j]!;
        if (his[other]! < hi || (his[other]! === hi && los[other]! <= lo)) break;
        order[j + 1] = other;
      }
      order[j + 1] = item;
    }
    return order;
  }

  /** Per call scratch of constraints(): the members' digest halves and their sorted order. */
  readonly #his: number[] = [];
  readonly #los: number[] = [];
  readonly #order: number[] = [];

  /** Hash of an IR or a list of IRs (the original keyed its cache on the serialized IR list). */
  ir(ir: unknown): string {
    return this.text(canonicalIR(ir));
  }

  /** Hash of any JSON-like value with sorted keys (arrays keep their order). */
  value(value: unknown): string {
    const w = this.#writer;
    w.reset();
    w.value(value);
    return this.bytes(w.buf.subarray(0, w.pos));
  }

  /**
   * UTF-8 of canonicalSet(members), written without intermediate strings: each member into the
   * writer's buffer, the ranges sorted as their texts would be, then copied in order. The view is
   * valid until the next call.
   */
  canonicalSetBytes(members: readonly unknown[]): Uint8Array {
    const w = this.#writer;
    w.reset();
    const bounds = new Array<number>(members.length + 1);
    const order = new Array<number>(members.length);
    for (let i = 0; i < members.length; i++) {
      bounds[i] = w.pos;
      const member = members[i];
      if (member === undefined || typeof member === 'function') w.ascii('null');
      else w.value(member);
      order[i] = i;
    }
    bounds[members.length] = w.pos;
    const buf = w.buf;
    order.sort((a, b) => compareRanges(buf, bounds[a]!, bounds[a + 1]!, bounds[b]!, bounds[b + 1]!));
    const size = w.pos + members.length + 2;
    if (this.#setOut.length < size) this.#setOut = new Uint8Array(size * 2);
    const out = this.#setOut;
    let pos = 0;
    out[pos++] = 0x5b;
    for (let i = 0; i < order.length; i++) {
      if (i > 0) out[pos++] = 0x2c;
      const from = bounds[order[i]!]!;
      const to = bounds[order[i]! + 1]!;
      out.set(buf.subarray(from, to), pos);
      pos += to - from;
    }
    out[pos++] = 0x5d;
    return out.subarray(0, pos);
  }
}

let shared: Promise<ContentHasher> | null = null;

/** The WASM module is instantiated once per process; every caller shares it (hashing is synchronous after that). */
export function loadContentHasher(): Promise<ContentHasher> {
  shared ??= createXXHash3(0, 0).then((xxh3) => new ContentHasher(xxh3));
  return shared;
}
