// Regex emitter: naming conventions, users' pattern facts, forbidden calls and the
// signature of each language's functions, each one checked safe before it is emitted.
import type { Constraint } from '../model/constraint.ts';
import type { CodeGrammar, GExpr } from './grammar-ast.ts';
import type { RegexPattern, Rejection } from './ir.ts';
import { NAMING_REGEX } from './naming.ts';
import { charSet, normalizeRanges, parseRegexAst, printRegex, WORD, lit as rlit, type Ranges, type RegexNode } from './regex-ast.ts';
import { checkComposedPatternSafety, checkPatternSafety } from './regex-safety.ts';

export const SIGNATURE_STATE_BUDGET = 20_000;

/** How deep a recursive rule (a type inside a type) is unrolled when a grammar becomes a regex. */
const UNROLL_DEPTH = 2;

/** The regular part of a grammar rule: recursion cut after UNROLL_DEPTH levels. Null when nothing is left. */
export function ruleToRegex(grammar: CodeGrammar, rule: string, overrides: ReadonlyMap<string, RegexNode> = new Map()): RegexNode | null {
  const rules = new Map(grammar.rules);
  const terminals = new Map(grammar.terminals);
  const depth = new Map<string, number>();
  const convert = (e: GExpr): RegexNode | null => {
    switch (e.g) {
      case 'lit':
        return rlit(e.text);
      case 'term':
        return terminals.get(e.name) ?? null;
      case 'rule': {
        const override = overrides.get(e.name);
        if (override) return override;
        const d = depth.get(e.name) ?? 0;
        if (d >= UNROLL_DEPTH) return null;
        depth.set(e.name, d + 1);
        const body = rules.get(e.name);
        const out = body ? convert(body) : null;
        depth.set(e.name, d);
        return out;
      }
      case 'seq': {
        const items: RegexNode[] = [];
        for (const i of e.items) {
          const r = convert(i);
          if (r === null) return null;
          items.push(r);
        }
        return { t: 'seq', items };
      }
      case 'alt': {
        if (e.options.length > 2 && e.options.every((o) => o.g === 'lit')) return literalTrie(e.options.map((o) => (o as { text: string }).text));
        const options = e.options.map(convert).filter((o): o is RegexNode => o !== null);
        return options.length === 0 ? null : options.length === 1 ? options[0]! : { t: 'alt', options };
      }
      case 'opt': {
        const r = convert(e.e);
        return r === null ? { t: 'empty' } : { t: 'repeat', node: r, min: 0, max: 1, lazy: false };
      }
      case 'star': {
        const r = convert(e.e);
        return r === null ? { t: 'empty' } : { t: 'repeat', node: r, min: 0, max: Infinity, lazy: false };
      }
      case 'plus': {
        const r = convert(e.e);
        return r === null ? null : { t: 'repeat', node: r, min: 1, max: Infinity, lazy: false };
      }
      case 'rep': {
        const r = convert(e.e);
        return r === null ? (e.min === 0 ? { t: 'empty' } : null) : { t: 'repeat', node: r, min: e.min, max: e.max, lazy: false };
      }
    }
  };
  return convert({ g: 'rule', name: rule });
}

/** Alternative literals as a trie (shared prefixes once), which keeps the regex and its automaton small. */
function literalTrie(words: string[]): RegexNode {
  interface Node {
    end: boolean;
    next: Map<string, Node>;
  }
  const root: Node = { end: false, next: new Map() };
  for (const w of words) {
    let n = root;
    for (const ch of w) {
      let m = n.next.get(ch);
      if (!m) {
        m = { end: false, next: new Map() };
        n.next.set(ch, m);
      }
      n = m;
    }
    n.end = true;
  }
  const build = (n: Node): RegexNode => {
    const options: RegexNode[] = [...n.next.keys()].sort().map((ch) => {
      let text = ch;
      let m = n.next.get(ch)!;
      while (!m.end && m.next.size === 1) {
        const [c, k] = [...m.next.entries()][0]!;
        text += c;
        m = k;
      }
      return m.next.size === 0 ? rlit(text) : ({ t: 'seq', items: [rlit(text), build(m)] } as RegexNode);
    });
    // Longer continuations first, stopping last, for backtracking engines.
    if (n.end) options.push({ t: 'empty' });
    return options.length === 1 ? options[0]! : { t: 'alt', options };
  };
  return build(root);
}

/** The last segment of a callee as written: `exec` of `child_process.exec`, `Command` of `std::process::Command`. */
export function calleeWord(callee: string): string {
  const parts = callee
    .trim()
    .replace(/^new\s+/, '')
    .split(/::|\.|\s+/)
    .filter((p) => p !== '');
  return parts[parts.length - 1] ?? callee;
}

function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

export interface RegexEmitterOutput {
  patterns: RegexPattern[];
  rejected: Rejection[];
}

/** Regexes from the constraints' naming, pattern and forbidden-call facts. */
export function factRegexes(
  constraints: readonly Constraint[],
  verdicts: (source: string, mode: 'full' | 'search') => string | null = defaultVerdict,
): RegexEmitterOutput {
  const patterns: RegexPattern[] = [];
  const rejected: Rejection[] = [];
  const add = (c: Constraint, pattern: string, target: string, mode: 'require' | 'forbid', search: boolean): void => {
    const reason = verdicts(pattern, search ? 'search' : 'full');
    if (reason !== null) {
      rejected.push({ constraint: c.id, reason });
      return;
    }
    const existing = patterns.find((p) => p.pattern === pattern && p.target === target && p.mode === mode);
    if (existing) existing.sources.push(c.id);
    else patterns.push({ pattern, flags: '', target, mode, sources: [c.id] });
  };
  for (const c of constraints) {
    const f = c.facts;
    if (f?.fact === 'naming') add(c, NAMING_REGEX[f.convention], f.category, 'require', false);
    else if (f?.fact === 'pattern') add(c, f.regex, f.target, f.mode, f.mode === 'forbid' && (f.target === 'code' || f.target === 'output'));
    // Like the grammar, the regex keys on the callee's last segment, called (`(`) or used as a path (`::`), qualified or not.
    else if (f?.fact === 'forbidden_call') add(c, `\\b${escapeRegex(calleeWord(f.callee))}\\s*(?:\\(|::)`, 'code', 'forbid', true);
  }
  return { patterns, rejected };
}

function defaultVerdict(source: string, mode: 'full' | 'search'): string | null {
  const v = checkPatternSafety(source, { mode });
  return v.ok ? null : v.reason;
}

/** Characters that may sit between type names in each language's type syntax. */
const TYPE_PUNCTUATION: Record<string, string> = {
  typescript: '[<>\\[\\]()|&,. \\t]',
  python: '[\\[\\],|. \\t]',
  rust: "[<>\\[\\]()&,' \\t]",
  go: '[*\\[\\]().]',
  zig: '[?!*\\[\\]() \\t]',
};
const TYPE_KEYWORDS: Record<string, string[]> = { typescript: [], python: [], rust: ['mut', 'dyn', 'impl'], go: ['map'], zig: ['const'] };

/** The known type names of a grammar (its `type_name` rule of literals), or null. */
function typeNameWords(grammar: CodeGrammar): string[] | null {
  const names = grammar.rules.find(([n]) => n === 'type_name')?.[1];
  if (names?.g !== 'alt' || !names.options.every((o) => o.g === 'lit')) return null;
  return names.options.map((o) => (o as { text: string }).text);
}

/**
 * A flat regex for type expressions: `name` (known type names) separated by the language's type
 * punctuation. Exact nesting is the grammar's job; the regex keeps only what a regex can check
 * cheaply (every name is a known one, so `any` stays out when forbidden), and stays small
 * enough for its automaton to be built quickly.
 */
function typeTextRegex(name: RegexNode, language: string): RegexNode {
  const punct = parseRegexAst(TYPE_PUNCTUATION[language] ?? '[<>()\\[\\], ]');
  const puncts: RegexNode = { t: 'repeat', node: punct, min: 0, max: Infinity, lazy: false };
  const gap: RegexNode = { t: 'repeat', node: punct, min: 1, max: Infinity, lazy: false };
  return { t: 'seq', items: [puncts, name, { t: 'repeat', node: { t: 'seq', items: [gap, name] }, min: 0, max: Infinity, lazy: false }, puncts] };
}

/**
 * A run of name characters standing for a set of names: word characters (plus any other character
 * the names use), so the shape is the same whichever identifiers a project declares.
 */
function nameRun(chars: Ranges): RegexNode {
  return { t: 'repeat', node: { t: 'class', ranges: normalizeRanges([...WORD, ...chars]) }, min: 1, max: Infinity, lazy: false };
}

/**
 * The regex of a language's function signatures (from its code grammar), if it passes the safety
 * check. The check runs on a shape where the type names are a run of their characters (a
 * superset), so it does not depend on which names a project declares; see checkComposedPatternSafety.
 */
export function signatureRegex(grammar: CodeGrammar, language = ''): { pattern: string } | { reason: string } {
  const words = typeNameWords(grammar);
  const overrides = new Map<string, RegexNode>();
  const shapeOverrides = new Map<string, RegexNode>();
  const opaque: RegexNode[] = [];
  if (words) {
    const name = literalTrie([...new Set([...words, ...(TYPE_KEYWORDS[language] ?? [])])]);
    const anyName = nameRun(charSet(name));
    overrides.set('type', typeTextRegex(name, language));
    overrides.set('type_path', overrides.get('type')!);
    shapeOverrides.set('type', typeTextRegex(anyName, language));
    shapeOverrides.set('type_path', shapeOverrides.get('type')!);
    const declared = literalTrie(words);
    shapeOverrides.set('type_name', nameRun(charSet(declared)));
    opaque.push(name, declared);
  }
  const node = ruleToRegex(grammar, 'signature', overrides);
  const shape = ruleToRegex(grammar, 'signature', shapeOverrides);
  if (node === null || shape === null) return { reason: 'the signature rule has no regular approximation' };
  const pattern = printRegex(node);
  const v = checkComposedPatternSafety({ source: pattern, ast: node, shape, opaque }, { maxStates: SIGNATURE_STATE_BUDGET });
  return v.ok ? { pattern } : { reason: v.reason };
}

/** The regex emitter on its own: fact regexes plus, given a code grammar, the signature regex. */
export function toRegexes(constraints: readonly Constraint[], grammar?: CodeGrammar): RegexEmitterOutput {
  const out = factRegexes(constraints);
  if (grammar) {
    const sig = signatureRegex(grammar);
    if ('pattern' in sig) out.patterns.push({ pattern: sig.pattern, flags: '', target: 'signature', mode: 'require', sources: [] });
    else out.rejected.push({ constraint: '*', reason: `signature regex: ${sig.reason}` });
  }
  return out;
}
