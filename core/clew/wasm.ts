// Clew's direct line into web-tree-sitter's WebAssembly module: the exported C functions and the
// transfer buffer they read and write, used instead of web-tree-sitter's `Node` objects (one
// JavaScript object of 250-450 bytes per capture and per navigation step; see README.md, "Query
// cost"). This reads the memory layout of web-tree-sitter 0.27.2 exactly (package.json pins it):
// a node crosses as five 32-bit words [id, start index, start row, start column, alias symbol]
// (indices and columns in UTF-16 code units), a cursor as four, a query match as
// [pattern, capture count, then per capture: capture index and a node]. bindWasm() refuses any
// other version and any module whose functions do not have this build's signatures (layoutProblems),
// so a change fails loudly instead of producing less.
import type { Language, Query, Tree } from 'web-tree-sitter';
import type { EmscriptenModule } from './tree-sitter-module.ts';

/** The web-tree-sitter version whose memory layout Clew reads. */
export const WEB_TREE_SITTER_LAYOUT = '0.27.2';

/** Words per node in the transfer buffer and in results. */
export const NODE_WORDS = 5;
/** Words per capture in a match: the capture index, then a node. */
export const CAPTURE_WORDS = 1 + NODE_WORDS;

/** The exported functions Clew calls, with their parameter counts in the 0.27.2 build (a fingerprint of the layout). */
const EXPORTS = {
  _ts_init: 0,
  _ts_tree_root_node_wasm: 1,
  _ts_node_symbol_wasm: 1,
  _ts_node_end_index_wasm: 1,
  _ts_node_parent_wasm: 1,
  _ts_node_child_by_field_id_wasm: 2,
  _ts_node_children_by_field_id_wasm: 2,
  _ts_node_child_wasm: 2,
  _ts_node_named_child_wasm: 2,
  _ts_node_child_count_wasm: 1,
  _ts_node_named_child_count_wasm: 1,
  _ts_node_children_wasm: 1,
  _ts_node_named_children_wasm: 1,
  _ts_node_prev_sibling_wasm: 1,
  _ts_node_next_named_sibling_wasm: 1,
  _ts_node_prev_named_sibling_wasm: 1,
  _ts_node_is_named_wasm: 1,
  _ts_node_has_error_wasm: 1,
  _ts_tree_cursor_new_wasm: 1,
  _ts_tree_cursor_delete_wasm: 1,
  _ts_tree_cursor_goto_first_child_wasm: 1,
  _ts_tree_cursor_goto_next_sibling_wasm: 1,
  _ts_tree_cursor_goto_parent_wasm: 1,
  _ts_tree_cursor_current_node_type_id_wasm: 1,
  _ts_tree_cursor_current_node_is_named_wasm: 1,
  _ts_tree_cursor_current_field_id_wasm: 1,
  _ts_tree_cursor_current_node_wasm: 1,
  _ts_tree_cursor_start_index_wasm: 1,
  _ts_tree_cursor_end_index_wasm: 1,
  _ts_tree_cursor_start_position_wasm: 1,
  // query, tree, start/end point (4), start/end index (2), containing points (4) and indices (2), match limit, max start depth
  _ts_query_matches_wasm: 16,
  // query, pattern index, out: step count (steps are [type, value id] word pairs; type 0 done, 1 capture, 2 string)
  _ts_query_predicates_for_pattern: 3,
  // query, string id, out: byte length (UTF-8, not NUL-terminated)
  _ts_query_string_value_for_id: 3,
  _free: 1,
} as const;

type Exports = { [K in keyof typeof EXPORTS]: (...args: number[]) => number };

export interface Wasm extends Exports {
  /** Address of the transfer buffer, in 32-bit words (HEAP32 index). */
  transfer: number;
  /** web-tree-sitter's Emscripten Module; its HEAP32 view is replaced when memory grows, so read memory through heap(). */
  module: EmscriptenModule;
}

let bound: Wasm | null = null;
let heapView: Int32Array = new Int32Array(0);

/**
 * WASM memory as 32-bit words. Growing the memory detaches the old view (its length drops to 0),
 * so any call that may allocate inside WASM is followed by a fresh read through here.
 */
export function heap(): Int32Array {
  if (heapView.length === 0) heapView = bound!.module.HEAP32!;
  return heapView;
}

/** The bound module; Clew.create() binds it (bindWasm) before anything reads a tree. */
export function wasm(): Wasm {
  if (bound === null) throw new Error('Clew: web-tree-sitter is not bound yet; create a Clew first (Clew.create())');
  return bound;
}

/**
 * Binds Clew to web-tree-sitter's Module, checking what it reads: the package version, every
 * function it calls with this build's parameter count, and a little-endian host (WASM memory is
 * little-endian; Int32Array reads the host's order). Throws naming what differs.
 */
export function bindWasm(module: EmscriptenModule | null, packageVersion: string): Wasm {
  const problems = layoutProblems(module, packageVersion);
  if (problems.length > 0) {
    throw new Error(
      `Clew reads web-tree-sitter ${WEB_TREE_SITTER_LAYOUT}'s memory layout directly, and this one differs: ${problems.join('; ')}. Pin web-tree-sitter to ${WEB_TREE_SITTER_LAYOUT} or update core/clew/wasm.ts to the new layout (its tests compare it with web-tree-sitter's own objects).`,
    );
  }
  const m = module as EmscriptenModule & Record<string, unknown>;
  const functions = Object.fromEntries(Object.keys(EXPORTS).map((name) => [name, m[name]])) as Exports;
  // ts_init only writes the language versions into the transfer buffer and returns its address
  const binding: Wasm = { ...functions, transfer: functions._ts_init() >> 2, module: m };
  bound = binding;
  heapView = m.HEAP32!;
  return binding;
}

/** What keeps Clew from reading this module's layout (empty: nothing). */
export function layoutProblems(module: EmscriptenModule | null, packageVersion: string): string[] {
  const problems: string[] = [];
  if (packageVersion !== WEB_TREE_SITTER_LAYOUT) problems.push(`the installed version is ${packageVersion}`);
  if (module === null) {
    problems.push('its Module is out of reach (web-tree-sitter was initialised before core/clew/tree-sitter-module.ts could hand it its options object)');
    return problems;
  }
  if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) problems.push('this host is big-endian');
  if (!(module.HEAP32 instanceof Int32Array)) problems.push('Module.HEAP32 is missing');
  const m = module as Record<string, unknown>;
  for (const [name, params] of Object.entries(EXPORTS)) {
    const fn = m[name];
    if (typeof fn !== 'function') problems.push(`Module.${name} is missing`);
    else if (fn.length !== params) problems.push(`Module.${name} takes ${fn.length} parameters, not ${params}`);
  }
  return problems;
}

/** web-tree-sitter keeps each object's WASM address at index 0 (marked internal in its types). */
export function addressOf(object: Tree | Query | Language): number {
  const address = (object as unknown as { 0?: unknown })[0];
  if (typeof address !== 'number' || address <= 0)
    throw new Error(`Clew: web-tree-sitter ${WEB_TREE_SITTER_LAYOUT} keeps a WASM address at [0]; this object has ${String(address)}`);
  return address;
}
