// Clew runs its queries in JavaScript over the tree's WebAssembly memory (core/clew/tree-memory.ts,
// matcher.ts). tree-sitter's own tree cursor and query cursor are the oracle: the flattened tree must
// be the nodes, fields and order the cursor visits, and every match must be one tree-sitter reports,
// on every fixture, on real files, and on hand-written patterns for each rule of the query language
// Clew uses. Query syntax outside that subset must be refused when the query is compiled.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { Query, type Node } from 'web-tree-sitter';
import { runnable, runQuery, type RunnableQuery } from '../../../core/clew/matches.ts';
import { parsePatterns } from '../../../core/clew/matcher.ts';
import { grammarTables, SyntaxNode, SyntaxTree } from '../../../core/clew/syntax.ts';
import { flatOf, flatten, NAMED, resetFlatArrays, tablesOf } from '../../../core/clew/tree-memory.ts';
import { CAPTURE_WORDS } from '../../../core/clew/wasm.ts';
import { spec as goSpec } from '../../../core/clew/languages/go.ts';
import { spec as pythonSpec } from '../../../core/clew/languages/python.ts';
import { spec as rustSpec } from '../../../core/clew/languages/rust.ts';
import { spec as typescriptSpec } from '../../../core/clew/languages/typescript.ts';
import { spec as zigSpec } from '../../../core/clew/languages/zig.ts';
import type { LanguageSpec } from '../../../core/clew/spec.ts';
import { repoPath } from '../../support/platform.ts';
import { loadGrammar } from './support.ts';

const SPECS: Array<[string, LanguageSpec, string[]]> = [
  ['typescript', typescriptSpec, ['test/core/clew/real/lru-cache.d.mts']],
  ['python', pythonSpec, ['test/core/clew/real/retry.py']],
  ['rust', rustSpec, []],
  ['go', goSpec, []],
  ['zig', zigSpec, ['test/core/clew/real/ring.zig']],
];

function sourcesOf(language: string, extra: string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const size of ['small', 'medium', 'large', 'xlarge']) {
    const dir = `fixtures/${language}/${size}`;
    for (const file of readdirSync(repoPath(dir))) out.push([`${dir}/${file}`, readFileSync(repoPath(`${dir}/${file}`), 'utf8')]);
  }
  for (const path of extra) out.push([path, readFileSync(repoPath(path), 'utf8')]);
  return out;
}

/** tree-sitter's cursor walk in document order: every visible node with what the flattened tree keeps. */
interface Visited {
  id: number;
  symbol: number;
  named: boolean;
  field: number;
  start: number;
  end: number;
  parent: number;
  /** web-tree-sitter's own node (left out of comparisons with the flattened tree). */
  node: Node;
}

function cursorWalk(root: Node): Visited[] {
  const out: Visited[] = [];
  const cursor = root.walk();
  const parents: number[] = [-1];
  try {
    for (;;) {
      const node = cursor.currentNode;
      out.push({
        id: node.id,
        symbol: node.typeId,
        named: node.isNamed,
        field: cursor.currentFieldId ?? 0,
        start: node.startIndex,
        end: node.endIndex,
        parent: parents[parents.length - 1]!,
        node,
      });
      if (cursor.gotoFirstChild()) {
        parents.push(out.length - 1);
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return out;
        parents.pop();
      }
    }
  } finally {
    cursor.delete();
  }
}

const plain = ({ node: _, ...rest }: Visited) => rest;

function flattened(compiled: RunnableQuery, node: SyntaxNode) {
  const flat = flatten(compiled.tables, node.id, node.startIndex, node.alias, null);
  const parent = new Int32Array(flat.count).fill(-1);
  for (let n = 0; n < flat.count; n++) for (let c = flat.firstChild[n]!; c !== -1; c = flat.nextSibling[c]!) parent[c] = n;
  const out = [];
  for (let n = 0; n < flat.count; n++) {
    out.push({
      id: flat.id[n]!,
      symbol: flat.symbol[n]!,
      named: (flat.flags[n]! & NAMED) !== 0,
      field: flat.field[n]!,
      start: flat.start[n]!,
      end: flat.end[n]!,
      parent: parent[n]!,
    });
  }
  return out;
}

/**
 * After a query run over `from`, Clew's nodes answer their kind, end and ancestors' kinds from the
 * flattened tree (syntax.ts); they must still be tree-sitter's, inside the run's subtree and up past it.
 */
function compareNodesAfterRun(
  compiled: RunnableQuery,
  syntax: SyntaxTree,
  from: SyntaxNode,
  walk: readonly Visited[],
  types: readonly string[],
  fields: readonly string[],
  where: string,
): void {
  runQuery(compiled, from);
  const flat = flatOf(syntax);
  assert.ok(flat !== null, `${where}: the run's flattened tree is the syntax tree's`);
  const nodes = [];
  for (let n = 0; n < flat.count; n++) nodes.push({ id: flat.id[n]!, start: flat.start[n]!, alias: flat.alias[n]! });
  const byId = new Map(walk.map((node, index) => [node.id, index]));
  const view = (node: SyntaxNode | Node | null) =>
    node === null
      ? null
      : 'startRow' in node
        ? [node.id, node.startIndex, node.startRow, node.startColumn]
        : [node.id, node.startIndex, node.startPosition.row, node.startPosition.column];
  for (const { id, start, alias } of nodes) {
    const index = byId.get(id)!;
    const theirs = walk[index]!;
    const ours = new SyntaxNode(syntax, id, start, alias);
    const at = `${where}: node ${id} (${types[theirs.symbol] ?? 'ERROR'})`;
    assert.equal(ours.typeId, theirs.symbol, `${at} kind`);
    assert.equal(ours.endIndex, theirs.end, `${at} end`);
    const expected: Array<string | null> = [];
    for (let p = theirs.parent; expected.length < 4; p = p === -1 ? -1 : walk[p]!.parent) expected.push(p === -1 ? null : (types[walk[p]!.symbol] ?? 'ERROR'));
    assert.deepEqual([...ours.ancestorTypes(4)], expected, `${at} ancestors`);
    // navigation read from the flattened tree: parent, named children, fields (with rows and columns)
    const node = theirs.node;
    assert.deepEqual(view(ours.parent), view(node.parent), `${at} parent`);
    assert.equal(ours.namedChildCount, node.namedChildCount, `${at} named child count`);
    assert.deepEqual(ours.namedChildren.map(view), node.namedChildren.map(view), `${at} named children`);
    assert.deepEqual(view(ours.namedChild(1)), view(node.namedChild(1)), `${at} named child 1`);
    for (const field of fields) {
      assert.deepEqual(view(ours.childForFieldName(field)), view(node.childForFieldName(field)), `${at} field ${field}`);
      assert.deepEqual(ours.childrenForFieldName(field).map(view), node.childrenForFieldName(field).map(view), `${at} children in field ${field}`);
      const inField = node.childForFieldName(field);
      const through = inField !== null && inField.type === 'type' ? inField.namedChild(0) : inField;
      assert.deepEqual(view(ours.childForFieldNameThrough(field, 'type')), view(through), `${at} field ${field} through type`);
    }
  }
  assert.equal(flatOf(syntax), flat, `${where}: still the run's flattened tree`);
}

interface MatchView {
  pattern: number;
  captures: string[];
  key: [number, number, number];
}

/** Matches as comparable strings, ordered as Clew's records sort them (role capture start, pattern, last capture start; stable). */
function ordered(matches: MatchView[]): Array<{ pattern: number; captures: string[] }> {
  return matches
    .slice()
    .sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.key[2] - b.key[2])
    .map(({ pattern, captures }) => ({ pattern, captures }));
}

function roleOf(compiled: RunnableQuery & { roleCapture?: Int32Array }, pattern: number): number | null {
  return compiled.roleCapture === undefined ? null : compiled.roleCapture[pattern]!;
}

function theirMatches(compiled: RunnableQuery & { roleCapture?: Int32Array }, node: Node, maxStartDepth?: number): MatchView[] {
  return compiled.query.matches(node, maxStartDepth === undefined ? {} : { maxStartDepth }).map((m) => {
    const role = roleOf(compiled, m.patternIndex);
    const main = m.captures.find((c) => role !== null && c.name === compiled.captureNames[role]) ?? m.captures[0]!;
    return {
      pattern: m.patternIndex,
      captures: m.captures.map(
        (c) => `${c.name}:${c.node.id}:${c.node.startIndex}-${c.node.endIndex}@${c.node.startPosition.row}:${c.node.startPosition.column}`,
      ),
      key: [main.node.startIndex, m.patternIndex, m.captures[m.captures.length - 1]!.node.startIndex],
    };
  });
}

function ourMatches(compiled: RunnableQuery & { roleCapture?: Int32Array }, syntax: SyntaxTree, node: SyntaxNode, maxStartDepth?: number): MatchView[] {
  const { words, count } = runQuery(compiled, node, maxStartDepth);
  const out: MatchView[] = [];
  for (let m = 0, at = 0; m < count; m++) {
    const pattern = words[at]!;
    const captureCount = words[at + 1]!;
    const role = roleOf(compiled, pattern);
    const captures: string[] = [];
    let main = -1;
    let last = -1;
    for (let c = 0, w = at + 2; c < captureCount; c++, w += CAPTURE_WORDS) {
      captures.push(`${compiled.captureNames[words[w]!]}:${words[w + 1]}:${words[w + 2]}-${syntax.endAt(words, w + 1)}@${words[w + 3]}:${words[w + 4]}`);
      if (main === -1 && (role === null || words[w] === role)) main = words[w + 2]!;
      last = words[w + 2]!;
    }
    if (main === -1) main = words[at + 4]!;
    out.push({ pattern, captures, key: [main, pattern, last] });
    at += 2 + captureCount * CAPTURE_WORDS;
  }
  return out;
}

for (const [language, spec, extra] of SPECS) {
  test(`${language}: the flattened tree is what tree-sitter's cursor visits, and every match is one its query cursor reports (all fixtures, real files)`, async () => {
    const { language: grammar, parser, compiled } = await loadGrammar(spec);
    let nodes = 0;
    let matches = 0;
    for (const [path, source] of sourcesOf(language, extra)) {
      const tree = parser.parse(source)!;
      try {
        const syntax = new SyntaxTree(tree, source, grammarTables(grammar));
        const walk = cursorWalk(tree.rootNode);
        assert.deepEqual(flattened(compiled, syntax.rootNode), walk.map(plain), `${path}: flattened tree`);
        nodes += walk.length;
        const ours = ourMatches(compiled, syntax, syntax.rootNode);
        assert.deepEqual(ordered(ours), ordered(theirMatches(compiled, tree.rootNode)), `${path}: matches over the whole tree`);
        matches += ours.length;
        if (path.includes('/small/') || path.includes('/medium/') || path.includes('/real/')) {
          const fields = grammar.fields.filter((f): f is string => f !== null);
          compareNodesAfterRun(compiled, syntax, syntax.rootNode, walk, grammar.types, fields, `${path}: nodes read from the flattened tree`);
          const unit = syntax.rootNode.namedChild(Math.min(2, syntax.rootNode.namedChildCount - 1))!;
          compareNodesAfterRun(compiled, syntax, unit, walk, grammar.types, fields, `${path}: nodes read from a unit's flattened tree`);
        }
        // rooted runs, as incremental extraction makes them: every child of the root, alone and with its subtree
        const root = tree.rootNode;
        for (let i = 0; i < Math.min(root.namedChildCount, 40); i++) {
          const theirs = root.namedChild(i)!;
          const mine = syntax.rootNode.namedChild(i)!;
          assert.deepEqual(ordered(ourMatches(compiled, syntax, mine, 0)), ordered(theirMatches(compiled, theirs, 0)), `${path} child ${i}, maxStartDepth 0`);
          assert.deepEqual(ordered(ourMatches(compiled, syntax, mine)), ordered(theirMatches(compiled, theirs)), `${path} child ${i}`);
          assert.deepEqual(
            flattened(compiled, mine),
            cursorWalk(theirs).map((n, j) => (j === 0 ? { ...plain(n), field: 0 } : plain(n))),
            `${path} child ${i}: flattened`,
          );
        }
      } finally {
        tree.delete();
      }
    }
    assert.ok(nodes > 20_000, `${language}: ${nodes} nodes compared`);
    assert.ok(matches > 1_000, `${language}: ${matches} matches compared`);
  });
}

test('a pass that outgrows the flattened arrays (nodes or depth) starts over and reads the same tree', async () => {
  const { language: grammar, parser, compiled } = await loadGrammar(pythonSpec);
  // 200 nested calls: deeper than 64 levels, and more nodes than 16
  const source = `x = ${'f('.repeat(200)}1${')'.repeat(200)}\n${readFileSync(repoPath('fixtures/python/medium/entity_service_500.py'), 'utf8')}`;
  const tree = parser.parse(source)!;
  try {
    const syntax = new SyntaxTree(tree, source, grammarTables(grammar));
    const walk = cursorWalk(tree.rootNode).map(plain);
    assert.ok(walk.length > 4096, `${walk.length} nodes`);
    resetFlatArrays(16, 2);
    assert.deepEqual(flattened(compiled, syntax.rootNode), walk, 'after growing from 16 nodes and 2 levels');
    resetFlatArrays(walk.length, 1);
    assert.deepEqual(flattened(compiled, syntax.rootNode), walk, 'exactly as many nodes as the arrays hold');
  } finally {
    tree.delete();
  }
});

/** Code with what the hand-written patterns below look for: several of a kind per parent, comments between siblings, errors, non-ASCII. */
const TYPESCRIPT = `import { a, b as c, d } from "m";
import "side-effect";
export { x, y };
export { z } from "other";
async function f(p: number, q?: string, ...r: boolean[]): Promise<void> {}
function g() { call(1, /* c */ 2, "three", four); obj.method(); }
class K { m1() {} async m2(x) {} private m3(): void {} }
const o = { k1: "v1", k2: 2, "k3": "v3" };
try { g(); } catch (e) { throw e; } finally { f(1); }
const s = "héllo 😀"; let broken = (1 + ;
`;

const HAND_WRITTEN = [
  // several children of one kind: one match each
  '(named_imports (import_specifier) @s) @list',
  '(class_body (method_definition name: (_) @m)) @body',
  // optional steps: the longest match only
  '(function_declaration "async"? @async name: (identifier) @name return_type: (_)? @ret) @f',
  '(formal_parameters (optional_parameter)? @opt) @params',
  '(method_definition (accessibility_modifier)? @vis name: (_) @name) @m',
  // anchors: first named child, last named child, adjacent named children, after a token
  '(arguments . (_) @first) @args',
  '(arguments (_) @last .) @args',
  '(arguments (_) @a . (_) @b) @args',
  '(import_statement "import" . source: (string) @src) @i',
  // fields, negated fields, wildcards
  '(export_statement !source (export_clause (export_specifier name: (identifier) @n))) @e',
  '(call_expression function: _ @fn) @call',
  '(pair key: (_) @k value: (string) @v) @p',
  // alternations, at the root and in a field, with captures on the alternation
  '[(identifier) (property_identifier)] @name',
  '(pair key: [(property_identifier) (string)] @k) @p',
  '(variable_declarator value: [(object) (string) (parenthesized_expression)] @v) @d',
  // several combinations of children, groups with predicates, siblings with no captures
  '(object (pair key: (_) @k1) (pair key: (_) @k2)) @o',
  '((identifier) @id (#eq? @id "call"))',
  '(try_statement (catch_clause) (finally_clause)) @t',
  '(ERROR) @err',
];

test('hand-written patterns for each rule of the query subset match what tree-sitter matches', async () => {
  const { language: grammar, parser } = await loadGrammar(typescriptSpec);
  const tree = parser.parse(TYPESCRIPT)!;
  try {
    const syntax = new SyntaxTree(tree, TYPESCRIPT, grammarTables(grammar));
    for (const source of HAND_WRITTEN) {
      const query = new Query(grammar, source);
      try {
        const compiled = runnable(query, source, grammar);
        const ours = ourMatches(compiled, syntax, syntax.rootNode);
        assert.deepEqual(ordered(ours), ordered(theirMatches(compiled, tree.rootNode)), source);
        assert.ok(ours.length > 0, `${source}: matches something`);
      } finally {
        query.delete();
      }
    }
  } finally {
    tree.delete();
  }
});

test('query syntax outside the subset the matcher runs is refused when the query is compiled, naming it', async () => {
  const { language } = await loadGrammar(typescriptSpec);
  const refuse = (source: string, expected: RegExp) => assert.throws(() => parsePatterns(source, language, ['a', 'b']), expected, source);
  refuse('(arguments (_)* @a)', /the quantifier \*/);
  refuse('(arguments (_)+ @a)', /the quantifier \+/);
  refuse('((identifier) @a (identifier) @b)', /a group of several sibling patterns/);
  refuse('(no_such_kind) @a', /node kind "no_such_kind" is not in the grammar/);
  refuse('(pair nope: (_) @a)', /field nope is not in the grammar/);
  refuse('(pair key: (_) @c)', /capture @c is not in the query's capture list/);
  refuse('(_) @a', /a root that is not a node kind/);
  refuse('(identifier)? @a', /an optional pattern root/);
  // the patterns it reads must be the ones tree-sitter compiled
  const parsed = parsePatterns(typescriptSpec.query, language, new Query(language, typescriptSpec.query).captureNames);
  assert.equal(parsed.roots.length, new Query(language, typescriptSpec.query).patternCount());
});

test("the grammar tables read from WASM agree with web-tree-sitter's own look-ups", async () => {
  for (const [, spec] of SPECS) {
    const { language } = await loadGrammar(spec);
    const tables = tablesOf(language);
    // every symbol's public id, visibility and namedness as web-tree-sitter reports them
    for (let symbol = 1; symbol < tables.publicSymbol.length; symbol++) {
      const name = language.types[symbol];
      if (name === undefined || name === '') continue;
      const named = (tables.metadata[symbol]! & 2) !== 0;
      assert.equal(named, language.nodeTypeIsNamed(symbol), `${spec.language} symbol ${symbol} (${name}) named`);
      assert.equal((tables.metadata[symbol]! & 1) !== 0, language.nodeTypeIsVisible(symbol), `${spec.language} symbol ${symbol} (${name}) visible`);
    }
    assert.ok(tables.publicSymbol.length > 100, `${spec.language}: symbols read`);
  }
});
