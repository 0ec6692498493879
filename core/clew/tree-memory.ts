// A syntax tree read straight from tree-sitter's WebAssembly memory, in one pass and without a call
// into WASM: the subtrees' own structs (lib/src/subtree.h) and the grammar's tables (lib/src/parser.h,
// `struct TSLanguage`) as web-tree-sitter 0.27.2's wasm32 build lays them out (wasm.ts checks the
// version). flatten() lays a subtree's visible nodes out in document order in reused typed arrays
// (kind, field, range, position, first child, next sibling), which is what matcher.ts runs Clew's
// queries over: tree-sitter's own query cursor walks the tree through its tree cursor and asks each
// node's field and supertypes on the way, which cost 0.2-0.4x of the parse at 1000 lines before any
// pattern is tried (core/clew/README.md, "Query cost"); this walk costs about 0.05x.
//
// Every rule here is tree-sitter's own (lib/src/tree_cursor.c): a child is visible when its subtree is
// or when the parent's production aliases it to a visible symbol; invisible children's children are
// read as the parent's; a child's field comes from the parent's production at its structural index
// (extras take none and are not counted), and an invisible child passes its field down; a parent's
// padding is its first child's, so the first child starts where the parent does.
import type { Language } from 'web-tree-sitter';
import { addressOf, heap } from './wasm.ts';

/** tree-sitter's ERROR symbol (ts_builtin_sym_error); its public symbol is itself. */
export const ERROR_SYMBOL = 0xffff;

/** What a tree's subtrees need from their grammar, copied out of WASM memory once per language. */
export interface LanguageTables {
  /** Public symbol per internal symbol (symbols and aliases). */
  publicSymbol: Uint16Array;
  /** Per symbol: bit 0 visible, bit 1 named. */
  metadata: Uint8Array;
  maxAliasLength: number;
  /** production id × maxAliasLength + structural child index → alias symbol (0: none). */
  aliases: Uint16Array;
  /**
   * The field of a production's child: fieldAt[production × fieldWidth + structural index] (0: none),
   * from the grammar's field map without its inherited entries (a tree cursor ignores those).
   */
  fieldAt: Uint16Array;
  fieldWidth: number;
}

const languageTables = new WeakMap<Language, LanguageTables>();

/** `array` when it holds `length` words, else a copy at least twice as long: the reused buffers' growth. */
export function ensureLength(array: Int32Array<ArrayBuffer>, length: number): Int32Array<ArrayBuffer> {
  if (length <= array.length) return array;
  const bigger = new Int32Array(Math.max(array.length * 2, length));
  bigger.set(array);
  return bigger;
}

// byte offsets in wasm32's `struct TSLanguage` (lib/src/parser.h): nine uint32 counts, then
// max_alias_sequence_length (uint16), then pointers
const L_SYMBOL_COUNT = 4;
const L_ALIAS_COUNT = 8;
const L_PRODUCTION_COUNT = 28;
const L_FIELD_COUNT = 32;
const L_MAX_ALIAS_LENGTH = 36;
const L_FIELD_MAP_SLICES = 64;
const L_FIELD_MAP_ENTRIES = 68;
const L_SYMBOL_METADATA = 72;
const L_PUBLIC_SYMBOL_MAP = 76;
const L_ALIAS_SEQUENCES = 84;

/** The grammar tables of a language, read from its `TSLanguage` in WASM memory. */
export function tablesOf(language: Language): LanguageTables {
  let found = languageTables.get(language);
  if (found !== undefined) return found;
  const address = addressOf(language);
  const buffer = heap().buffer;
  const u8 = new Uint8Array(buffer);
  const u16 = new Uint16Array(buffer);
  const u32 = new Uint32Array(buffer);
  const symbols = u32[(address + L_SYMBOL_COUNT) >> 2]! + u32[(address + L_ALIAS_COUNT) >> 2]!;
  const productions = u32[(address + L_PRODUCTION_COUNT) >> 2]!;
  const fieldCount = u32[(address + L_FIELD_COUNT) >> 2]!;
  const maxAliasLength = u16[(address + L_MAX_ALIAS_LENGTH) >> 1]!;
  const metadataAt = u32[(address + L_SYMBOL_METADATA) >> 2]!;
  const publicAt = u32[(address + L_PUBLIC_SYMBOL_MAP) >> 2]!;
  const aliasesAt = u32[(address + L_ALIAS_SEQUENCES) >> 2]!;
  const metadata = new Uint8Array(symbols);
  // TSSymbolMetadata: three bools (visible, named, supertype)
  for (let s = 0; s < symbols; s++) metadata[s] = u8[metadataAt + 3 * s]! | (u8[metadataAt + 3 * s + 1]! << 1);
  const publicSymbol = u16.slice(publicAt >> 1, (publicAt >> 1) + symbols);
  const aliases = aliasesAt === 0 ? new Uint16Array(0) : u16.slice(aliasesAt >> 1, (aliasesAt >> 1) + productions * maxAliasLength);
  // TSMapSlice: uint16 index, uint16 length; TSFieldMapEntry: uint16 field id, uint8 child index, bool inherited
  const slicesAt = u32[(address + L_FIELD_MAP_SLICES) >> 2]!;
  const entriesAt = u32[(address + L_FIELD_MAP_ENTRIES) >> 2]!;
  const entry = (p: number, k: number) => entriesAt + 4 * (u16[(slicesAt >> 1) + 2 * p]! + k);
  const entryCount = (p: number) => (fieldCount === 0 ? 0 : u16[(slicesAt >> 1) + 2 * p + 1]!);
  let fieldWidth = 1;
  for (let p = 0; p < productions; p++) for (let k = 0; k < entryCount(p); k++) fieldWidth = Math.max(fieldWidth, u8[entry(p, k) + 2]! + 1);
  const fieldAt = new Uint16Array(productions * fieldWidth);
  for (let p = 0; p < productions; p++) {
    // the first entry for a child wins, as in ts_tree_cursor_current_field_id
    for (let k = entryCount(p) - 1; k >= 0; k--) {
      const at = entry(p, k);
      if (u8[at + 3] === 0) fieldAt[p * fieldWidth + u8[at + 2]!] = u16[at >> 1]!;
    }
  }
  found = { publicSymbol, metadata, maxAliasLength, aliases, fieldAt, fieldWidth };
  languageTables.set(language, found);
  return found;
}

/**
 * Which anonymous nodes flatten() keeps, by public symbol and by field (1: keep); null keeps every
 * one. An anonymous node with children is always kept.
 */
export type AnonymousNodes = { symbols: Uint8Array; fields: Uint8Array } | null;

/**
 * A flattened subtree, valid until the next flatten(): node i (0 is the subtree's root) in document
 * order, its first visible child and next visible sibling (-1: none), and what a query step and a
 * capture read. Positions are in UTF-16 code units, as web-tree-sitter gives them.
 */
export interface FlatTree {
  count: number;
  /** The node's id: the address of its Subtree slot in WASM memory (TSNode.id). */
  id: Int32Array;
  symbol: Int32Array;
  /** Bit 0 (NAMED): named; bit 1 (FIELD_LEFT_OUT): an anonymous child with a field was left out. */
  flags: Uint8Array;
  field: Int32Array;
  start: Int32Array;
  end: Int32Array;
  alias: Int32Array;
  firstChild: Int32Array;
  nextSibling: Int32Array;
  /** The node's parent (-1 for node 0, whose parent lies outside). */
  parent: Int32Array;
}

export const NAMED = 1;
export const FIELD_LEFT_OUT = 2;

function flatArrays(capacity: number): FlatTree {
  return {
    count: 0,
    id: new Int32Array(capacity),
    symbol: new Int32Array(capacity),
    flags: new Uint8Array(capacity),
    field: new Int32Array(capacity),
    start: new Int32Array(capacity),
    end: new Int32Array(capacity),
    alias: new Int32Array(capacity),
    firstChild: new Int32Array(capacity),
    nextSibling: new Int32Array(capacity),
    parent: new Int32Array(capacity),
  };
}

let flat = flatArrays(1 << 12);
let lastChild = new Int32Array(1 << 12);

/** Tests: start again from arrays for `nodes` nodes and `depth` levels, so the next flatten() outgrows them. */
export function resetFlatArrays(nodes: number, depth: number): void {
  flat = flatArrays(nodes);
  lastChild = new Int32Array(nodes);
  frames = new Int32Array(FRAME * depth);
}

const TOO_MANY_NODES = -1;
const TOO_DEEP = -2;

/** Room for twice as many nodes (the pass that ran out starts over, so nothing is copied). */
function grow(): void {
  flat = flatArrays(flat.id.length * 2);
  lastChild = new Int32Array(flat.id.length);
}

// The walk's stack, one frame per subtree whose children are being read: the parent's address, its
// child count and production, the next child and structural index, the previous child's end in
// bytes, the visible node the children belong to and the field an invisible parent passes down.
const FRAME = 8;
let frames = new Int32Array(FRAME * 64);

// Subtree fields (lib/src/subtree.h), wasm32, little-endian. Inline subtrees (bit 0 of the first byte
// set, 8 bytes in the slot): flags byte, symbol byte, parse state (2), padding columns, padding rows
// and lookahead (4 bits each), padding bytes, size bytes. Heap subtrees: the slot holds a pointer to
// SubtreeHeapData, whose children sit just before it, 8 bytes each.
const H_PADDING_BYTES = 4;
const H_SIZE_BYTES = 16;
const H_CHILD_COUNT = 36;
const H_SYMBOL = 40;
const H_FLAGS = 44;
const H_PRODUCTION = 66;
const SLOT = 8;

/**
 * Lays out the visible nodes of the subtree at `id` (a node's id: its slot's address) that starts at
 * code unit `start` and carries `alias` (0: none): what a tree cursor started at that node visits, in
 * the same order, leaving out the anonymous nodes `anonymous` does not ask for. Rows and columns
 * are not read (a capture's come from the source, matches.ts).
 */
export function flatten(tables: LanguageTables, id: number, start: number, alias: number, anonymous: AnonymousNodes): FlatTree {
  flatOwner = null;
  for (;;) {
    const count = fill(flat, lastChild, frames, tables, id, start, alias, anonymous);
    if (count >= 0) {
      flat.count = count;
      return flat;
    }
    // rare: the arrays keep their largest size, and the pass starts over
    if (count === TOO_MANY_NODES) grow();
    else frames = new Int32Array(frames.length * 2);
  }
}

/**
 * One pass over the subtree into `f`, returning the node count, or TOO_MANY_NODES when `f` is too
 * small, TOO_DEEP when `stack` is. The arrays are fixed for the pass, so the loop holds them in
 * constants: against a loop storing through `f.id[n]` and growing in place, this pass takes 0.89-0.91
 * of the time on Node, 0.68-0.71 on Bun and 0.79-0.83 on Deno (the 1000-line fixtures, one process,
 * interleaved); holding them in variables reassigned after an in-loop growth was 1.24 on Bun.
 */
function fill(
  f: FlatTree,
  last: Int32Array,
  stack: Int32Array,
  tables: LanguageTables,
  id: number,
  start: number,
  alias: number,
  anonymous: AnonymousNodes,
): number {
  const buffer = heap().buffer;
  const u8 = new Uint8Array(buffer);
  const u16 = new Uint16Array(buffer);
  const u32 = new Uint32Array(buffer);
  const { publicSymbol, metadata, maxAliasLength, aliases, fieldAt, fieldWidth } = tables;
  const symbols = publicSymbol.length;
  const keepSymbols = anonymous === null ? null : anonymous.symbols;
  const keepFields = anonymous === null ? null : anonymous.fields;

  // the root node
  const rootFirst = u8[id]!;
  let rootSymbol: number;
  let rootNamed: number;
  let rootSizeBytes: number;
  let rootPtr = 0;
  if ((rootFirst & 1) === 1) {
    rootSymbol = u8[id + 1]!;
    rootNamed = (rootFirst >> 2) & 1;
    rootSizeBytes = u8[id + 7]!;
  } else {
    rootPtr = u32[id >> 2]!;
    rootSymbol = u16[(rootPtr + H_SYMBOL) >> 1]!;
    const flags = u16[(rootPtr + H_FLAGS) >> 1]!;
    rootNamed = (flags >> 1) & 1;
    rootSizeBytes = u32[(rootPtr + H_SIZE_BYTES) >> 2]!;
  }
  if (alias !== 0) {
    rootSymbol = alias;
    rootNamed = (metadata[alias]! >> 1) & 1;
  }
  f.id[0] = id;
  f.symbol[0] = rootSymbol < symbols ? publicSymbol[rootSymbol]! : rootSymbol;
  f.flags[0] = rootNamed;
  f.field[0] = 0;
  f.start[0] = start;
  f.end[0] = start + (rootSizeBytes >> 1);
  f.alias[0] = alias;
  f.firstChild[0] = -1;
  f.nextSibling[0] = -1;
  f.parent[0] = -1;
  last[0] = -1;
  let count = 1;

  const fId = f.id;
  const fSymbol = f.symbol;
  const fFlags = f.flags;
  const fField = f.field;
  const fStart = f.start;
  const fEnd = f.end;
  const fAlias = f.alias;
  const fFirst = f.firstChild;
  const fNext = f.nextSibling;
  const fParent = f.parent;
  const capacity = fId.length;
  let sp = 0;
  if (rootPtr !== 0 && u32[(rootPtr + H_CHILD_COUNT) >> 2]! > 0) {
    stack[0] = rootPtr;
    stack[1] = u32[(rootPtr + H_CHILD_COUNT) >> 2]!;
    stack[2] = u16[(rootPtr + H_PRODUCTION) >> 1]!;
    stack[3] = 0;
    stack[4] = 0;
    stack[5] = start * 2;
    stack[6] = 0;
    stack[7] = 0;
    sp = 1;
  }
  while (sp > 0) {
    const base = (sp - 1) * FRAME;
    const parent = stack[base]!;
    const childCount = stack[base + 1]!;
    const production = stack[base + 2]!;
    let index = stack[base + 3]!;
    let structural = stack[base + 4]!;
    let end = stack[base + 5]!;
    const owner = stack[base + 6]!;
    const passedField = stack[base + 7]!;
    let descended = false;
    while (index < childCount) {
      const slot = parent - (childCount - index) * SLOT;
      const first = u8[slot]!;
      let symbol: number;
      let visible: number;
      let named: number;
      let extra: number;
      let ptr = 0;
      let childStart: number;
      // the first child starts where the parent does (their padding is the same), the others after
      // the previous child's end and their own padding
      if ((first & 1) === 1) {
        visible = (first >> 1) & 1;
        named = (first >> 2) & 1;
        extra = (first >> 3) & 1;
        symbol = u8[slot + 1]!;
        childStart = index === 0 ? end : end + u8[slot + 6]!;
        end = childStart + u8[slot + 7]!;
      } else {
        ptr = u32[slot >> 2]!;
        const flags = u16[(ptr + H_FLAGS) >> 1]!;
        visible = flags & 1;
        named = (flags >> 1) & 1;
        extra = (flags >> 2) & 1;
        symbol = u16[(ptr + H_SYMBOL) >> 1]!;
        childStart = index === 0 ? end : end + u32[(ptr + H_PADDING_BYTES) >> 2]!;
        end = childStart + u32[(ptr + H_SIZE_BYTES) >> 2]!;
      }
      index++;
      let childAlias = 0;
      let field = 0;
      if (extra === 0) {
        if (production !== 0 && maxAliasLength > 0) childAlias = aliases[production * maxAliasLength + structural]!;
        if (structural < fieldWidth) field = fieldAt[production * fieldWidth + structural]!;
        if (field === 0) field = passedField;
        structural++;
      }
      if (childAlias !== 0) {
        visible |= metadata[childAlias]! & 1;
        named = (metadata[childAlias]! >> 1) & 1;
        symbol = childAlias;
      }
      const grandchildren = ptr === 0 ? 0 : u32[(ptr + H_CHILD_COUNT) >> 2]!;
      let childOwner = owner;
      const publicId = symbol < symbols ? publicSymbol[symbol]! : symbol;
      if (visible === 1 && (named === 1 || keepSymbols === null || keepSymbols[publicId] === 1 || keepFields![field] === 1 || grandchildren > 0)) {
        if (count === capacity) return TOO_MANY_NODES;
        const n = count++;
        fId[n] = slot;
        fSymbol[n] = publicId;
        fFlags[n] = named;
        fField[n] = field;
        fStart[n] = childStart >> 1;
        fEnd[n] = end >> 1;
        fAlias[n] = childAlias;
        fFirst[n] = -1;
        fNext[n] = -1;
        fParent[n] = owner;
        last[n] = -1;
        const previous = last[owner]!;
        if (previous === -1) fFirst[owner] = n;
        else fNext[previous] = n;
        last[owner] = n;
        childOwner = n;
      } else if (visible === 1 && field !== 0) fFlags[owner]! |= FIELD_LEFT_OUT;
      if (grandchildren > 0) {
        // save this frame, then read the child's children (visible: as its own; invisible: as the owner's)
        stack[base + 3] = index;
        stack[base + 4] = structural;
        stack[base + 5] = end;
        const next = sp * FRAME;
        if (next + FRAME > stack.length) return TOO_DEEP;
        stack[next] = ptr;
        stack[next + 1] = grandchildren;
        stack[next + 2] = u16[(ptr + H_PRODUCTION) >> 1]!;
        stack[next + 3] = 0;
        stack[next + 4] = 0;
        stack[next + 5] = childStart;
        stack[next + 6] = childOwner;
        stack[next + 7] = visible === 1 || extra === 1 ? 0 : field;
        sp++;
        descended = true;
        break;
      }
    }
    if (!descended) sp--;
  }
  return count;
}

// The tree the flattened nodes were last read from (matches.ts claims them after a query run), so
// syntax.ts can answer a node's kind, end and ancestors from them instead of a call into WASM each.
let flatOwner: object | null = null;

/** Marks the last flatten() as read from `tree` (a SyntaxTree), until the next flatten(). */
export function claimFlat(tree: object): void {
  flatOwner = tree;
}

/** The flattened tree if it was last read from `tree`, else null. */
export function flatOf(tree: object): FlatTree | null {
  return flatOwner === tree ? flat : null;
}

// Where nodes were last found in a flattened tree, by a hash of their id and start: readers ask
// about the same few nodes again and again (kind, then fields, then children). An entry is checked
// against the node's id and start before it is used, so one left from an earlier walk never answers.
const HINTS = 256;
const hints = new Int32Array(HINTS);
const hintOf = (id: number, start: number) => ((id >>> 3) ^ start) & (HINTS - 1);

/** Notes that node `n` of `f` is about to be asked about (syntax.ts makes a node of it). */
export function hintFlat(f: FlatTree, n: number): void {
  hints[hintOf(f.id[n]!, f.start[n]!)] = n;
}

/** Node `id` starting at `start` in the flattened tree (positions never decrease in document order), or -1. */
export function flatIndex(f: FlatTree, id: number, start: number): number {
  const hint = hintOf(id, start);
  const known = hints[hint]!;
  if (known < f.count && f.id[known] === id && f.start[known] === start) return known;
  let lo = 0;
  let hi = f.count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (f.start[mid]! < start) lo = mid + 1;
    else hi = mid;
  }
  for (let n = lo; n < f.count && f.start[n] === start; n++) {
    if (f.id[n] === id) {
      hints[hint] = n;
      return n;
    }
  }
  return -1;
}

// Where each line of the last source asked about starts (tree-sitter counts rows at '\n'): the
// walk reads only byte ranges, and a node's row and column come from its start.
let lineSource: string | null = null;
let lineStarts = new Int32Array(1024);
let lineCount = 0;
/** The row rowOf last answered: nodes are mostly asked about near the last one. */
let lastRow = 0;

function readLines(source: string): void {
  lineCount = 0;
  let at = 0;
  for (;;) {
    lineStarts = ensureLength(lineStarts, lineCount + 1);
    lineStarts[lineCount++] = at;
    const newline = source.indexOf('\n', at);
    if (newline === -1) break;
    at = newline + 1;
  }
  lineSource = source;
  lastRow = 0;
}

/** The 0-based row of a code unit index of `source`: the last line starting at or before it. */
export function rowOf(source: string, index: number): number {
  if (lineSource !== source) readLines(source);
  if (index >= lineStarts[lastRow]! && (lastRow + 1 === lineCount || index < lineStarts[lastRow + 1]!)) return lastRow;
  let lo = 0;
  let hi = lineCount - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid]! <= index) lo = mid;
    else hi = mid - 1;
  }
  lastRow = lo;
  return lo;
}

/** Where row `row` of the source last given to rowOf starts. */
export function lineStart(row: number): number {
  return lineStarts[row]!;
}
