// Clew reads web-tree-sitter's WebAssembly memory directly (core/clew/wasm.ts, syntax.ts, matches.ts).
// These tests fail loudly when that read could go wrong: a web-tree-sitter other than the pinned
// version, a missing export or one with another signature; and they check the read against
// web-tree-sitter's own objects on real fixtures (nodes, cursor steps, query captures).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Query, type Node, type TreeCursor } from 'web-tree-sitter';
import { runnable, runQuery, runQueryInWasm, type RunnableQuery } from '../../../core/clew/matches.ts';
import type { CompiledQuery } from '../../../core/clew/records.ts';
import { grammarTables, SyntaxTree, type SyntaxCursor, type SyntaxNode } from '../../../core/clew/syntax.ts';
import { initTreeSitter, type EmscriptenModule } from '../../../core/clew/tree-sitter-module.ts';
import { bindWasm, CAPTURE_WORDS, layoutProblems, WEB_TREE_SITTER_LAYOUT } from '../../../core/clew/wasm.ts';
import { spec as goSpec } from '../../../core/clew/languages/go.ts';
import { spec as pythonSpec } from '../../../core/clew/languages/python.ts';
import { spec as rustSpec } from '../../../core/clew/languages/rust.ts';
import { spec as typescriptSpec } from '../../../core/clew/languages/typescript.ts';
import { spec as zigSpec } from '../../../core/clew/languages/zig.ts';
import type { LanguageSpec } from '../../../core/clew/spec.ts';
import { platform } from '../../../core/platform.ts';
import { repoPath } from '../../support/platform.ts';
import { loadedClew, loadGrammar } from './support.ts';

async function boundModule(): Promise<EmscriptenModule> {
  await loadedClew();
  const { module } = await initTreeSitter();
  assert.ok(module !== null, "Clew reaches web-tree-sitter's Module");
  return module;
}

test('web-tree-sitter is pinned exactly to the version whose layout Clew reads', async () => {
  await boundModule();
  const manifest = JSON.parse(new TextDecoder().decode(await platform().readFile(repoPath('package.json')))) as { dependencies: Record<string, string> };
  assert.equal(manifest.dependencies['web-tree-sitter'], WEB_TREE_SITTER_LAYOUT);
  assert.equal((await initTreeSitter()).version, WEB_TREE_SITTER_LAYOUT, 'the installed web-tree-sitter');
});

test('the installed web-tree-sitter has the layout Clew reads', async () => {
  const module = await boundModule();
  assert.deepEqual(layoutProblems(module, (await initTreeSitter()).version), []);
});

test('another web-tree-sitter version, a missing export or a changed signature is refused, naming what differs', async () => {
  const module = await boundModule();
  assert.deepEqual(layoutProblems(module, '0.27.3'), ['the installed version is 0.27.3']);
  assert.throws(() => bindWasm(module, '0.28.0'), /web-tree-sitter 0\.27\.2's memory layout.*the installed version is 0\.28\.0/);

  const withoutParent = { ...module, _ts_node_parent_wasm: undefined } as EmscriptenModule;
  assert.deepEqual(layoutProblems(withoutParent, WEB_TREE_SITTER_LAYOUT), ['Module._ts_node_parent_wasm is missing']);

  const widerMatches = { ...module, _ts_query_matches_wasm: (...args: number[]) => args.length } as EmscriptenModule;
  // a rest parameter counts as none
  assert.deepEqual(layoutProblems(widerMatches, WEB_TREE_SITTER_LAYOUT), ['Module._ts_query_matches_wasm takes 0 parameters, not 16']);

  const withoutPredicates = { ...module, _ts_query_predicates_for_pattern: undefined } as EmscriptenModule;
  assert.deepEqual(layoutProblems(withoutPredicates, WEB_TREE_SITTER_LAYOUT), ['Module._ts_query_predicates_for_pattern is missing']);

  const withoutMemory = { ...module, HEAP32: undefined } as EmscriptenModule;
  assert.deepEqual(layoutProblems(withoutMemory, WEB_TREE_SITTER_LAYOUT), ['Module.HEAP32 is missing']);

  assert.match(layoutProblems(null, WEB_TREE_SITTER_LAYOUT).join(), /Module is out of reach/);
});

const FIXTURES: Array<[LanguageSpec, string]> = [
  [typescriptSpec, 'typescript/small/entity_service_100.ts'],
  [pythonSpec, 'python/small/entity_service_100.py'],
  [rustSpec, 'rust/small/entity_service_100.rs'],
  [goSpec, 'go/small/entity_service_100.go'],
  [zigSpec, 'zig/small/entity_service_100.zig'],
];

/** Non-ASCII text (UTF-16 positions), a parse error and a missing token: what a fixture may not have. */
const AWKWARD_TYPESCRIPT = 'const s = "héllo 😀 wörld";\nfunction f(a: number { return a + ; }\nclass C { m(x: string): void {} }\n';

const ids = (nodes: ReadonlyArray<{ id: number } | null>) => nodes.map((n) => n?.id ?? null);

/** Everything Clew reads of a node, through Clew's reader and through web-tree-sitter, must agree. */
function compareNode(ours: SyntaxNode, theirs: Node, fields: readonly string[], where: string): void {
  const at = `${where} node ${theirs.id} (${theirs.type})`;
  assert.equal(ours.id, theirs.id, at);
  assert.equal(ours.typeId, theirs.typeId, at);
  assert.equal(ours.type, theirs.type, at);
  assert.equal(ours.startIndex, theirs.startIndex, at);
  assert.equal(ours.endIndex, theirs.endIndex, at);
  assert.equal(ours.startRow, theirs.startPosition.row, at);
  assert.equal(ours.startColumn, theirs.startPosition.column, at);
  assert.equal(ours.text, theirs.text, at);
  assert.equal(ours.isNamed, theirs.isNamed, at);
  assert.equal(ours.hasError, theirs.hasError, at);
  assert.equal(ours.childCount, theirs.childCount, at);
  assert.equal(ours.namedChildCount, theirs.namedChildCount, at);
  assert.deepEqual(ids(ours.children), ids(theirs.children), at);
  assert.deepEqual(ids(ours.namedChildren), ids(theirs.namedChildren), at);
  assert.deepEqual(
    ours.namedChildTypes(),
    theirs.namedChildren.map((c) => c?.type),
    `${at} named child kinds`,
  );
  assert.deepEqual(
    ids([ours.parent, ours.previousSibling, ours.nextNamedSibling, ours.previousNamedSibling]),
    ids([theirs.parent, theirs.previousSibling, theirs.nextNamedSibling, theirs.previousNamedSibling]),
    at,
  );
  assert.deepEqual(
    ids([ours.firstChild, ours.lastChild, ours.firstNamedChild, ours.lastNamedChild]),
    ids([theirs.firstChild, theirs.lastChild, theirs.firstNamedChild, theirs.lastNamedChild]),
    at,
  );
  const theirAncestors: Array<string | null> = [];
  for (let up = theirs.parent, i = 0; i < 4; i++, up = up?.parent ?? null) theirAncestors.push(up?.type ?? null);
  assert.deepEqual([...ours.ancestorTypes(4)], theirAncestors, `${at} ancestor kinds`);
  assert.deepEqual([...ours.ancestorTypes(1)], theirAncestors.slice(0, 1), `${at} parent kind`);
  // every kind among the children, and one that is none of them
  for (const c of [...theirs.children, null]) {
    const kind = c?.type ?? 'no such kind';
    assert.equal(
      ours.hasChildOfType(kind),
      theirs.children.some((d) => d?.type === kind),
      `${at} has child ${kind}`,
    );
    assert.equal(
      ours.hasNamedChildOfType(kind),
      theirs.namedChildren.some((d) => d?.type === kind),
      `${at} has named child ${kind}`,
    );
  }
  if (theirs.childCount === 0) return;
  for (const field of fields) {
    const child = theirs.childForFieldName(field);
    assert.equal(ours.childForFieldName(field)?.id ?? null, child?.id ?? null, `${at} field ${field}`);
    // through a wrapper of the child's own kind: its first named child; through any other kind: the child
    assert.equal(
      ours.childForFieldNameThrough(field, child?.type ?? 'x')?.id ?? null,
      child === null ? null : (child.firstNamedChild?.id ?? null),
      `${at} field ${field} unwrapped`,
    );
    assert.equal(ours.childForFieldNameThrough(field, 'no such kind')?.id ?? null, child?.id ?? null, `${at} field ${field} not unwrapped`);
    assert.deepEqual(ids(ours.childrenForFieldName(field)), ids(theirs.childrenForFieldName(field)), `${at} fields ${field}`);
  }
}

/** Walks both trees in step (explicit stack), comparing every node; returns how many it compared. */
function compareTrees(ours: SyntaxNode, theirs: Node, fields: readonly string[], where: string): number {
  const stack: Array<[SyntaxNode, Node]> = [[ours, theirs]];
  let compared = 0;
  while (stack.length > 0) {
    const [a, b] = stack.pop()!;
    compareNode(a, b, fields, where);
    compared++;
    const aChildren = a.children;
    const bChildren = b.children;
    for (let i = 0; i < bChildren.length; i++) stack.push([aChildren[i]!, bChildren[i]!]);
  }
  return compared;
}

/** A depth-first walk with both cursors in step, comparing what Clew's cursor reads at each step. */
function compareCursors(ours: SyntaxCursor, theirs: TreeCursor, where: string): number {
  let steps = 0;
  for (;;) {
    const at = `${where} cursor step ${steps}`;
    assert.equal(ours.nodeType, theirs.nodeType, at);
    assert.equal(ours.nodeIsNamed, theirs.nodeIsNamed, at);
    assert.equal(ours.currentFieldName, theirs.currentFieldName, at);
    assert.equal(ours.startIndex, theirs.startIndex, at);
    assert.equal(ours.endIndex, theirs.endIndex, at);
    assert.equal(ours.startRow, theirs.startPosition.row, at);
    assert.equal(ours.nodeText, theirs.nodeText, at);
    assert.equal(ours.currentNode.id, theirs.currentNode.id, at);
    steps++;
    if (theirs.gotoFirstChild()) {
      assert.ok(ours.gotoFirstChild(), at);
      continue;
    }
    for (;;) {
      if (theirs.gotoNextSibling()) {
        assert.ok(ours.gotoNextSibling(), at);
        break;
      }
      assert.equal(ours.gotoNextSibling(), false, at);
      if (!theirs.gotoParent()) {
        assert.equal(ours.gotoParent(), false, at);
        return steps;
      }
      assert.ok(ours.gotoParent(), at);
    }
  }
}

/** The query's matches read from WASM (after text predicates) against web-tree-sitter's QueryMatch objects. */
function compareMatches(
  compiled: RunnableQuery,
  syntax: SyntaxTree,
  ours: SyntaxNode,
  theirs: Node,
  maxStartDepth: number | undefined,
  where: string,
  run: typeof runQuery = runQuery,
): number {
  const expected = compiled.query.matches(theirs, maxStartDepth === undefined ? {} : { maxStartDepth }).map((match) => ({
    pattern: match.patternIndex,
    captures: match.captures.map((c) => ({
      name: c.name,
      id: c.node.id,
      start: c.node.startIndex,
      end: c.node.endIndex,
      row: c.node.startPosition.row,
      text: c.node.text,
    })),
  }));
  const { words, count } = run(compiled, ours, maxStartDepth);
  const actual = [];
  for (let m = 0, at = 0; m < count; m++) {
    const captureCount = words[at + 1]!;
    const captures = [];
    for (let c = 0, w = at + 2; c < captureCount; c++, w += CAPTURE_WORDS) {
      const node = syntax.nodeAt(words, w + 1)!;
      captures.push({
        name: compiled.captureNames[words[w]!]!,
        id: node.id,
        start: node.startIndex,
        end: syntax.endAt(words, w + 1),
        row: node.startRow,
        text: syntax.textAt(words, w + 1),
      });
    }
    actual.push({ pattern: words[at]!, captures });
    at += 2 + captureCount * CAPTURE_WORDS;
  }
  if (run === runQuery) {
    // the JavaScript matcher reports a node's matches when it reaches it, tree-sitter's cursor when a
    // match completes: compare them in the order Clew's records take (units.ts, byPosition: the
    // role capture's start, the pattern, the last capture's start), which a stable sort keeps for ties
    const roleCapture = (compiled as Partial<CompiledQuery>).roleCapture;
    const key = (m: (typeof expected)[number]) => {
      const role = roleCapture === undefined ? undefined : compiled.captureNames[roleCapture[m.pattern]!];
      const main = m.captures.find((c) => c.name === role) ?? m.captures[0]!;
      return [main.start, m.pattern, m.captures[m.captures.length - 1]!.start];
    };
    const byRecord = (a: (typeof expected)[number], b: (typeof expected)[number]) => {
      const ka = key(a);
      const kb = key(b);
      return ka[0]! - kb[0]! || ka[1]! - kb[1]! || ka[2]! - kb[2]!;
    };
    expected.sort(byRecord);
    actual.sort(byRecord);
  }
  assert.deepEqual(actual, expected, where);
  return count;
}

async function compareOn(spec: LanguageSpec, source: string, where: string): Promise<void> {
  const { language, parser, compiled } = await loadGrammar(spec);
  const tree = parser.parse(source)!;
  try {
    const syntax = new SyntaxTree(tree, source, grammarTables(language));
    const fields = language.fields.filter((f): f is string => f !== null);
    assert.ok(compareTrees(syntax.rootNode, tree.rootNode, fields, where) > 50, `${where}: nodes compared`);
    const cursor = syntax.rootNode.walk();
    const theirCursor = tree.walk();
    try {
      assert.ok(compareCursors(cursor, theirCursor, where) > 50, `${where}: cursor steps compared`);
    } finally {
      cursor.delete();
      theirCursor.delete();
    }
    assert.ok(compareMatches(compiled, syntax, syntax.rootNode, tree.rootNode, undefined, where) > 10, `${where}: matches compared`);
    // the patterns rooted at each top-level node, as the unit walk runs them on split nodes
    for (let i = 0; i < tree.rootNode.childCount; i++)
      compareMatches(compiled, syntax, syntax.rootNode.child(i)!, tree.rootNode.child(i)!, 0, `${where} child ${i}`);
  } finally {
    tree.delete();
  }
}

for (const [spec, fixture] of FIXTURES) {
  test(`${spec.language}: Clew's WASM reader sees the nodes, cursor steps and query captures web-tree-sitter's objects do (${fixture})`, async () => {
    const source = new TextDecoder().decode(await platform().readFile(repoPath(`fixtures/${fixture}`)));
    await compareOn(spec, source, fixture);
  });
}

test("Clew's WASM reader agrees with web-tree-sitter on non-ASCII text and parse errors", async () => {
  await compareOn(typescriptSpec, AWKWARD_TYPESCRIPT.repeat(8), 'awkward TypeScript');
});

/** Every text predicate form, on single and quantified captures, and on text with non-ASCII characters and surrogate pairs. */
const PREDICATE_QUERY = `
((identifier) @a (#eq? @a "s"))
((identifier) @a (#not-eq? @a "s"))
((string) @s (#eq? @s "\\"héllo 😀 wörld\\""))
((string) @s (#match? @s "ö"))
((string) @s (#not-match? @s "^\\"h"))
((identifier) @a (#any-of? @a "a" "x" "C"))
((identifier) @a (#not-any-of? @a "a" "x"))
(binary_expression left: (_) @l right: (_) @r (#eq? @l @r))
(binary_expression left: (_) @l right: (_) @r (#not-eq? @l @r))
(formal_parameters (required_parameter)+ @p (#any-eq? @p "a: number"))
(formal_parameters (required_parameter)+ @p (#any-not-eq? @p "a: number"))
(formal_parameters (required_parameter)+ @p (#any-match? @p "^x"))
(formal_parameters (required_parameter)+ @p (#any-not-match? @p "^x"))
(formal_parameters (required_parameter)* @p (#match? @p "^x"))
(formal_parameters (required_parameter)* @p (#not-match? @p "^x"))
(formal_parameters (required_parameter)* @p (#any-of? @p "x: string"))
(formal_parameters (required_parameter)* @p (#not-any-of? @p "x: string"))
(formal_parameters (required_parameter)* @p (#eq? @p "x: string"))
(formal_parameters (required_parameter)* @p (#any-eq? @p "x: string"))
`;

test("Clew evaluates every text predicate form as web-tree-sitter's compiled predicates do", async () => {
  const { language, parser } = await loadGrammar(typescriptSpec);
  const source = `${AWKWARD_TYPESCRIPT}function g(x: string, a: number, x2: string) { return a + a + x; }\nfunction h() { return s + s; }\n`.repeat(3);
  const tree = parser.parse(source)!;
  const query = new Query(language, PREDICATE_QUERY);
  try {
    const syntax = new SyntaxTree(tree, source, grammarTables(language));
    const compiled = runnable(query, null, language);
    assert.ok(compiled.predicates.every((p) => p !== null && p.length === 1));
    assert.ok(compareMatches(compiled, syntax, syntax.rootNode, tree.rootNode, undefined, 'predicates', runQueryInWasm) > 20, 'matches compared');
  } finally {
    query.delete();
    tree.delete();
  }
});

test('a query whose predicates Clew does not evaluate is refused when compiled', async () => {
  const { language } = await loadGrammar(typescriptSpec);
  const query = new Query(language, '((identifier) @a (#custom? @a "x"))');
  try {
    assert.throws(() => runnable(query, null, language), /predicate or directive Clew does not evaluate/);
  } finally {
    query.delete();
  }
});
