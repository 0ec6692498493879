// Query matches read as integers: tree-sitter's query cursor runs inside WASM (ts_query_matches_wasm)
// and leaves every match in one buffer, [pattern, capture count, then per capture: capture index and
// a node's five words] (wasm.ts); Clew copies that block into a reused Int32Array and reads it there,
// instead of web-tree-sitter's QueryMatch objects (a match object, a capture object and a `Node` per
// capture). Text predicates (#eq?, #match?) run as web-tree-sitter compiled them, on the few matches
// of the patterns that have them.
import type { Query, QueryCapture } from 'web-tree-sitter';
import type { SyntaxNode, SyntaxTree } from './syntax.ts';
import { addressOf, CAPTURE_WORDS, heap, wasm } from './wasm.ts';

type TextPredicate = (captures: QueryCapture[]) => boolean;

/** A query ready to run: its WASM address, capture names, and the text predicates of the patterns that have any. */
export interface RunnableQuery {
  query: Query;
  address: number;
  captureNames: readonly string[];
  /** Per pattern: web-tree-sitter's compiled text predicates, null when the pattern has none. */
  predicates: ReadonlyArray<readonly TextPredicate[] | null>;
}

/**
 * Checks that the query uses nothing this reader skips (directives, property predicates, predicates
 * web-tree-sitter leaves to the caller) and keeps what it needs to run it from WASM.
 */
export function runnable(query: Query): RunnableQuery {
  const internal = query as unknown as { textPredicates?: unknown };
  const textPredicates = internal.textPredicates;
  const patterns = query.patternCount();
  if (!Array.isArray(textPredicates) || textPredicates.length !== patterns) {
    throw new Error("Clew: web-tree-sitter no longer keeps a query's text predicates per pattern (Query.textPredicates); core/clew/matches.ts needs updating");
  }
  const predicates: Array<readonly TextPredicate[] | null> = [];
  for (let p = 0; p < patterns; p++) {
    if (query.predicates[p]!.length > 0 || query.setProperties[p] || query.assertedProperties[p] || query.refutedProperties[p]) {
      throw new Error(
        `Clew: query pattern ${p} uses a predicate or directive Clew does not evaluate (only #eq?, #not-eq?, #match?, #not-match?, #any-of? are)`,
      );
    }
    const list = textPredicates[p] as TextPredicate[];
    predicates.push(list.length > 0 ? list : null);
  }
  return { query, address: addressOf(query), captureNames: query.captureNames, predicates };
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
 * and copies the matches that pass their predicates into the shared buffer.
 */
export function runQuery(query: RunnableQuery, node: SyntaxNode, maxStartDepth = 0xffffffff): MatchWords {
  const w = wasm();
  const tree = node.tree;
  let h = heap();
  const t = w.transfer;
  h[t] = node.id;
  h[t + 1] = node.startIndex;
  h[t + 2] = node.startRow;
  h[t + 3] = node.startColumn;
  h[t + 4] = node.alias;
  w._ts_query_matches_wasm(query.address, tree.address, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xffffffff, maxStartDepth);
  h = heap(); // matching may have grown the memory
  const rawCount = h[t]!;
  const address = h[t + 1]!;
  let from = address >> 2;
  let kept = 0;
  let to = 0;
  for (let m = 0; m < rawCount; m++) {
    const patternIndex = h[from]!;
    const length = 2 + h[from + 1]! * CAPTURE_WORDS;
    const predicates = query.predicates[patternIndex];
    if (predicates === null || predicatesHold(predicates, query.captureNames, tree, h, from)) {
      if (to + length > scratch.length) {
        const grown = new Int32Array(Math.max(scratch.length * 2, to + length));
        grown.set(scratch.subarray(0, to));
        scratch = grown;
      }
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

/** A capture's node as web-tree-sitter's predicates read it: its text, sliced only when a predicate asks. */
class PredicateNode {
  tree: SyntaxTree | null = null;
  words: Int32Array = scratch;
  at = 0;

  get text(): string {
    return this.tree!.textAt(this.words, this.at);
  }
}

/** A capture as web-tree-sitter's predicates read it (only `name` and `node.text`). */
interface PredicateCapture {
  name: string;
  node: PredicateNode;
}

/** Capture objects reused from match to match (the predicates keep none of them), and the list handed over. */
const capturePool: PredicateCapture[] = [];
const predicateCaptures: PredicateCapture[] = [];

/** Evaluates web-tree-sitter's predicates on the match at word `at`. */
function predicatesHold(predicates: readonly TextPredicate[], captureNames: readonly string[], tree: SyntaxTree, h: Int32Array, at: number): boolean {
  const count = h[at + 1]!;
  while (capturePool.length < count) capturePool.push({ name: '', node: new PredicateNode() });
  // the predicates iterate over the whole list: it holds exactly this match's captures
  predicateCaptures.length = count;
  for (let i = 0, c = at + 2; i < count; i++, c += CAPTURE_WORDS) {
    const capture = capturePool[i]!;
    predicateCaptures[i] = capture;
    capture.name = captureNames[h[c]!]!;
    capture.node.tree = tree;
    capture.node.words = h;
    capture.node.at = c + 1;
  }
  const captures = predicateCaptures as unknown as QueryCapture[];
  let hold = true;
  for (const predicate of predicates)
    if (!predicate(captures)) {
      hold = false;
      break;
    }
  // the pool outlives the run: it keeps no tree (nor its source) alive
  for (let i = 0; i < count; i++) capturePool[i]!.node.tree = null;
  return hold;
}
