// Units of the syntax tree: a full extraction queries the tree once, an incremental one unit by
// unit, reusing the records of units an edit left alone (shifted to their new positions).
import type { FieldFact, TypeDeclFact, TypeExpr, TypeFact } from '../model/facts.ts';
import { fnv1a64 } from '../model/id.ts';
import { runQuery } from './matches.ts';
import { recordsFromMatches, type CompiledQuery, type MatchRecord } from './records.ts';
import { hasTypeKind, type LanguageSpec } from './spec.ts';
import type { SyntaxNode } from './syntax.ts';

/** A record moved by an edit before it: same content, new positions. */
function shiftRecord(rec: MatchRecord, dIndex: number, dRow: number): MatchRecord {
  const moved = { ...rec, start: rec.start + dIndex, lastCapture: rec.lastCapture + dIndex } as MatchRecord;
  if ('line' in moved) (moved as { line: number }).line += dRow;
  if (moved.kind === 'function') {
    moved.end += dIndex;
    // inline object types (`f(x: { a: string })`) carry their members' lines
    if (
      dRow !== 0 &&
      (moved.fact.params.some((p) => p.type !== null && hasTypeKind(p.type.expr, 'object')) ||
        (moved.fact.returnType !== null && hasTypeKind(moved.fact.returnType.expr, 'object')))
    ) {
      const shiftType = (t: TypeFact | null) => (t === null ? null : { text: t.text, expr: shiftExprLines(t.expr, dRow) });
      moved.fact = { ...moved.fact, params: moved.fact.params.map((p) => ({ ...p, type: shiftType(p.type) })), returnType: shiftType(moved.fact.returnType) };
    }
  }
  if (moved.kind === 'type' && dRow !== 0) moved.fact = shiftDeclarationLines(moved.fact, dRow);
  return moved;
}

/** Field lines moved by dRow, in fields and in every inline object type below them (line 0: a field no source line declares). */
function shiftFieldLines(fields: readonly FieldFact[], dRow: number): FieldFact[] {
  return fields.map((f) => ({
    ...f,
    line: f.line === 0 ? 0 : f.line + dRow,
    type: f.type === null ? null : { text: f.type.text, expr: shiftExprLines(f.type.expr, dRow) },
  }));
}

function shiftExprLines(expr: TypeExpr, dRow: number): TypeExpr {
  switch (expr.kind) {
    case 'object':
      return { ...expr, fields: shiftFieldLines(expr.fields, dRow), rest: expr.rest && shiftExprLines(expr.rest, dRow) };
    case 'array':
      return { ...expr, items: shiftExprLines(expr.items, dRow) };
    case 'map':
      return { ...expr, key: shiftExprLines(expr.key, dRow), value: shiftExprLines(expr.value, dRow) };
    case 'optional':
      return { ...expr, inner: shiftExprLines(expr.inner, dRow) };
    case 'union':
    case 'intersection':
      return { ...expr, members: expr.members.map((m) => shiftExprLines(m, dRow)) };
    case 'tuple':
      return { ...expr, items: expr.items.map((m) => shiftExprLines(m, dRow)) };
    case 'ref':
      return expr.args.length === 0 ? expr : { ...expr, args: expr.args.map((m) => shiftExprLines(m, dRow)) };
    case 'error_union':
      return { ...expr, error: expr.error && shiftExprLines(expr.error, dRow), payload: shiftExprLines(expr.payload, dRow) };
    case 'indexed':
      return { ...expr, object: shiftExprLines(expr.object, dRow), index: shiftExprLines(expr.index, dRow) };
    case 'keyof':
      return { ...expr, of: shiftExprLines(expr.of, dRow) };
    case 'mapped':
      return { ...expr, keys: shiftExprLines(expr.keys, dRow), value: shiftExprLines(expr.value, dRow) };
    default:
      return expr;
  }
}

function shiftDeclarationLines(fact: TypeDeclFact, dRow: number): TypeDeclFact {
  const out: TypeDeclFact = { ...fact, fields: shiftFieldLines(fact.fields, dRow) };
  if (fact.aliasOf !== null) out.aliasOf = { text: fact.aliasOf.text, expr: shiftExprLines(fact.aliasOf.expr, dRow) };
  if (fact.members) out.members = fact.members.map((m) => ({ ...m, fields: shiftFieldLines(m.fields, dRow) }));
  if (fact.rest) out.rest = shiftExprLines(fact.rest, dRow);
  if (fact.bases) out.bases = fact.bases.map((b) => shiftExprLines(b, dRow));
  return out;
}

/** Subtrees at most this long (in UTF-16 units) are queried whole; longer ones are split into their children. */
export const UNIT_SIZE = 1500;
/** Splitting stops this deep, so pathological nesting is queried whole (inside WASM, no JS recursion). */
const MAX_SPLIT_DEPTH = 12;
/** Children this short go into the context fingerprint of their siblings' units. */
const CONTEXT_CHILD_SIZE = 200;

interface Unit {
  start: number;
  row: number;
  records: MatchRecord[];
}

/** Records of a tree's units, kept with an extraction result so the next incremental run can reuse them. */
export type UnitCache = Map<string, Unit>;

/** How the last collectRecords run went: units reused from the cache, and query runs (for tests and tuning). */
export const lastUnitStats = { reused: 0, queried: 0, split: 0 };

/** A unit of the tree: a subtree queried whole, keyed by its kind, context and text. */
interface UnitNode {
  node: SyntaxNode;
  key: string;
}

/**
 * Walks the tree's units in document order. A node longer than UNIT_SIZE is split: `onSplit` gets
 * the node (its own patterns run with maxStartDepth 0) and each named child is handled the same way.
 * Records read a few ancestors (a method's class name, an export wrapper, a decorator), so a unit's
 * key includes a fingerprint of every split ancestor's type and short children.
 */
function walkUnits(root: SyntaxNode, onSplit: (node: SyntaxNode) => void, onUnit: (unit: UnitNode) => void): void {
  // explicit stack: no JS recursion over the tree; three parallel arrays, no object per entry
  const nodes: SyntaxNode[] = [root];
  const depths: number[] = [0];
  const contexts: string[] = [''];
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    const depth = depths.pop()!;
    const context = contexts.pop()!;
    const length = node.endIndex - node.startIndex;
    const children = length > UNIT_SIZE && depth < MAX_SPLIT_DEPTH ? node.namedChildren : null;
    if (children !== null && children.length > 0) {
      onSplit(node);
      let fingerprint = `${context}|${node.type}`;
      for (const child of children) {
        // Comments are short siblings of everything and no record depends on them; attributes and
        // decorators (a struct's #[serde(...)]) are read by their neighbours whatever their length.
        if (child === null) continue;
        // each kind or end read is a WASM call (nodes keep no caches): read each once
        const kind = child.type;
        if (kind.includes('comment')) continue;
        if (child.endIndex - child.startIndex <= CONTEXT_CHILD_SIZE || kind === 'attribute_item' || kind === 'decorator') {
          fingerprint += `\u0000${child.text}`;
        }
      }
      const childContext = fnv1a64(fingerprint);
      for (let i = children.length - 1; i >= 0; i--) {
        const child = children[i];
        if (child) {
          nodes.push(child);
          depths.push(depth + 1);
          contexts.push(childContext);
        }
      }
      continue;
    }
    // A unit, keyed by content rather than node id: tree-sitter reuses few subtree pointers after an
    // edit (external-scanner tokens such as Rust doc comments stop reuse), and equal text in an equal
    // context gives equal records, only moved.
    onUnit({ node, key: `${node.typeId}\u0000${context}\u0000${node.text}` });
  }
}

const byPosition = (a: MatchRecord, b: MatchRecord) => a.start - b.start || a.patternIndex - b.patternIndex || a.lastCapture - b.lastCapture;

/**
 * Sorts records into document order in place. Tree-sitter yields matches almost in that order (on the
 * fixtures at most half a shift per record), so an insertion sort does it without the work arrays
 * Array.prototype.sort allocates; past a few shifts per record it hands over to that sort.
 */
export function sortByPosition(records: MatchRecord[]): void {
  const budget = 8 * records.length;
  let shifts = 0;
  for (let i = 1; i < records.length; i++) {
    const r = records[i]!;
    let j = i - 1;
    while (j >= 0 && byPosition(records[j]!, r) > 0) {
      records[j + 1] = records[j]!;
      j--;
      if (++shifts > budget) {
        records[j + 1] = r;
        records.sort(byPosition);
        return;
      }
    }
    records[j + 1] = r;
  }
}

/**
 * Queries the tree unit by unit (incremental extraction): a unit whose kind, text and context are
 * unchanged since the previous run takes its records from that run, shifted to its new position;
 * split nodes run only the patterns rooted at themselves.
 */
export function collectRecords(spec: LanguageSpec, compiled: CompiledQuery, root: SyntaxNode, previous: UnitCache | null, next: UnitCache): MatchRecord[] {
  const out: MatchRecord[] = [];
  lastUnitStats.reused = 0;
  lastUnitStats.queried = 0;
  lastUnitStats.split = 0;
  walkUnits(
    root,
    (node) => {
      lastUnitStats.split++;
      recordsFromMatches(spec, compiled, node.tree, runQuery(compiled, node, 0), out);
    },
    ({ node, key }) => {
      const start = node.startIndex;
      const row = node.startRow;
      const cached = previous?.get(key);
      if (cached !== undefined) {
        const dIndex = start - cached.start;
        const dRow = row - cached.row;
        const records = dIndex === 0 && dRow === 0 ? cached.records : cached.records.map((r) => shiftRecord(r, dIndex, dRow));
        for (const r of records) out.push(r);
        lastUnitStats.reused++;
        next.set(key, dIndex === 0 && dRow === 0 ? cached : { start, row, records });
        return;
      }
      const records: MatchRecord[] = [];
      lastUnitStats.queried++;
      recordsFromMatches(spec, compiled, node.tree, runQuery(compiled, node), records);
      for (const r of records) out.push(r);
      next.set(key, { start, row, records });
    },
  );
  sortByPosition(out);
  return out;
}

/**
 * A full extraction queries the whole tree once: one query execution instead of one per unit and
 * split node, and no unit keys (they read every unit's text). Every match is rooted in a split node
 * or inside a unit, so these are the records collectRecords finds; unitsFromRecords splits them
 * into units when an incremental run first needs them.
 */
export function collectAllRecords(spec: LanguageSpec, compiled: CompiledQuery, root: SyntaxNode): MatchRecord[] {
  const out: MatchRecord[] = [];
  lastUnitStats.reused = 0;
  lastUnitStats.queried = 1;
  lastUnitStats.split = 0;
  recordsFromMatches(spec, compiled, root.tree, runQuery(compiled, root), out);
  sortByPosition(out);
  return out;
}

/**
 * The unit cache collectRecords would have built, from a full extraction's records and its tree
 * (records rooted at split nodes belong to no unit: they are queried again on every run), or null
 * when a record lies in no unit.
 */
export function unitsFromRecords(root: SyntaxNode, records: readonly MatchRecord[]): UnitCache | null {
  const splitIds = new Set<number>();
  const units: Array<{ key: string; id: number; start: number; end: number; row: number }> = [];
  walkUnits(
    root,
    (node) => splitIds.add(node.id),
    ({ node, key }) => {
      units.push({ key, id: node.id, start: node.startIndex, end: node.endIndex, row: node.startRow });
    },
  );
  const cache: UnitCache = new Map();
  const lists: MatchRecord[][] = units.map(() => []);
  // units are disjoint and in document order: the unit holding a record starts at or before it
  // (an empty unit, a MISSING node, holds only records rooted at itself)
  const unitOf = (rec: MatchRecord): number => {
    let lo = 0;
    let hi = units.length - 1;
    let last = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (units[mid]!.start <= rec.start) {
        last = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    for (let i = last; i >= 0; i--) {
      const unit = units[i]!;
      if (unit.start === unit.end ? unit.id === rec.rootId : rec.start < unit.end) return i;
      if (unit.start < units[last]!.start) break;
    }
    return -1;
  };
  for (const rec of records) {
    if (splitIds.has(rec.rootId)) continue;
    const u = unitOf(rec);
    // not expected (no pattern is rooted at an anonymous token); the caller then queries every unit afresh
    if (u === -1) return null;
    lists[u]!.push(rec);
  }
  for (let i = 0; i < units.length; i++) {
    const { key, start, row } = units[i]!;
    cache.set(key, { start, row, records: lists[i]! });
  }
  return cache;
}
