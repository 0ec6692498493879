// Clew's queries run in JavaScript over the flattened tree (tree-memory.ts) instead of tree-sitter's
// query cursor. The query source is parsed here into patterns of steps (the subset Clew's queries
// use: node kinds, anonymous tokens, `(_)` and `_`, fields, negated fields, alternations, `?`,
// anchors, captures and predicates, which matches.ts evaluates); anything else is refused when the
// query is compiled, so a query edit cannot silently match less.
//
// A pattern's matches at a node are tree-sitter's: child steps match visible children in order, a
// step may skip siblings unless anchored (`.`: only anonymous nodes may come between), every way the
// steps can be matched is a match, and of matches of one pattern at one node, one whose captures are
// all among another's is dropped (tree-sitter's longest-match rule for optional steps; identical
// captures are reported once). test/core/clew/matcher.test.ts compares every match with tree-sitter's
// own query cursor on every fixture.
import type { Language } from 'web-tree-sitter';
import { type AnonymousNodes, ensureLength, ERROR_SYMBOL, type FlatTree, NAMED } from './tree-memory.ts';

const KIND = 0;
const WILDCARD = 1;
const ALTERNATION = 2;

/** One step of a pattern: a node to match, what it captures, and its children's steps. */
export interface Step {
  type: typeof KIND | typeof WILDCARD | typeof ALTERNATION;
  /** KIND: the public symbol. */
  symbol: number;
  /** WILDCARD: `(_)` (named nodes only) or `_` (any node). */
  named: boolean;
  field: number;
  negatedFields: readonly number[];
  captures: readonly number[];
  optional: boolean;
  /** Anchored after the previous sibling step (or at the parent's first named child). */
  immediate: boolean;
  /** Anchored as the parent's last named child. */
  last: boolean;
  children: readonly Step[];
  alternatives: readonly Step[];
}

export interface Patterns {
  /** Per pattern, its root step. */
  roots: readonly Step[];
  /** Which anonymous nodes the patterns can see (tree-memory.ts leaves the others out of the flattened tree). */
  anonymous: AnonymousNodes;
  /** Per public symbol, the patterns whose root can match it, ascending (undefined: none). */
  bySymbol: ReadonlyArray<readonly number[] | undefined>;
}

function newStep(
  type: Step['type'],
  symbol: number,
  named: boolean,
  children: readonly Step[],
  alternatives: readonly Step[],
  negatedFields: readonly number[] = [],
): Step {
  return { type, symbol, named, field: 0, negatedFields, captures: [], optional: false, immediate: false, last: false, children, alternatives };
}

type Token =
  | { t: '(' | ')' | '[' | ']' | '.' | '?' | '*' | '+' | '!' | '_' }
  | { t: 'word'; v: string }
  | { t: 'field'; v: string }
  | { t: 'string'; v: string }
  | { t: 'capture'; v: string }
  | { t: 'predicate'; v: string };

function tokenize(source: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const word = /[A-Za-z0-9_.\-?!]/;
  while (i < source.length) {
    const c = source[i]!;
    if (c === ';') {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (c === ' ' || c === '\n' || c === '\t' || c === '\r') i++;
    else if ('()[].?*+!'.includes(c)) {
      out.push({ t: c as '(' });
      i++;
    } else if (c === '"') {
      let v = '';
      i++;
      while (i < source.length && source[i] !== '"') {
        if (source[i] === '\\') {
          const e = source[i + 1]!;
          v += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e === '0' ? '\0' : e;
          i += 2;
        } else v += source[i++]!;
      }
      i++;
      out.push({ t: 'string', v });
    } else if (c === '@' || c === '#') {
      let j = i + 1;
      while (j < source.length && word.test(source[j]!)) j++;
      out.push({ t: c === '@' ? 'capture' : 'predicate', v: source.slice(i + 1, j) });
      i = j;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < source.length && /[A-Za-z0-9_]/.test(source[j]!)) j++;
      const v = source.slice(i, j);
      if (source[j] === ':') {
        out.push({ t: 'field', v });
        j++;
      } else if (v === '_') out.push({ t: '_' });
      else out.push({ t: 'word', v });
      i = j;
    } else throw new Error(`Clew query: unexpected '${c}' at offset ${i}`);
  }
  return out;
}

/**
 * Parses a query into patterns, resolving kinds, tokens and fields with the language and capture
 * names with the query's own list. Throws on syntax this matcher does not run.
 */
export function parsePatterns(source: string, language: Language, captureNames: readonly string[]): Patterns {
  const tokens = tokenize(source);
  let at = 0;
  const peek = () => tokens[at];
  const fail = (what: string): never => {
    throw new Error(`Clew query: ${what} (token ${at} of ${tokens.length}); core/clew/matcher.ts runs only the subset Clew's queries use`);
  };
  const expect = (t: Token['t']) => {
    if (tokens[at]?.t !== t) fail(`expected '${t}'`);
    at++;
  };
  const symbolOf = (name: string, named: boolean): number => {
    if (named && name === 'ERROR') return ERROR_SYMBOL;
    const id = language.idForNodeType(name, named);
    if (id === null || id === 0) fail(`${named ? 'node kind' : 'token'} "${name}" is not in the grammar`);
    return id!;
  };
  const captureOf = (name: string): number => {
    const index = captureNames.indexOf(name);
    if (index === -1) fail(`capture @${name} is not in the query's capture list`);
    return index;
  };
  const skipPredicate = () => {
    // at '(' '#…': skip to its ')'; matches.ts evaluates predicates, read from tree-sitter's query
    let depth = 0;
    do {
      const t = tokens[at++];
      if (t === undefined) fail('unterminated predicate');
      if (t!.t === '(') depth++;
      else if (t!.t === ')') depth--;
    } while (depth > 0);
  };
  const isPredicate = () => peek()?.t === '(' && tokens[at + 1]?.t === 'predicate';

  /** An item: a node, a group of one pattern and predicates, an alternation, a token or `_`; then its quantifier and captures. */
  const item = (field: number, immediate: boolean): Step => {
    const t = peek();
    let step: Step;
    if (t === undefined) return fail('unexpected end of query');
    if (t.t === '(') {
      at++;
      const head = peek();
      if (head?.t === '(' || head?.t === '[' || head?.t === 'string') {
        // a group: one pattern and its predicates
        step = item(0, false);
        while (isPredicate()) skipPredicate();
        if (peek()?.t !== ')') fail('a group of several sibling patterns');
        at++;
      } else {
        let symbol = 0;
        let type: Step['type'] = KIND;
        if (head?.t === '_') type = WILDCARD;
        else if (head?.t === 'word') symbol = symbolOf(head.v, true);
        else fail('expected a node kind');
        at++;
        const { children, negatedFields, last } = childSteps();
        expect(')');
        step = newStep(type, symbol, true, children, [], negatedFields);
        if (last) markLast(children);
      }
    } else if (t.t === '[') {
      at++;
      const alternatives: Step[] = [];
      while (peek()?.t !== ']') alternatives.push(item(0, false));
      at++;
      step = newStep(ALTERNATION, 0, false, [], alternatives);
    } else if (t.t === 'string') {
      at++;
      step = newStep(KIND, symbolOf(t.v, false), false, [], []);
    } else if (t.t === '_') {
      at++;
      step = newStep(WILDCARD, 0, false, [], []);
    } else return fail(`unexpected ${t.t}`);
    let optional = false;
    const q = peek()?.t;
    if (q === '?') {
      optional = true;
      at++;
    } else if (q === '*' || q === '+') fail(`the quantifier ${q}`);
    const captures: number[] = [...step.captures];
    while (peek()?.t === 'capture') captures.push(captureOf((tokens[at++] as { v: string }).v));
    return { ...step, field: field || step.field, captures, optional: optional || step.optional, immediate };
  };

  const markLast = (children: Step[]) => {
    const lastStep = children[children.length - 1];
    if (lastStep === undefined) fail("an anchor '.' with no child step before it");
    children[children.length - 1] = { ...lastStep!, last: true };
  };

  const childSteps = (): { children: Step[]; negatedFields: number[]; last: boolean } => {
    const children: Step[] = [];
    const negatedFields: number[] = [];
    let immediate = false;
    for (;;) {
      const t = peek();
      if (t === undefined || t.t === ')') return { children, negatedFields, last: immediate };
      if (t.t === '.') {
        immediate = true;
        at++;
      } else if (t.t === '!') {
        at++;
        const name = peek();
        if (name?.t !== 'word') fail('expected a field name after !');
        const id = language.fieldIdForName((name as { v: string }).v);
        if (id === null) fail(`field ${(name as { v: string }).v} is not in the grammar`);
        negatedFields.push(id!);
        at++;
      } else if (isPredicate()) skipPredicate();
      else if (t.t === 'field') {
        at++;
        const id = language.fieldIdForName(t.v);
        if (id === null) fail(`field ${t.v} is not in the grammar`);
        children.push(item(id!, immediate));
        immediate = false;
      } else {
        children.push(item(0, immediate));
        immediate = false;
      }
    }
  };

  const roots: Step[] = [];
  while (at < tokens.length) {
    const root = item(0, false);
    if (root.optional) fail('an optional pattern root');
    roots.push(root);
  }
  let largest = 0;
  for (const root of roots) for (const head of root.type === ALTERNATION ? root.alternatives : [root]) largest = Math.max(largest, head.symbol);
  const bySymbol: Array<number[] | undefined> = new Array(largest + 1).fill(undefined);
  roots.forEach((root, p) => {
    for (const head of root.type === ALTERNATION ? root.alternatives : [root]) {
      if (head.type !== KIND) fail(`pattern ${p}: a root that is not a node kind`);
      const list = bySymbol[head.symbol] ?? [];
      if (list[list.length - 1] !== p) list.push(p);
      bySymbol[head.symbol] = list;
    }
  });
  return { roots, bySymbol, anonymous: anonymousNodes(roots, language) };
}

/**
 * The anonymous nodes a query can match or test: the tokens its steps name and those holding a
 * field some step negates; every anonymous node when a step is `_` (any node). Anchors and `(_)`
 * pass over anonymous nodes, so leaving the others out changes no match.
 */
function anonymousNodes(roots: readonly Step[], language: Language): AnonymousNodes {
  const symbols = new Uint8Array(language.nodeTypeCount + 1);
  const fields = new Uint8Array(language.fieldCount + 1);
  let all = false;
  const visit = (step: Step) => {
    if (step.type === KIND && !step.named) symbols[step.symbol] = 1;
    if (step.type === WILDCARD && !step.named) all = true;
    for (const field of step.negatedFields) fields[field] = 1;
    step.children.forEach(visit);
    step.alternatives.forEach(visit);
  };
  roots.forEach(visit);
  return all ? null : { symbols, fields };
}

// The search's state, reused across runs: the captures so far as (capture index, node) pairs, and a
// stack of sibling sequences still to match (the step list, the next step, the parent node, the
// last node matched among its children).
let captures = new Int32Array(256);
let captureCount = 0;
const pending: Array<readonly Step[]> = [];
let pendingStep = new Int32Array(64);
let pendingParent = new Int32Array(64);
let pendingAfter = new Int32Array(64);

/** The matches found at one root: capture lists in `found`, each starting at `foundStart[m]`. */
let found = new Int32Array(1024);
let foundStart = new Int32Array(64);
let foundCount = 0;
let foundLength = 0;

let tree: FlatTree;

/** Whether a node is the step's kind (KIND or WILDCARD steps). */
function kindMatches(step: Step, node: number): boolean {
  const f = tree;
  if (step.type === KIND) return f.symbol[node] === step.symbol;
  if (f.symbol[node] === ERROR_SYMBOL) return false;
  return !step.named || (f.flags[node]! & NAMED) !== 0;
}

/** Whether a node meets the step's field, last-child anchor and negated fields. */
function placeMatches(step: Step, node: number): boolean {
  const f = tree;
  if (step.field !== 0 && f.field[node] !== step.field) return false;
  if (step.last) {
    for (let s = f.nextSibling[node]!; s !== -1; s = f.nextSibling[s]!) if ((f.flags[s]! & NAMED) !== 0) return false;
  }
  const negated = step.negatedFields;
  for (let i = 0; i < negated.length; i++) {
    for (let c = f.firstChild[node]!; c !== -1; c = f.nextSibling[c]!) if (f.field[c] === negated[i]) return false;
  }
  return true;
}

/** Matches `step` (an alternation: each alternative) at `node`, then goes on with the pending sequences. */
function matchAt(step: Step, node: number, depth: number): void {
  if (!placeMatches(step, node)) return;
  const mark = captureCount;
  if (step.type === ALTERNATION) {
    // the alternation's own field, anchors and captures apply to whichever alternative matches
    const alternatives = step.alternatives;
    for (let a = 0; a < alternatives.length; a++) {
      const alternative = alternatives[a]!;
      if (!kindMatches(alternative, node) || !placeMatches(alternative, node)) continue;
      capture(alternative.captures, node);
      capture(step.captures, node);
      descend(alternative, node, depth);
      captureCount = mark;
    }
    return;
  }
  if (!kindMatches(step, node)) return;
  capture(step.captures, node);
  descend(step, node, depth);
  captureCount = mark;
}

function capture(list: readonly number[], node: number): void {
  if (list.length === 0) return;
  if ((captureCount + list.length) * 2 > captures.length) captures = ensureLength(captures, (captureCount + list.length) * 2);
  for (let i = 0; i < list.length; i++) {
    captures[captureCount * 2] = list[i]!;
    captures[captureCount * 2 + 1] = node;
    captureCount++;
  }
}

/** After `step` matched `node`: its children's steps first, then the sequences pending above. */
function descend(step: Step, node: number, depth: number): void {
  if (step.children.length === 0) {
    next(depth);
    return;
  }
  if (depth === pendingStep.length) {
    pendingStep = ensureLength(pendingStep, depth + 1);
    pendingParent = ensureLength(pendingParent, depth + 1);
    pendingAfter = ensureLength(pendingAfter, depth + 1);
  }
  // a sequence completed below may have left its entry here: keep it for the search to come back to
  const savedSteps = pending[depth];
  const savedStep = pendingStep[depth]!;
  const savedParent = pendingParent[depth]!;
  const savedAfter = pendingAfter[depth]!;
  pending[depth] = step.children;
  pendingStep[depth] = 0;
  pendingParent[depth] = node;
  pendingAfter[depth] = -1;
  next(depth + 1);
  pending[depth] = savedSteps!;
  pendingStep[depth] = savedStep;
  pendingParent[depth] = savedParent;
  pendingAfter[depth] = savedAfter;
}

/** Goes on with the innermost pending sequence (depth - 1); with none left, the match is complete. */
function next(depth: number): void {
  if (depth === 0) {
    emit();
    return;
  }
  const d = depth - 1;
  const steps = pending[d]!;
  const index = pendingStep[d]!;
  if (index === steps.length) {
    next(d);
    return;
  }
  const step = steps[index]!;
  const after = pendingAfter[d]!;
  const f = tree;
  let candidate = after === -1 ? f.firstChild[pendingParent[d]!]! : f.nextSibling[after]!;
  pendingStep[d] = index + 1;
  for (; candidate !== -1; candidate = f.nextSibling[candidate]!) {
    pendingAfter[d] = candidate;
    matchAt(step, candidate, depth);
    // an anchored step may skip anonymous nodes only
    if (step.immediate && (f.flags[candidate]! & NAMED) !== 0) break;
  }
  pendingAfter[d] = after;
  if (step.optional) next(depth);
  pendingStep[d] = index;
}

function emit(): void {
  foundStart = ensureLength(foundStart, foundCount + 2);
  found = ensureLength(found, foundLength + captureCount * 2);
  for (let i = 0; i < captureCount * 2; i++) found[foundLength + i] = captures[i]!;
  foundStart[foundCount] = foundLength;
  foundLength += captureCount * 2;
  foundCount++;
  foundStart[foundCount] = foundLength;
}

/** Whether every capture of match a is among match b's. */
function within(a: number, b: number): boolean {
  for (let i = foundStart[a]!; i < foundStart[a + 1]!; i += 2) {
    let seen = false;
    for (let j = foundStart[b]!; j < foundStart[b + 1]!; j += 2) {
      if (found[i] === found[j] && found[i + 1] === found[j + 1]) {
        seen = true;
        break;
      }
    }
    if (!seen) return false;
  }
  return true;
}

/** Receives each match: the pattern, and its captures as (capture index, node) pairs in `pairs` from `from` to `to`. */
export type MatchSink = (pattern: number, pairs: Int32Array, from: number, to: number) => void;

/**
 * Runs the patterns over the flattened tree: at the root only (maxStartDepth 0) or at every node, in
 * document order, each node's patterns in order.
 */
export function matchTree(patterns: Patterns, flat: FlatTree, maxStartDepth: number, sink: MatchSink): void {
  tree = flat;
  const last = maxStartDepth === 0 ? 1 : flat.count;
  for (let node = 0; node < last; node++) {
    const symbol = flat.symbol[node]!;
    const list = symbol < patterns.bySymbol.length ? patterns.bySymbol[symbol] : undefined;
    if (list === undefined) continue;
    for (let k = 0; k < list.length; k++) {
      const p = list[k]!;
      foundCount = 0;
      foundLength = 0;
      foundStart[0] = 0;
      captureCount = 0;
      matchAt(patterns.roots[p]!, node, 0);
      for (let m = 0; m < foundCount; m++) {
        let dropped = false;
        for (let o = 0; o < foundCount && !dropped; o++) {
          if (o === m || !within(m, o)) continue;
          // a subset of another's captures, or the same captures found again
          dropped = !within(o, m) || o < m;
        }
        if (!dropped) sink(p, found, foundStart[m]!, foundStart[m + 1]!);
      }
    }
  }
}
