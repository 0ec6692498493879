// EBNF emitter in the XGrammar / llama.cpp GBNF dialect: `name ::= expr`, root rule `root`,
// strings and character classes only (no regex literals), so terminals are expanded from
// their regex trees into character-level rules.
import type { CodeGrammar, GExpr } from './grammar-ast.ts';
import { negateRanges, type Ranges, type RegexNode } from './regex-ast.ts';

function escapeChar(cp: number, inClass: boolean): string {
  switch (cp) {
    case 0x09:
      return '\\t';
    case 0x0a:
      return '\\n';
    case 0x0d:
      return '\\r';
    case 0x22:
      return inClass ? '"' : '\\"';
    case 0x5c:
      return '\\\\';
    default:
      break;
  }
  if (inClass && (cp === 0x5d || cp === 0x5b || cp === 0x2d || cp === 0x5e)) return `\\${String.fromCodePoint(cp)}`;
  if (cp < 0x20 || cp === 0x7f) return `\\x${cp.toString(16).padStart(2, '0')}`;
  if (cp > 0x7e && cp <= 0xffff) return `\\u${cp.toString(16).padStart(4, '0')}`;
  if (cp > 0xffff) return `\\U${cp.toString(16).padStart(8, '0')}`;
  return String.fromCodePoint(cp);
}

export function ebnfString(text: string): string {
  return `"${[...text].map((ch) => escapeChar(ch.codePointAt(0)!, false)).join('')}"`;
}

function classText(ranges: Ranges): string {
  const body = (rs: Ranges): string => rs.map(([lo, hi]) => (lo === hi ? escapeChar(lo, true) : `${escapeChar(lo, true)}-${escapeChar(hi, true)}`)).join('');
  const neg = negateRanges(ranges);
  if (neg.length > 0 && neg.length < ranges.length) return `[^${body(neg)}]`;
  if (neg.length === 0) return '[^\\x00]|"\\x00"'; // every code point; never produced by Braid's terminals
  return `[${body(ranges)}]`;
}

function group(text: string, node: RegexNode): string {
  return node.t === 'alt' || (node.t === 'seq' && node.items.length > 1) ? `(${text})` : text;
}

/** A regex tree as an EBNF expression. Anchors and \b have no EBNF form and are refused. */
export function regexToEbnf(node: RegexNode): string {
  switch (node.t) {
    case 'empty':
      return '""';
    case 'anchor':
    case 'boundary':
      throw new Error('anchors and word boundaries have no EBNF form');
    case 'class': {
      if (node.ranges.length === 1 && node.ranges[0]![0] === node.ranges[0]![1]) return ebnfString(String.fromCodePoint(node.ranges[0]![0]));
      if (node.ranges.length === 0) throw new Error('an empty character class has no EBNF form');
      return classText(node.ranges);
    }
    case 'seq':
      return node.items.length === 0 ? '""' : node.items.map((i) => group(regexToEbnf(i), i)).join(' ');
    case 'alt':
      return node.options.map(regexToEbnf).join(' | ');
    case 'repeat': {
      const inner = `(${regexToEbnf(node.node)})`;
      const { min, max } = node;
      if (min === 0 && max === Infinity) return `${inner}*`;
      if (min === 1 && max === Infinity) return `${inner}+`;
      if (min === 0 && max === 1) return `${inner}?`;
      const parts: string[] = Array.from({ length: min }, () => inner);
      if (max === Infinity) parts.push(`${inner}*`);
      else {
        // x{0,k} as nested optionals: (x (x)?)?, linear in k.
        let tail = '';
        for (let i = 0; i < max - min; i++) tail = tail === '' ? `${inner}?` : `(${inner} ${tail})?`;
        if (tail !== '') parts.push(tail);
      }
      return parts.length === 0 ? '""' : parts.join(' ');
    }
  }
}

function ebnfExpression(e: GExpr, name: (n: string) => string): string {
  const sub = (x: GExpr): string => (x.g === 'alt' || (x.g === 'seq' && x.items.length > 1) ? `(${ebnfExpression(x, name)})` : ebnfExpression(x, name));
  switch (e.g) {
    case 'lit':
      return ebnfString(e.text);
    case 'term':
    case 'rule':
      return name(e.name);
    case 'seq':
      return e.items.map((i) => (i.g === 'alt' ? `(${ebnfExpression(i, name)})` : ebnfExpression(i, name))).join(' ');
    case 'alt':
      return e.options.map((o) => ebnfExpression(o, name)).join(' | ');
    case 'opt':
      return `${sub(e.e)}?`;
    case 'star':
      return `${sub(e.e)}*`;
    case 'plus':
      return `${sub(e.e)}+`;
    case 'rep': {
      // Expanded (min copies, then nested optionals), which every GBNF reader accepts.
      const inner = `(${ebnfExpression(e.e, name)})`;
      const parts: string[] = Array.from({ length: e.min }, () => inner);
      let tail = '';
      for (let i = 0; i < e.max - e.min; i++) tail = tail === '' ? `${inner}?` : `(${inner} ${tail})?`;
      if (tail !== '') parts.push(tail);
      return parts.length === 0 ? '""' : parts.join(' ');
    }
  }
}

/** EBNF rule names: XGrammar and GBNF allow letters, digits and '-'; map '_' to '-' so both read them. */
function ebnfName(name: string, start: string): string {
  return name === start ? 'root' : name.replace(/_/g, '-');
}

export function toEbnf(grammar: CodeGrammar): string {
  const name = (n: string): string => ebnfName(n, grammar.start);
  const lines: string[] = [];
  for (const [rule, expr] of grammar.rules) lines.push(`${name(rule)} ::= ${ebnfExpression(expr, name)}`);
  for (const [terminal, regex] of grammar.terminals) lines.push(`${name(terminal)} ::= ${regexToEbnf(regex)}`);
  return `${lines.join('\n')}\n`;
}
