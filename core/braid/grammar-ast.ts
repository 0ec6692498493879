// A small grammar tree shared by the Lark (llguidance) and EBNF (XGrammar/GBNF) printers,
// so both dialects describe exactly the same language. Terminals are regex trees.
import { alt as ralt, cls, lit as rlit, normalizeRanges, seq as rseq, type Ranges, type RegexNode } from './regex-ast.ts';

export type GExpr =
  | { g: 'lit'; text: string }
  | { g: 'term'; name: string }
  | { g: 'rule'; name: string }
  | { g: 'seq'; items: GExpr[] }
  | { g: 'alt'; options: GExpr[] }
  | { g: 'opt'; e: GExpr }
  | { g: 'rep'; e: GExpr; min: number; max: number }
  | { g: 'star'; e: GExpr }
  | { g: 'plus'; e: GExpr };

export interface CodeGrammar {
  start: string;
  /** Rules in a stable order (start first). */
  rules: Array<[string, GExpr]>;
  /** Terminals (UPPERCASE names) and their regexes. */
  terminals: Array<[string, RegexNode]>;
  /** Users' name patterns the name terminals could not take in (see code-grammar.ts, functionNameTerminal). */
  unintersected?: string[];
}

export const L = (text: string): GExpr => ({ g: 'lit', text });
export const T = (name: string): GExpr => ({ g: 'term', name });
export const R = (name: string): GExpr => ({ g: 'rule', name });
export const S = (...items: GExpr[]): GExpr => ({ g: 'seq', items });
export const A = (...options: GExpr[]): GExpr => (options.length === 1 ? options[0]! : { g: 'alt', options });
export const O = (e: GExpr): GExpr => ({ g: 'opt', e });
export const Z = (e: GExpr): GExpr => ({ g: 'star', e });
export const P = (e: GExpr): GExpr => ({ g: 'plus', e });
/** `e` repeated min..max times (max finite). */
export const Rep = (e: GExpr, min: number, max: number): GExpr => ({ g: 'rep', e, min, max });
/** `item (sep item)*` */
export const list = (item: GExpr, sep: GExpr): GExpr => S(item, Z(S(sep, item)));

interface TrieNode {
  end: boolean;
  children: Map<number, TrieNode>;
}

function subtract(set: Ranges, cps: number[]): Ranges {
  const out: Ranges = [];
  for (const [lo, hi] of set) {
    let start = lo;
    for (const cp of [...cps].sort((a, b) => a - b)) {
      if (cp < start || cp > hi) continue;
      if (cp > start) out.push([start, cp - 1]);
      start = cp + 1;
    }
    if (start <= hi) out.push([start, hi]);
  }
  return normalizeRanges(out);
}

/**
 * A regex for the words over `head`·`tail`* except the given ones, built on the words' trie:
 * at each depth either leave the trie (a character that continues no excluded word, then any
 * tail), follow it, or stop where no excluded word ends. The options start with disjoint
 * characters, so the regex is unambiguous; "stop" comes last so backtracking engines try the
 * longest match first.
 */
export function wordExcluding(words: readonly string[], head: Ranges, tail: Ranges): RegexNode {
  const root: TrieNode = { end: false, children: new Map() };
  for (const w of words) {
    let node = root;
    for (const ch of w) {
      const cp = ch.codePointAt(0)!;
      let next = node.children.get(cp);
      if (!next) {
        next = { end: false, children: new Map() };
        node.children.set(cp, next);
      }
      node = next;
    }
    node.end = true;
  }
  const anyTail: RegexNode = { t: 'repeat', node: cls(tail), min: 0, max: Infinity, lazy: false };
  const build = (node: TrieNode, depth: number): RegexNode => {
    const chars = depth === 0 ? head : tail;
    const options: RegexNode[] = [];
    const keys = [...node.children.keys()].sort((a, b) => a - b);
    const leave = subtract(chars, keys);
    if (leave.length > 0) options.push(rseq(cls(leave), anyTail));
    for (const k of keys) {
      if (!chars.some(([lo, hi]) => k >= lo && k <= hi)) continue;
      options.push(rseq(rlit(String.fromCodePoint(k)), build(node.children.get(k)!, depth + 1)));
    }
    if (depth > 0 && !node.end) options.push({ t: 'empty' });
    if (options.length === 0) return { t: 'class', ranges: [] };
    return ralt(...options);
  };
  return build(root, 0);
}
