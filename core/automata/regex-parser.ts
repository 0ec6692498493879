// Parses ECMAScript regex source into a small syntax tree over code-point sets (Unicode-mode semantics).
import { ANY, DIGIT, NOT_LINE_TERMINATOR, SPACE, WORD, caseInsensitive, negate, normalize, union, unicodeProperty, type CodePointSet } from './codepoints.ts';
import { RegexSyntaxError, UnsupportedRegexError } from './errors.ts';

export type Assertion = 'start' | 'end' | 'wordBoundary' | 'notWordBoundary';

export type RegexNode =
  | { kind: 'set'; set: CodePointSet }
  | { kind: 'concat'; items: RegexNode[] }
  | { kind: 'alt'; items: RegexNode[] }
  | { kind: 'repeat'; item: RegexNode; min: number; max: number }
  | { kind: 'assert'; assertion: Assertion };

export interface RegexFlags {
  ignoreCase: boolean;
  dotAll: boolean;
}

/** Reads the flags string; g, u, d and y change nothing about the language (y is anchoring, only valid with full mode semantics). */
export function parseFlags(pattern: string, flags: string): RegexFlags {
  const result: RegexFlags = { ignoreCase: false, dotAll: false };
  for (const flag of flags) {
    if (flag === 'i') result.ignoreCase = true;
    else if (flag === 's') result.dotAll = true;
    else if (flag === 'g' || flag === 'u' || flag === 'd') continue;
    else if (flag === 'm') throw new UnsupportedRegexError(pattern, 0, 'the m (multiline) flag is not supported: ^ and $ match only at the edges of the text');
    else if (flag === 'v' || flag === 'y') throw new UnsupportedRegexError(pattern, 0, `the ${flag} flag is not supported`);
    else throw new RegexSyntaxError(pattern, 0, `unknown flag '${flag}' (expected some of g i s u d)`);
  }
  return result;
}

const SYNTAX_CHARS = new Set('^$\\.*+?()[]{}|/');
const MAX_REPEAT = 100_000;

/**
 * Parses `source` (the text between the slashes). Literal characters, \u{…}, \uXXXX (surrogate
 * pairs combined) and classes are code points, as with the u flag. `^` and `$` are assertions
 * that hold only at the very start and end of the text (no m flag).
 */
export function parseRegex(source: string, flags: RegexFlags): RegexNode {
  let pos = 0;

  const fail = (problem: string, at = pos): never => {
    throw new RegexSyntaxError(source, at, problem);
  };
  const unsupported = (reason: string, at = pos): never => {
    throw new UnsupportedRegexError(source, at, reason);
  };
  const peek = (): string | undefined => (pos < source.length ? String.fromCodePoint(source.codePointAt(pos)!) : undefined);
  const next = (): string => {
    const ch = peek();
    if (ch === undefined) fail('unexpected end of pattern');
    pos += ch!.length;
    return ch!;
  };
  const eat = (text: string): boolean => {
    if (source.startsWith(text, pos)) {
      pos += text.length;
      return true;
    }
    return false;
  };
  const literal = (cp: number): RegexNode => ({ kind: 'set', set: flags.ignoreCase ? caseInsensitive([cp, cp]) : [cp, cp] });
  const fold = (set: CodePointSet): CodePointSet => (flags.ignoreCase ? caseInsensitive(set) : set);
  const classNode = (set: CodePointSet): RegexNode => ({ kind: 'set', set: fold(set) });

  function parseDisjunction(): RegexNode {
    const items = [parseAlternative()];
    while (eat('|')) items.push(parseAlternative());
    return items.length === 1 ? items[0]! : { kind: 'alt', items };
  }

  function parseAlternative(): RegexNode {
    const items: RegexNode[] = [];
    while (pos < source.length && peek() !== '|' && peek() !== ')') {
      const start = pos;
      const atom = parseTerm();
      const quantified = parseQuantifier(atom, start);
      items.push(quantified);
    }
    return items.length === 1 ? items[0]! : { kind: 'concat', items };
  }

  function parseQuantifier(atom: RegexNode | 'assertion', _atomStart: number): RegexNode {
    const quantStart = pos;
    let min: number;
    let max: number;
    const ch = peek();
    if (ch === '*') [min, max] = [0, Infinity];
    else if (ch === '+') [min, max] = [1, Infinity];
    else if (ch === '?') [min, max] = [0, 1];
    else if (ch === '{') {
      const bounds = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(pos));
      if (!bounds) {
        // Annex B: a '{' that does not start a quantifier is a literal.
        return atom === 'assertion' ? assertionNode! : atom;
      }
      min = Number(bounds[1]);
      max = bounds[2] === undefined ? min : bounds[3] === '' ? Infinity : Number(bounds[3]);
      if (max < min) fail(`numbers out of order in quantifier ${bounds[0]} (expected {min,max} with min <= max)`, quantStart);
      if (min > MAX_REPEAT || (max !== Infinity && max > MAX_REPEAT)) fail(`quantifier ${bounds[0]} is larger than ${MAX_REPEAT}`, quantStart);
      pos += bounds[0].length - 1;
    } else {
      if (atom === 'assertion') return assertionNode!;
      return atom;
    }
    if (atom === 'assertion') fail('nothing to repeat: a quantifier cannot follow an assertion', quantStart);
    pos += 1;
    eat('?'); // a lazy quantifier matches the same language
    const after = peek();
    if (after === '*' || after === '+' || after === '?' || (after === '{' && /^\{\d+(,\d*)?\}/.test(source.slice(pos)))) {
      fail('nothing to repeat: two quantifiers in a row');
    }
    return { kind: 'repeat', item: atom as RegexNode, min, max };
  }

  let assertionNode: RegexNode | null = null;

  /** An atom, or 'assertion' (then assertionNode holds it) so a following quantifier can be rejected. */
  function parseTerm(): RegexNode | 'assertion' {
    const start = pos;
    const ch = next();
    switch (ch) {
      case '^':
        assertionNode = { kind: 'assert', assertion: 'start' };
        return 'assertion';
      case '$':
        assertionNode = { kind: 'assert', assertion: 'end' };
        return 'assertion';
      case '.':
        return { kind: 'set', set: flags.dotAll ? ANY : NOT_LINE_TERMINATOR };
      case '(':
        return parseGroup(start);
      case ')':
        return fail("unmatched ')'", start);
      case '[':
        return classNode(parseClass(start));
      case '*':
      case '+':
      case '?':
        return fail(`nothing to repeat before '${ch}'`, start);
      case '{':
        if (/^\{\d+(,\d*)?\}/.test(source.slice(start))) fail("nothing to repeat before '{'", start);
        return literal(ch.codePointAt(0)!);
      case '\\':
        return parseAtomEscape(start);
      default:
        return literal(ch.codePointAt(0)!);
    }
  }

  function parseGroup(start: number): RegexNode {
    if (eat('?')) {
      if (eat(':')) {
        /* non-capturing */
      } else if (source.startsWith('=', pos) || source.startsWith('!', pos) || source.startsWith('<=', pos) || source.startsWith('<!', pos)) {
        unsupported('lookaround assertions are not regular (use a separate forbidden-pattern constraint instead)', start);
      } else if (eat('<')) {
        const name = /^[A-Za-z_$][\w$]*>/.exec(source.slice(pos));
        if (!name) fail("expected a group name and '>' after '(?<'");
        pos += name![0].length;
      } else if (/^[imsx-]/.test(source.slice(pos))) {
        unsupported('inline modifiers (?i:…) are not supported; use flags instead', start);
      } else {
        fail("expected ':', '=', '!', '<=', '<!' or '<name>' after '(?'");
      }
    }
    const inner = parseDisjunction();
    if (!eat(')')) fail(`expected ')' to close the group opened at position ${start}`);
    return inner;
  }

  function parseAtomEscape(start: number): RegexNode | 'assertion' {
    const ch = peek();
    if (ch === undefined) fail('\\ at end of pattern', start);
    if (ch === 'b') {
      pos++;
      assertionNode = { kind: 'assert', assertion: 'wordBoundary' };
      return 'assertion';
    }
    if (ch === 'B') {
      pos++;
      assertionNode = { kind: 'assert', assertion: 'notWordBoundary' };
      return 'assertion';
    }
    if (ch! >= '1' && ch! <= '9') unsupported(`backreference \\${/^\d+/.exec(source.slice(pos))![0]} is not regular`, start);
    if (ch === 'k' && source[pos + 1] === '<') unsupported('named backreference \\k<…> is not regular', start);
    const set = parseClassEscape(start, false);
    return typeof set === 'number' ? literal(set) : classNode(set);
  }

  /** After a backslash: a code point (number) or a class (\d, \p{…}, …). `inClass` allows \b = backspace and \-. */
  function parseClassEscape(start: number, inClass: boolean): number | CodePointSet {
    const ch = next();
    switch (ch) {
      case 'd':
        return DIGIT;
      case 'D':
        return negate(fold(DIGIT));
      case 'w':
        return WORD;
      case 'W':
        return negate(fold(WORD));
      case 's':
        return SPACE;
      case 'S':
        return negate(fold(SPACE));
      case 'p':
      case 'P': {
        const prop = /^\{([A-Za-z_=]+)\}/.exec(source.slice(pos));
        if (!prop) fail(`expected {Name} after \\${ch}`);
        const set = unicodeProperty(prop![1]!);
        if (!set) fail(`unknown Unicode property '${prop![1]}'`, pos + 1);
        pos += prop![0].length;
        return ch === 'p' ? set! : negate(fold(set!));
      }
      case 't':
        return 0x09;
      case 'n':
        return 0x0a;
      case 'v':
        return 0x0b;
      case 'f':
        return 0x0c;
      case 'r':
        return 0x0d;
      case '0':
        if (/[0-9]/.test(source[pos] ?? '')) fail('octal escapes are not allowed (use \\x or \\u)', start);
        return 0;
      case 'c': {
        const letter = source[pos];
        if (!letter || !/[A-Za-z]/.test(letter)) fail('expected a letter after \\c');
        pos++;
        return letter!.charCodeAt(0) % 32;
      }
      case 'x': {
        const hex = /^[0-9A-Fa-f]{2}/.exec(source.slice(pos));
        if (!hex) fail('expected two hex digits after \\x');
        pos += 2;
        return parseInt(hex![0], 16);
      }
      case 'u':
        return parseUnicodeEscape(start);
      case 'b':
        if (inClass) return 0x08;
        break;
      case '-':
        if (inClass) return 0x2d;
        break;
    }
    if (SYNTAX_CHARS.has(ch) || (ch.length === 1 && /[^A-Za-z0-9_]/.test(ch) && ch.charCodeAt(0) < 0x80)) return ch.codePointAt(0)!;
    return fail(`unknown escape \\${ch}`, start);
  }

  function parseUnicodeEscape(start: number): number {
    const braced = /^\{([0-9A-Fa-f]+)\}/.exec(source.slice(pos));
    if (braced) {
      const cp = parseInt(braced[1]!, 16);
      if (cp > 0x10ffff) fail('code point in \\u{…} is above 10FFFF', start);
      pos += braced[0].length;
      return cp;
    }
    const four = /^[0-9A-Fa-f]{4}/.exec(source.slice(pos));
    if (!four) fail('expected four hex digits or {hex} after \\u');
    pos += 4;
    const unit = parseInt(four![0], 16);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const low = /^\\u([Dd][C-Fc-f][0-9A-Fa-f]{2})/.exec(source.slice(pos));
      if (low) {
        pos += 6;
        return 0x10000 + ((unit - 0xd800) << 10) + (parseInt(low[1]!, 16) - 0xdc00);
      }
    }
    if (unit >= 0xd800 && unit <= 0xdfff) unsupported('a lone surrogate cannot be encoded in UTF-8', start);
    return unit;
  }

  function parseClass(start: number): CodePointSet {
    const negated = eat('^');
    const ranges: number[] = [];
    let sets: CodePointSet = [];
    const atom = (): number | CodePointSet => {
      const atStart = pos;
      const ch = next();
      if (ch === '\\') return parseClassEscape(atStart, true);
      return ch.codePointAt(0)!;
    };
    while (true) {
      if (pos >= source.length) fail(`expected ']' to close the class opened at position ${start}`);
      if (eat(']')) break;
      const fromPos = pos;
      const from = atom();
      if (peek() === '-' && source[pos + 1] !== ']' && pos + 1 < source.length) {
        pos++;
        const toPos = pos;
        const to = atom();
        if (typeof from !== 'number' || typeof to !== 'number')
          fail('a class escape like \\d cannot be a range endpoint', typeof from !== 'number' ? fromPos : toPos);
        if ((from as number) > (to as number)) fail('range out of order in character class', fromPos);
        ranges.push(from as number, to as number);
      } else if (typeof from === 'number') ranges.push(from, from);
      else sets = union(sets, from);
    }
    // Case folding applies before negation: [^a] with the i flag excludes 'A' too.
    const set = fold(union(normalize(ranges), sets));
    return negated ? negate(set) : set;
  }

  const tree = parseDisjunction();
  if (pos < source.length) fail("unmatched ')'");
  return tree;
}
