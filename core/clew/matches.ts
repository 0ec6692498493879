// Query matches read as integers, in one reused Int32Array: [pattern, capture count, then per
// capture: capture index and a node's five words] (wasm.ts), instead of web-tree-sitter's QueryMatch
// objects (a match object, a capture object and a `Node` per capture). runQuery finds them in
// JavaScript over the tree's memory (tree-memory.ts, matcher.ts); runQueryInWasm lets tree-sitter's
// query cursor find them inside WASM (ts_query_matches_wasm) and copies its buffer. Text predicates
// (#eq?, #match?, #any-of? and their negations) are read from the query in WASM
// (ts_query_predicates_for_pattern) and evaluated here on the match words and the source, with
// web-tree-sitter's semantics: its compiled predicate functions build arrays and closures per call.
import type { Language, Query } from 'web-tree-sitter';
import { matchTree, parsePatterns, type Patterns } from './matcher.ts';
import { marshal, type SyntaxNode, type SyntaxTree } from './syntax.ts';
import { claimFlat, ensureLength, flatten, type FlatTree, type LanguageTables, lineStart, rowOf, tablesOf } from './tree-memory.ts';
import { addressOf, CAPTURE_WORDS, heap, wasm } from './wasm.ts';

/**
 * One text predicate of a pattern. `all`: every capture of that name must pass (`any-` operators:
 * one must); `positive`: false for the `not-` operators.
 */
export type TextPredicate = { capture: number; positive: boolean; all: boolean } & (
  | { op: 'eq'; value: string }
  | { op: 'eq-capture'; other: number }
  | { op: 'match'; regex: RegExp }
  | { op: 'any-of'; values: readonly string[] }
);

/**
 * A query ready to run: its WASM address, capture names, the text predicates of the patterns that
 * have any, its patterns as matcher.ts runs them and its grammar's tables.
 */
export interface RunnableQuery {
  query: Query;
  address: number;
  captureNames: readonly string[];
  /** Per pattern: its text predicates, null when the pattern has none. */
  predicates: ReadonlyArray<readonly TextPredicate[] | null>;
  /** Null for a query built with no source: it runs only through runQueryInWasm. */
  patterns: Patterns | null;
  tables: LanguageTables;
}

type Step = { capture: number } | { string: string };

/** A pattern's predicate steps as tree-sitter keeps them, split at each predicate's end. */
function predicateSteps(address: number, pattern: number): Step[][] {
  const w = wasm();
  const stepsAddress = w._ts_query_predicates_for_pattern(address, pattern, w.transfer << 2);
  const count = heap()[w.transfer]!;
  const out: Step[][] = [];
  let current: Step[] = [];
  for (let j = 0; j < count; j++) {
    const type = heap()[(stepsAddress >> 2) + 2 * j]!;
    const id = heap()[(stepsAddress >> 2) + 2 * j + 1]!;
    if (type === 0) {
      out.push(current);
      current = [];
    } else if (type === 1) current.push({ capture: id });
    else if (type === 2) {
      const valueAddress = w._ts_query_string_value_for_id(address, id, w.transfer << 2);
      const length = heap()[w.transfer]!;
      current.push({ string: new TextDecoder().decode(new Uint8Array(heap().buffer, valueAddress, length).slice()) });
    } else throw new Error(`Clew: tree-sitter query predicate step of unknown type ${type} (core/clew/matches.ts reads types 0-2)`);
  }
  if (current.length > 0) throw new Error('Clew: tree-sitter query predicate steps do not end with a done step (core/clew/matches.ts)');
  return out;
}

/** Compiles one predicate's steps (web-tree-sitter has already checked their shape when it built the query). */
function textPredicate(steps: Step[], pattern: number): TextPredicate {
  const head = steps[0];
  const subject = steps[1];
  const operator = head !== undefined && 'string' in head ? head.string : '';
  if (subject === undefined || !('capture' in subject)) throw new Error(`Clew: query pattern ${pattern}: #${operator} does not start with a capture`);
  const capture = subject.capture;
  const strings = steps.slice(2).map((s) => ('string' in s ? s.string : null));
  const second = steps[2];
  switch (operator) {
    case 'eq?':
    case 'not-eq?':
    case 'any-eq?':
    case 'any-not-eq?': {
      const positive = operator === 'eq?' || operator === 'any-eq?';
      const all = !operator.startsWith('any-');
      if (steps.length !== 3) break;
      if ('capture' in second!) return { op: 'eq-capture', capture, positive, all, other: second.capture };
      return { op: 'eq', capture, positive, all, value: second!.string };
    }
    case 'match?':
    case 'not-match?':
    case 'any-match?':
    case 'any-not-match?':
      if (steps.length !== 3 || strings[0] === null) break;
      return {
        op: 'match',
        capture,
        positive: operator === 'match?' || operator === 'any-match?',
        all: !operator.startsWith('any-'),
        regex: new RegExp(strings[0]!),
      };
    case 'any-of?':
    case 'not-any-of?':
      if (strings.includes(null)) break;
      return { op: 'any-of', capture, positive: operator === 'any-of?', all: true, values: strings as string[] };
    default:
      break;
  }
  throw new Error(`Clew: query pattern ${pattern} uses #${operator} in a form Clew does not evaluate`);
}

/**
 * Checks that the query uses nothing this reader skips (directives, property predicates, predicates
 * web-tree-sitter leaves to the caller), reads its text predicates, and keeps what it needs to run it
 * from WASM. Each pattern must have as many text predicates as web-tree-sitter compiled for it.
 */
export function runnable(query: Query, source: string | null, language: Language): RunnableQuery {
  const internal = query as unknown as { textPredicates?: unknown };
  const textPredicates = internal.textPredicates;
  const patterns = query.patternCount();
  if (!Array.isArray(textPredicates) || textPredicates.length !== patterns) {
    throw new Error("Clew: web-tree-sitter no longer keeps a query's text predicates per pattern (Query.textPredicates); core/clew/matches.ts needs updating");
  }
  const address = addressOf(query);
  const predicates: Array<readonly TextPredicate[] | null> = [];
  for (let p = 0; p < patterns; p++) {
    if (query.predicates[p]!.length > 0 || query.setProperties[p] || query.assertedProperties[p] || query.refutedProperties[p]) {
      throw new Error(
        `Clew: query pattern ${p} uses a predicate or directive Clew does not evaluate (only #eq?, #not-eq?, #match?, #not-match?, #any-of? are)`,
      );
    }
    const list = predicateSteps(address, p).map((steps) => textPredicate(steps, p));
    if (list.length !== (textPredicates[p] as unknown[]).length)
      throw new Error(
        `Clew: query pattern ${p} has ${list.length} text predicates as read from WASM, web-tree-sitter compiled ${(textPredicates[p] as unknown[]).length}`,
      );
    predicates.push(list.length > 0 ? list : null);
  }
  const parsed = source === null ? null : parsePatterns(source, language, query.captureNames);
  if (parsed !== null && parsed.roots.length !== patterns)
    throw new Error(`Clew: core/clew/matcher.ts read ${parsed.roots.length} patterns in the query, tree-sitter ${patterns}`);
  return { query, address, captureNames: query.captureNames, predicates, patterns: parsed, tables: tablesOf(language) };
}

/** The matches of one run: `count` matches laid out from word 0 of `words`, valid until the next run. */
export interface MatchWords {
  words: Int32Array;
  count: number;
}

let scratch = new Int32Array(1 << 12);
const run: MatchWords = { words: scratch, count: 0 };

/**
 * Runs the query over a node's subtree (only patterns rooted at the node itself with maxStartDepth 0)
 * in JavaScript over the tree's memory (tree-memory.ts, matcher.ts) and lays the matches that pass
 * their predicates out in the shared buffer, as tree-sitter's query cursor would.
 */
export function runQuery(query: RunnableQuery, node: SyntaxNode, maxStartDepth = 0xffffffff): MatchWords {
  if (query.patterns === null) throw new Error('Clew: this query was compiled without its source; it runs only through runQueryInWasm');
  current = query;
  currentTree = node.tree;
  flat = flatten(query.tables, node.id, node.startIndex, node.alias, query.patterns.anonymous);
  claimFlat(node.tree);
  to = 0;
  kept = 0;
  matchTree(query.patterns, flat, maxStartDepth, keep);
  run.words = scratch;
  run.count = kept;
  return run;
}

let current: RunnableQuery;
let currentTree: SyntaxTree;
let flat: FlatTree;
let to = 0;
let kept = 0;

/** Writes one match's words (matches.ts's layout) and keeps them if its predicates hold. */
function keep(pattern: number, pairs: Int32Array, from: number, end: number): void {
  const length = 2 + ((end - from) >> 1) * CAPTURE_WORDS;
  scratch = ensureLength(scratch, to + length);
  const w = scratch;
  w[to] = pattern;
  w[to + 1] = (end - from) >> 1;
  let at = to + 2;
  const f = flat;
  const source = currentTree.source;
  for (let i = from; i < end; i += 2) {
    const n = pairs[i + 1]!;
    const start = f.start[n]!;
    const row = rowOf(source, start);
    w[at] = pairs[i]!;
    w[at + 1] = f.id[n]!;
    w[at + 2] = start;
    w[at + 3] = row;
    w[at + 4] = start - lineStart(row);
    w[at + 5] = f.alias[n]!;
    at += CAPTURE_WORDS;
  }
  const predicates = current.predicates[pattern];
  if (predicates !== null && !predicatesHold(predicates, currentTree, w, to)) return;
  to += length;
  kept++;
}

/**
 * The same through tree-sitter's own query cursor inside WASM (ts_query_matches_wasm), for queries
 * beyond matcher.ts's subset: test/core/clew/wasm.test.ts checks the predicates on it with a query
 * that uses `*`.
 */
export function runQueryInWasm(query: RunnableQuery, node: SyntaxNode, maxStartDepth = 0xffffffff): MatchWords {
  const w = wasm();
  const tree = node.tree;
  const t = w.transfer;
  marshal(node);
  w._ts_query_matches_wasm(query.address, tree.address, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xffffffff, maxStartDepth);
  const h = heap(); // read after matching, which may have grown the memory
  const rawCount = h[t]!;
  const address = h[t + 1]!;
  let from = address >> 2;
  let kept = 0;
  let to = 0;
  for (let m = 0; m < rawCount; m++) {
    const patternIndex = h[from]!;
    const length = 2 + h[from + 1]! * CAPTURE_WORDS;
    const predicates = query.predicates[patternIndex];
    if (predicates === null || predicatesHold(predicates, tree, h, from)) {
      scratch = ensureLength(scratch, to + length);
      // a word-by-word copy: a subarray view per match would be an allocation per match
      for (let i = 0; i < length; i++) scratch[to + i] = h[from + i]!;
      to += length;
      kept++;
    }
    from += length;
  }
  if (address !== 0) w._free(address);
  run.words = scratch;
  run.count = kept;
  return run;
}

/** Whether the capture at word `at` (its node from `at + 1`) has exactly this text, read from the source without a slice. */
function textIs(tree: SyntaxTree, h: Int32Array, at: number, value: string): boolean {
  const start = h[at + 2]!;
  if (tree.endAt(h, at + 1) - start !== value.length) return false;
  const source = tree.source;
  for (let i = 0; i < value.length; i++) if (source.charCodeAt(start + i) !== value.charCodeAt(i)) return false;
  return true;
}

/** One predicate on the match at word `at`, as web-tree-sitter evaluates it. */
function predicateHolds(predicate: TextPredicate, tree: SyntaxTree, h: Int32Array, at: number): boolean {
  const end = at + 2 + h[at + 1]! * CAPTURE_WORDS;
  const { capture, positive, all } = predicate;
  let seen = false;
  for (let c = at + 2; c < end; c += CAPTURE_WORDS) {
    if (h[c] !== capture) continue;
    seen = true;
    let pass: boolean;
    switch (predicate.op) {
      case 'eq':
        pass = textIs(tree, h, c, predicate.value) === positive;
        break;
      case 'eq-capture': {
        const text = tree.textAt(h, c + 1);
        pass = false;
        for (let o = at + 2; o < end; o += CAPTURE_WORDS)
          if (h[o] === predicate.other && (tree.textAt(h, o + 1) === text) === positive) {
            pass = true;
            break;
          }
        break;
      }
      case 'match':
        pass = predicate.regex.test(tree.textAt(h, c + 1)) === positive;
        break;
      case 'any-of':
        // every capture's text among the values, compared with `positive` once all are seen
        if (!predicate.values.includes(tree.textAt(h, c + 1))) return !positive;
        continue;
    }
    if (all && !pass) return false;
    if (!all && pass) return true;
  }
  if (predicate.op === 'any-of') return seen ? positive : !positive;
  if (predicate.op === 'match' && !seen) return !positive;
  // every of none holds, some of none does not
  return all;
}

/** Whether all the pattern's predicates hold on the match at word `at`. */
function predicatesHold(predicates: readonly TextPredicate[], tree: SyntaxTree, h: Int32Array, at: number): boolean {
  for (let i = 0; i < predicates.length; i++) if (!predicateHolds(predicates[i]!, tree, h, at)) return false;
  return true;
}
