// Syntax nodes read straight from tree-sitter's WebAssembly memory (wasm.ts): the part of
// web-tree-sitter's `Node` API Clew's readers use, as a small object of plain numbers whose text is
// a slice of the source (no text callback) and whose kind is looked up once. Query captures become
// nodes only where Clew navigates from them (records.ts).
import type { Language, Tree } from 'web-tree-sitter';
import { FIELD_LEFT_OUT, type FlatTree, flatIndex, flatOf, hintFlat, lineStart, NAMED, rowOf } from './tree-memory.ts';
import { addressOf, heap, NODE_WORDS, wasm } from './wasm.ts';

/** What every node of one grammar shares: kind names by symbol, field ids by name. */
export interface GrammarTables {
  types: readonly string[];
  fields: readonly (string | null)[];
  fieldIds: ReadonlyMap<string, number>;
}

const tables = new WeakMap<Language, GrammarTables>();

export function grammarTables(language: Language): GrammarTables {
  let found = tables.get(language);
  if (found === undefined) {
    const fieldIds = new Map<string, number>();
    language.fields.forEach((name, id) => {
      if (name !== null && id > 0) fieldIds.set(name, id);
    });
    found = { types: language.types, fields: language.fields, fieldIds };
    tables.set(language, found);
  }
  return found;
}

/** A parsed tree as Clew reads it: its WASM address, its source and its grammar's tables. */
export class SyntaxTree {
  readonly address: number;

  constructor(
    tree: Tree,
    readonly source: string,
    readonly grammar: GrammarTables,
  ) {
    this.address = addressOf(tree);
  }

  get rootNode(): SyntaxNode {
    const w = wasm();
    w._ts_tree_root_node_wasm(this.address);
    return nodeFrom(this, heap(), w.transfer)!;
  }

  /** A node from five words of a result buffer or the transfer buffer (null for tree-sitter's null node, id 0). */
  nodeAt(words: Int32Array, at: number): SyntaxNode | null {
    return nodeFrom(this, words, at);
  }

  /** Where the node given by five words ends, without making a node object. */
  endAt(words: Int32Array, at: number): number {
    const f = flatOf(this);
    if (f !== null) {
      const n = flatIndex(f, words[at]!, words[at + 1]!);
      if (n !== -1) return f.end[n]!;
    }
    const w = wasm();
    const h = heap();
    const t = w.transfer;
    h[t] = words[at]!;
    h[t + 1] = words[at + 1]!;
    h[t + 2] = words[at + 2]!;
    h[t + 3] = words[at + 3]!;
    h[t + 4] = words[at + 4]!;
    return w._ts_node_end_index_wasm(this.address);
  }

  /** The source text of the node given by five words, without making a node object. */
  textAt(words: Int32Array, at: number): string {
    return this.source.slice(words[at + 1]!, this.endAt(words, at));
  }
}

/** The node in five words (id, start, row, column, alias); its row and column are read again from the source when asked. */
function nodeFrom(tree: SyntaxTree, words: Int32Array, at: number): SyntaxNode | null {
  const id = words[at]!;
  return id === 0 ? null : new SyntaxNode(tree, id, words[at + 1]!, words[at + 4]!);
}

/** Writes a node's five words into the transfer buffer, where the node functions read their argument. */
export function marshal(node: SyntaxNode): void {
  const h = heap();
  const at = wasm().transfer;
  const row = rowOf(node.tree.source, node.startIndex);
  h[at] = node.id;
  h[at + 1] = node.startIndex;
  h[at + 2] = row;
  h[at + 3] = node.startIndex - lineStart(row);
  h[at + 4] = node.alias;
}

/** The node a node function left in the transfer buffer. */
function result(tree: SyntaxTree): SyntaxNode | null {
  return nodeFrom(tree, heap(), wasm().transfer);
}

/** The node array a function left behind ([count, address] in the transfer buffer); frees it. */
function resultList(tree: SyntaxTree): SyntaxNode[] {
  const w = wasm();
  const h = heap();
  const count = h[w.transfer]!;
  const address = h[w.transfer + 1]!;
  const out = new Array<SyntaxNode>(count);
  let at = address >> 2;
  for (let i = 0; i < count; i++, at += NODE_WORDS) out[i] = nodeFrom(tree, h, at)!;
  if (address !== 0) w._free(address);
  return out;
}

/** A symbol's kind name; 'ERROR' for tree-sitter's error symbol (65535), as web-tree-sitter names it. */
function kindName(tree: SyntaxTree, symbol: number): string {
  return tree.grammar.types[symbol] ?? 'ERROR';
}

/** The flattened tree of the last query run over this tree (tree-memory.ts) holding `node`, and its index there; null when it holds none. */
let flatTree: FlatTree | null = null;
function flatIndexOf(node: SyntaxNode): number {
  flatTree = flatOf(node.tree);
  return flatTree === null ? -1 : flatIndex(flatTree, node.id, node.startIndex);
}

/** Node `n` of the flattened tree as a SyntaxNode. */
function flatNode(tree: SyntaxTree, f: FlatTree, n: number): SyntaxNode {
  hintFlat(f, n);
  return new SyntaxNode(tree, f.id[n]!, f.start[n]!, f.alias[n]!);
}

/** The array ancestorTypes fills. */
const ancestors: Array<string | null> = [];

/**
 * One syntax node: plain numbers (positions in UTF-16 code units, as JavaScript strings count), no
 * more than tree-sitter's node functions take. Kind, end, parent, ancestors, named children and
 * field children are read from the last query run's flattened tree when it holds the node
 * (tree-memory.ts; found by a binary search on the start), else asked of WASM; nothing is cached on
 * the node (caching kind and end cost every node 16 bytes on Node, and on the fixtures 13–45% of the
 * kind reads and 3–33% of the end reads were repeats).
 */
export class SyntaxNode {
  constructor(
    readonly tree: SyntaxTree,
    readonly id: number,
    readonly startIndex: number,
    /** The alias symbol tree-sitter keeps with the node (0: none). */
    readonly alias: number,
  ) {}

  /**
   * 0-based row of the node's start, from the source's line table (tree-memory.ts), as tree-sitter
   * counts rows: read when asked rather than kept on every node (most nodes are never asked).
   */
  get startRow(): number {
    return rowOf(this.tree.source, this.startIndex);
  }

  /** Column of the node's start in UTF-16 code units, as web-tree-sitter counts them. */
  get startColumn(): number {
    return this.startIndex - lineStart(rowOf(this.tree.source, this.startIndex));
  }

  equals(other: SyntaxNode): boolean {
    return this.tree === other.tree && this.id === other.id;
  }

  get typeId(): number {
    const n = flatIndexOf(this);
    if (n !== -1) return flatTree!.symbol[n]!;
    marshal(this);
    return wasm()._ts_node_symbol_wasm(this.tree.address);
  }

  /** The node's kind; 'ERROR' for tree-sitter's error symbol (65535), as web-tree-sitter names it. */
  get type(): string {
    return kindName(this.tree, this.typeId);
  }

  get endIndex(): number {
    const n = flatIndexOf(this);
    if (n !== -1) return flatTree!.end[n]!;
    marshal(this);
    return wasm()._ts_node_end_index_wasm(this.tree.address);
  }

  get text(): string {
    return this.tree.source.slice(this.startIndex, this.endIndex);
  }

  get isNamed(): boolean {
    marshal(this);
    return wasm()._ts_node_is_named_wasm(this.tree.address) === 1;
  }

  get hasError(): boolean {
    marshal(this);
    return wasm()._ts_node_has_error_wasm(this.tree.address) === 1;
  }

  get parent(): SyntaxNode | null {
    const n = flatIndexOf(this);
    if (n !== -1) {
      const f = flatTree!;
      const parent = f.parent[n]!;
      if (parent !== -1) return flatNode(this.tree, f, parent);
      if (f.id[0] === this.tree.address) return null;
    }
    marshal(this);
    wasm()._ts_node_parent_wasm(this.tree.address);
    return result(this.tree);
  }

  /**
   * The kinds of this node's parent, grandparent, … up to `levels` ancestors (null past the root), in
   * one array reused from call to call (read it before the next call), without a node per step: each
   * step reads the node tree-sitter left in the transfer buffer and leaves its parent there.
   */
  ancestorTypes(levels: number): ReadonlyArray<string | null> {
    const from = flatIndexOf(this);
    if (from !== -1) {
      // from the flattened nodes, when the chain stays inside them or ends at the tree's root
      const f = flatTree;
      let n = from;
      let i = 0;
      for (; i < levels; i++) {
        const parent = f!.parent[n]!;
        if (parent === -1) break;
        ancestors[i] = kindName(this.tree, f!.symbol[parent]!);
        n = parent;
      }
      if (i === levels || f!.id[0] === this.tree.address) {
        for (; i < levels; i++) ancestors[i] = null;
        ancestors.length = levels;
        return ancestors;
      }
    }
    const w = wasm();
    const address = this.tree.address;
    const t = w.transfer;
    marshal(this);
    let i = 0;
    for (; i < levels; i++) {
      w._ts_node_parent_wasm(address);
      if (heap()[t] === 0) break;
      ancestors[i] = kindName(this.tree, w._ts_node_symbol_wasm(address));
    }
    for (; i < levels; i++) ancestors[i] = null;
    ancestors.length = levels;
    return ancestors;
  }

  /** Whether a child (named or anonymous) is of this kind, reading each child's kind without a node. */
  hasChildOfType(kind: string): boolean {
    const w = wasm();
    marshal(this);
    return this.childOfType(kind, w._ts_node_child_count_wasm(this.tree.address), w._ts_node_child_wasm);
  }

  /** Whether a named child is of this kind, reading each child's kind without a node. */
  hasNamedChildOfType(kind: string): boolean {
    const w = wasm();
    marshal(this);
    return this.childOfType(kind, w._ts_node_named_child_count_wasm(this.tree.address), w._ts_node_named_child_wasm);
  }

  /** The kinds of the named children, in order, without a node per child. */
  namedChildTypes(): string[] {
    const w = wasm();
    marshal(this);
    const count = w._ts_node_named_child_count_wasm(this.tree.address);
    const out = new Array<string>(count);
    for (let i = 0; i < count; i++) out[i] = this.childKind(i, w._ts_node_named_child_wasm);
    return out;
  }

  /** The kind of child `index` as `childAt` counts children, read without a node. */
  private childKind(index: number, childAt: (tree: number, index: number) => number): string {
    const w = wasm();
    const address = this.tree.address;
    // the child function leaves the child in the transfer buffer, where the symbol function reads it
    marshal(this);
    childAt(address, index);
    return kindName(this.tree, w._ts_node_symbol_wasm(address));
  }

  private childOfType(kind: string, count: number, childAt: (tree: number, index: number) => number): boolean {
    for (let i = 0; i < count; i++) if (this.childKind(i, childAt) === kind) return true;
    return false;
  }

  childForFieldName(field: string): SyntaxNode | null {
    const id = this.tree.grammar.fieldIds.get(field);
    if (id === undefined) return null;
    const n = flatIndexOf(this);
    if (n !== -1 && (flatTree!.flags[n]! & FIELD_LEFT_OUT) === 0) {
      const f = flatTree!;
      for (let c = f.firstChild[n]!; c !== -1; c = f.nextSibling[c]!) if (f.field[c] === id) return flatNode(this.tree, f, c);
      return null;
    }
    marshal(this);
    wasm()._ts_node_child_by_field_id_wasm(this.tree.address, id);
    return result(this.tree);
  }

  /**
   * The child in a field, or when that child is a `wrapper` node (Python's `type` around an
   * annotation) the wrapper's first named child: one node made instead of two.
   */
  childForFieldNameThrough(field: string, wrapper: string): SyntaxNode | null {
    const id = this.tree.grammar.fieldIds.get(field);
    if (id === undefined) return null;
    const n = flatIndexOf(this);
    if (n !== -1 && (flatTree!.flags[n]! & FIELD_LEFT_OUT) === 0) {
      const f = flatTree!;
      let c = f.firstChild[n]!;
      while (c !== -1 && f.field[c] !== id) c = f.nextSibling[c]!;
      if (c === -1) return null;
      if (kindName(this.tree, f.symbol[c]!) === wrapper) {
        const wrapped = c;
        c = f.firstChild[wrapped]!;
        while (c !== -1 && (f.flags[c]! & NAMED) === 0) c = f.nextSibling[c]!;
        if (c === -1) return null;
      }
      return flatNode(this.tree, f, c);
    }
    const w = wasm();
    const address = this.tree.address;
    marshal(this);
    // each call reads its node from the transfer buffer and leaves its result there
    w._ts_node_child_by_field_id_wasm(address, id);
    if (heap()[w.transfer] === 0) return null;
    if (kindName(this.tree, w._ts_node_symbol_wasm(address)) === wrapper) w._ts_node_named_child_wasm(address, 0);
    return result(this.tree);
  }

  childrenForFieldName(field: string): SyntaxNode[] {
    const id = this.tree.grammar.fieldIds.get(field);
    if (id === undefined) return [];
    const n = flatIndexOf(this);
    if (n !== -1 && (flatTree!.flags[n]! & FIELD_LEFT_OUT) === 0) {
      const f = flatTree!;
      const out: SyntaxNode[] = [];
      for (let c = f.firstChild[n]!; c !== -1; c = f.nextSibling[c]!) if (f.field[c] === id) out.push(flatNode(this.tree, f, c));
      return out;
    }
    marshal(this);
    wasm()._ts_node_children_by_field_id_wasm(this.tree.address, id);
    return resultList(this.tree);
  }

  child(index: number): SyntaxNode | null {
    marshal(this);
    wasm()._ts_node_child_wasm(this.tree.address, index);
    return result(this.tree);
  }

  namedChild(index: number): SyntaxNode | null {
    const n = flatIndexOf(this);
    if (n !== -1) {
      const f = flatTree!;
      let seen = 0;
      for (let c = f.firstChild[n]!; c !== -1; c = f.nextSibling[c]!) {
        if ((f.flags[c]! & NAMED) === 0) continue;
        if (seen++ === index) return flatNode(this.tree, f, c);
      }
      return null;
    }
    marshal(this);
    wasm()._ts_node_named_child_wasm(this.tree.address, index);
    return result(this.tree);
  }

  get childCount(): number {
    marshal(this);
    return wasm()._ts_node_child_count_wasm(this.tree.address);
  }

  get namedChildCount(): number {
    const n = flatIndexOf(this);
    if (n !== -1) {
      const f = flatTree!;
      let count = 0;
      for (let c = f.firstChild[n]!; c !== -1; c = f.nextSibling[c]!) if ((f.flags[c]! & NAMED) !== 0) count++;
      return count;
    }
    marshal(this);
    return wasm()._ts_node_named_child_count_wasm(this.tree.address);
  }

  get children(): SyntaxNode[] {
    marshal(this);
    wasm()._ts_node_children_wasm(this.tree.address);
    return resultList(this.tree);
  }

  /**
   * A new array on every read: a reader that looks at them more than once keeps the array (a cache
   * field cost every node 8 bytes on Node, more than the few repeated reads it saved).
   */
  get namedChildren(): SyntaxNode[] {
    const n = flatIndexOf(this);
    if (n !== -1) {
      const f = flatTree!;
      const out: SyntaxNode[] = [];
      for (let c = f.firstChild[n]!; c !== -1; c = f.nextSibling[c]!) if ((f.flags[c]! & NAMED) !== 0) out.push(flatNode(this.tree, f, c));
      return out;
    }
    marshal(this);
    wasm()._ts_node_named_children_wasm(this.tree.address);
    return resultList(this.tree);
  }

  get firstChild(): SyntaxNode | null {
    return this.child(0);
  }

  get firstNamedChild(): SyntaxNode | null {
    return this.namedChild(0);
  }

  get lastChild(): SyntaxNode | null {
    const count = this.childCount;
    return count === 0 ? null : this.child(count - 1);
  }

  get lastNamedChild(): SyntaxNode | null {
    const count = this.namedChildCount;
    return count === 0 ? null : this.namedChild(count - 1);
  }

  get previousSibling(): SyntaxNode | null {
    marshal(this);
    wasm()._ts_node_prev_sibling_wasm(this.tree.address);
    return result(this.tree);
  }

  get nextNamedSibling(): SyntaxNode | null {
    marshal(this);
    wasm()._ts_node_next_named_sibling_wasm(this.tree.address);
    return result(this.tree);
  }

  get previousNamedSibling(): SyntaxNode | null {
    marshal(this);
    wasm()._ts_node_prev_named_sibling_wasm(this.tree.address);
    return result(this.tree);
  }

  /** A cursor over this node's subtree; delete() it when done (it holds WASM memory). */
  walk(): SyntaxCursor {
    marshal(this);
    wasm()._ts_tree_cursor_new_wasm(this.tree.address);
    return new SyntaxCursor(this.tree);
  }
}

/** tree-sitter's tree cursor: visits children without a node object per step. */
export class SyntaxCursor {
  private readonly handles: Int32Array;

  /** Takes the cursor tree-sitter just left in the transfer buffer. */
  constructor(private readonly tree: SyntaxTree) {
    const at = wasm().transfer;
    this.handles = heap().slice(at, at + 4);
  }

  private put(): void {
    const h = heap();
    const at = wasm().transfer;
    const handles = this.handles;
    h[at] = handles[0]!;
    h[at + 1] = handles[1]!;
    h[at + 2] = handles[2]!;
    h[at + 3] = handles[3]!;
  }

  private move(moved: number): boolean {
    const h = heap();
    const at = wasm().transfer;
    const handles = this.handles;
    handles[0] = h[at]!;
    handles[1] = h[at + 1]!;
    handles[2] = h[at + 2]!;
    handles[3] = h[at + 3]!;
    return moved === 1;
  }

  gotoFirstChild(): boolean {
    this.put();
    return this.move(wasm()._ts_tree_cursor_goto_first_child_wasm(this.tree.address));
  }

  gotoNextSibling(): boolean {
    this.put();
    return this.move(wasm()._ts_tree_cursor_goto_next_sibling_wasm(this.tree.address));
  }

  gotoParent(): boolean {
    this.put();
    return this.move(wasm()._ts_tree_cursor_goto_parent_wasm(this.tree.address));
  }

  get nodeType(): string {
    this.put();
    return kindName(this.tree, wasm()._ts_tree_cursor_current_node_type_id_wasm(this.tree.address));
  }

  get nodeIsNamed(): boolean {
    this.put();
    return wasm()._ts_tree_cursor_current_node_is_named_wasm(this.tree.address) === 1;
  }

  /** The current node's field name in its parent, or null. */
  get currentFieldName(): string | null {
    this.put();
    const id = wasm()._ts_tree_cursor_current_field_id_wasm(this.tree.address);
    return id === 0 ? null : (this.tree.grammar.fields[id] ?? null);
  }

  get startIndex(): number {
    this.put();
    return wasm()._ts_tree_cursor_start_index_wasm(this.tree.address);
  }

  get endIndex(): number {
    this.put();
    return wasm()._ts_tree_cursor_end_index_wasm(this.tree.address);
  }

  get startRow(): number {
    this.put();
    const w = wasm();
    w._ts_tree_cursor_start_position_wasm(this.tree.address);
    return heap()[w.transfer]!;
  }

  get nodeText(): string {
    return this.tree.source.slice(this.startIndex, this.endIndex);
  }

  get currentNode(): SyntaxNode {
    this.put();
    wasm()._ts_tree_cursor_current_node_wasm(this.tree.address);
    return result(this.tree)!;
  }

  delete(): void {
    this.put();
    wasm()._ts_tree_cursor_delete_wasm(this.tree.address);
  }
}
