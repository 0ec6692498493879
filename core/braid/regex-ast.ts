// A small parser for the ECMAScript regex subset Braid accepts from users, to a tree that
// Braid can analyse (backtracking hazards) and print in other dialects (Python re for
// Lark terminals, character-level EBNF for XGrammar/GBNF). The automata library decides the
// language; this tree only serves analysis and printing.

export type Ranges = Array<[number, number]>;

export type RegexNode =
  | { t: 'empty' }
  | { t: 'class'; ranges: Ranges } // a set of code points, normalised (sorted, merged)
  | { t: 'seq'; items: RegexNode[] }
  | { t: 'alt'; options: RegexNode[] }
  | { t: 'repeat'; node: RegexNode; min: number; max: number; lazy: boolean }
  | { t: 'anchor'; kind: 'start' | 'end' }
  | { t: 'boundary'; negated: boolean };

export class RegexParseError extends Error {
  constructor(
    readonly pattern: string,
    readonly position: number,
    readonly problem: string,
    readonly unsupported: boolean,
  ) {
    super(`${unsupported ? 'unsupported' : 'invalid'} regex /${pattern}/ at position ${position}: ${problem}`);
    this.name = 'RegexParseError';
  }
}

const MAX_CP = 0x10ffff;
export const DIGIT: Ranges = [[0x30, 0x39]];
export const WORD: Ranges = [
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
];
export const SPACE: Ranges = normalizeRanges([
  [0x09, 0x0d],
  [0x20, 0x20],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
]);
const DOT: Ranges = negateRanges([
  [0x0a, 0x0a],
  [0x0d, 0x0d],
  [0x2028, 0x2029],
]);

export function normalizeRanges(ranges: Ranges): Ranges {
  const sorted = ranges.map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as [number, number]).sort((x, y) => x[0] - y[0]);
  const out: Ranges = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

export function negateRanges(ranges: Ranges): Ranges {
  const out: Ranges = [];
  let next = 0;
  for (const [lo, hi] of normalizeRanges(ranges)) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_CP) out.push([next, MAX_CP]);
  return out;
}

export function intersectRanges(a: Ranges, b: Ranges): Ranges {
  const out: Ranges = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i]![0], b[j]![0]);
    const hi = Math.min(a[i]![1], b[j]![1]);
    if (lo <= hi) out.push([lo, hi]);
    if (a[i]![1] < b[j]![1]) i++;
    else j++;
  }
  return out;
}

export const cls = (ranges: Ranges): RegexNode => ({ t: 'class', ranges: normalizeRanges(ranges) });
export const lit = (text: string): RegexNode => {
  const items = [...text].map((ch) => cls([[ch.codePointAt(0)!, ch.codePointAt(0)!]]));
  return items.length === 1 ? items[0]! : { t: 'seq', items };
};
export const seq = (...items: RegexNode[]): RegexNode => ({ t: 'seq', items });
export const alt = (...options: RegexNode[]): RegexNode => (options.length === 1 ? options[0]! : { t: 'alt', options });
export const star = (node: RegexNode): RegexNode => ({ t: 'repeat', node, min: 0, max: Infinity, lazy: false });
export const plus = (node: RegexNode): RegexNode => ({ t: 'repeat', node, min: 1, max: Infinity, lazy: false });
export const optional = (node: RegexNode): RegexNode => ({ t: 'repeat', node, min: 0, max: 1, lazy: false });

export function parseRegexAst(pattern: string): RegexNode {
  let pos = 0;
  const fail = (problem: string, unsupported = false): never => {
    throw new RegexParseError(pattern, pos, problem, unsupported);
  };
  const peek = (): string | undefined => pattern[pos];

  const parseAlt = (): RegexNode => {
    const options = [parseSeq()];
    while (peek() === '|') {
      pos++;
      options.push(parseSeq());
    }
    return options.length === 1 ? options[0]! : { t: 'alt', options };
  };

  const parseSeq = (): RegexNode => {
    const items: RegexNode[] = [];
    while (pos < pattern.length && peek() !== '|' && peek() !== ')') {
      let atom = parseAtom();
      const q = parseQuantifier();
      if (q !== null) {
        if (atom.t === 'anchor' || atom.t === 'boundary') fail('nothing to repeat');
        atom = { t: 'repeat', node: atom, min: q.min, max: q.max, lazy: q.lazy };
        if (parseQuantifier() !== null) fail('nothing to repeat');
      }
      items.push(atom);
    }
    if (items.length === 0) return { t: 'empty' };
    return items.length === 1 ? items[0]! : { t: 'seq', items };
  };

  const parseQuantifier = (): { min: number; max: number; lazy: boolean } | null => {
    const ch = peek();
    let min: number;
    let max: number;
    if (ch === '*') {
      min = 0;
      max = Infinity;
      pos++;
    } else if (ch === '+') {
      min = 1;
      max = Infinity;
      pos++;
    } else if (ch === '?') {
      min = 0;
      max = 1;
      pos++;
    } else if (ch === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(pos));
      if (!m) return null; // a literal brace, as in ECMAScript's Annex B
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      if (max < min) fail('numbers out of order in {} quantifier');
      pos += m[0].length;
    } else return null;
    let lazy = false;
    if (peek() === '?') {
      lazy = true;
      pos++;
    }
    return { min, max, lazy };
  };

  const parseAtom = (): RegexNode => {
    const ch = pattern[pos]!;
    if (ch === '(') {
      pos++;
      if (pattern.startsWith('?:', pos)) pos += 2;
      else if (pattern.startsWith('?=', pos) || pattern.startsWith('?!', pos) || pattern.startsWith('?<=', pos) || pattern.startsWith('?<!', pos))
        fail('lookaround is not a regular-language feature', true);
      else if (pattern.startsWith('?<', pos)) {
        const m = /^\?<([A-Za-z_$][\w$]*)>/.exec(pattern.slice(pos));
        if (!m) fail('invalid group name');
        pos += m![0].length;
      } else if (peek() === '?') fail('invalid group');
      const inner = parseAlt();
      if (peek() !== ')') fail("missing ')'");
      pos++;
      return inner;
    }
    if (ch === ')') fail("unmatched ')'");
    if (ch === '*' || ch === '+' || ch === '?') fail('nothing to repeat');
    if (ch === '^') {
      pos++;
      return { t: 'anchor', kind: 'start' };
    }
    if (ch === '$') {
      pos++;
      return { t: 'anchor', kind: 'end' };
    }
    if (ch === '.') {
      pos++;
      return { t: 'class', ranges: DOT };
    }
    if (ch === '[') return parseClass();
    if (ch === '\\') return parseEscape(false);
    const cp = pattern.codePointAt(pos)!;
    pos += cp > 0xffff ? 2 : 1;
    return { t: 'class', ranges: [[cp, cp]] };
  };

  const parseEscape = (inClass: boolean): RegexNode => {
    pos++; // the backslash
    const ch = pattern[pos];
    if (ch === undefined) fail('\\ at end of pattern');
    pos++;
    switch (ch) {
      case 'd':
        return cls(DIGIT);
      case 'D':
        return cls(negateRanges(DIGIT));
      case 'w':
        return cls(WORD);
      case 'W':
        return cls(negateRanges(WORD));
      case 's':
        return cls(SPACE);
      case 'S':
        return cls(negateRanges(SPACE));
      case 't':
        return cls([[9, 9]]);
      case 'n':
        return cls([[10, 10]]);
      case 'v':
        return cls([[11, 11]]);
      case 'f':
        return cls([[12, 12]]);
      case 'r':
        return cls([[13, 13]]);
      case '0':
        if (!/[0-9]/.test(peek() ?? '')) return cls([[0, 0]]);
        break;
      case 'b':
        if (inClass) return cls([[8, 8]]);
        return { t: 'boundary', negated: false };
      case 'B':
        if (!inClass) return { t: 'boundary', negated: true };
        break;
      case 'x': {
        const m = /^[0-9a-fA-F]{2}/.exec(pattern.slice(pos));
        if (!m) fail('invalid \\x escape');
        pos += 2;
        const cp = parseInt(m![0], 16);
        return cls([[cp, cp]]);
      }
      case 'u': {
        const braces = /^\{([0-9a-fA-F]{1,6})\}/.exec(pattern.slice(pos));
        if (braces) {
          pos += braces[0].length;
          const cp = parseInt(braces[1]!, 16);
          if (cp > MAX_CP) fail('code point out of range');
          return cls([[cp, cp]]);
        }
        const m = /^[0-9a-fA-F]{4}/.exec(pattern.slice(pos));
        if (!m) fail('invalid \\u escape');
        pos += 4;
        let cp = parseInt(m![0], 16);
        const low = /^\\u([dD][c-fC-F][0-9a-fA-F]{2})/.exec(pattern.slice(pos));
        if (cp >= 0xd800 && cp <= 0xdbff && low) {
          pos += 6;
          cp = 0x10000 + ((cp - 0xd800) << 10) + (parseInt(low[1]!, 16) - 0xdc00);
        }
        return cls([[cp, cp]]);
      }
      case 'k':
        fail('backreferences are not a regular-language feature', true);
        break;
      case 'p':
      case 'P':
        fail('Unicode property escapes are not supported here', true);
        break;
      case 'c':
        fail('control escapes are not supported here', true);
        break;
      default:
        break;
    }
    if (/[1-9]/.test(ch!)) fail('backreferences are not a regular-language feature', true);
    if (/[A-Za-z0-9]/.test(ch!)) fail(`unknown escape \\${ch}`);
    const cp = ch!.codePointAt(0)!;
    return cls([[cp, cp]]);
  };

  const parseClass = (): RegexNode => {
    pos++; // [
    let negated = false;
    if (peek() === '^') {
      negated = true;
      pos++;
    }
    const ranges: Ranges = [];
    const single = (): Ranges | number => {
      if (peek() === '\\') {
        const node = parseEscape(true);
        const r = (node as { ranges: Ranges }).ranges;
        return r.length === 1 && r[0]![0] === r[0]![1] ? r[0]![0] : r;
      }
      const cp = pattern.codePointAt(pos)!;
      pos += cp > 0xffff ? 2 : 1;
      return cp;
    };
    while (peek() !== ']') {
      if (pos >= pattern.length) fail("missing ']'");
      const lo = single();
      if (peek() === '-' && pattern[pos + 1] !== ']' && pos + 1 < pattern.length) {
        pos++;
        const hi = single();
        if (typeof lo !== 'number' || typeof hi !== 'number') fail('invalid class range');
        if ((hi as number) < (lo as number)) fail('range out of order in character class');
        ranges.push([lo as number, hi as number]);
      } else if (typeof lo === 'number') ranges.push([lo, lo]);
      else ranges.push(...lo);
    }
    pos++; // ]
    return { t: 'class', ranges: negated ? negateRanges(ranges) : normalizeRanges(ranges) };
  };

  const tree = parseAlt();
  if (pos < pattern.length) fail("unmatched ')'");
  return tree;
}

/** Can the node match the empty string? */
export function nullable(node: RegexNode): boolean {
  switch (node.t) {
    case 'empty':
    case 'anchor':
    case 'boundary':
      return true;
    case 'class':
      return false;
    case 'seq':
      return node.items.every(nullable);
    case 'alt':
      return node.options.some(nullable);
    case 'repeat':
      return node.min === 0 || nullable(node.node);
  }
}

/** Code points that can start a non-empty match. */
export function firstSet(node: RegexNode): Ranges {
  switch (node.t) {
    case 'empty':
    case 'anchor':
    case 'boundary':
      return [];
    case 'class':
      return node.ranges;
    case 'seq': {
      const out: Ranges = [];
      for (const item of node.items) {
        out.push(...firstSet(item));
        if (!nullable(item)) break;
      }
      return normalizeRanges(out);
    }
    case 'alt':
      return normalizeRanges(node.options.flatMap(firstSet));
    case 'repeat':
      return node.max === 0 ? [] : firstSet(node.node);
  }
}

/** Every code point the node can consume anywhere. */
export function charSet(node: RegexNode): Ranges {
  switch (node.t) {
    case 'empty':
    case 'anchor':
    case 'boundary':
      return [];
    case 'class':
      return node.ranges;
    case 'seq':
      return normalizeRanges(node.items.flatMap(charSet));
    case 'alt':
      return normalizeRanges(node.options.flatMap(charSet));
    case 'repeat':
      return node.max === 0 ? [] : charSet(node.node);
  }
}

function escapeCodePoint(cp: number, inClass: boolean): string {
  const special = inClass ? '\\]^-[/' : '\\^$.|?*+()[]{}/';
  const ch = String.fromCodePoint(cp);
  if (cp >= 0x21 && cp <= 0x7e) return special.includes(ch) ? `\\${ch}` : ch;
  if (cp === 0x20) return inClass ? ' ' : '\\x20';
  if (cp <= 0xff) return `\\x${cp.toString(16).padStart(2, '0')}`;
  if (cp <= 0xffff) return `\\u${cp.toString(16).padStart(4, '0')}`;
  return `\\U${cp.toString(16).padStart(8, '0')}`;
}

function classBody(ranges: Ranges): string {
  return ranges
    .map(([lo, hi]) =>
      lo === hi
        ? escapeCodePoint(lo, true)
        : hi === lo + 1
          ? escapeCodePoint(lo, true) + escapeCodePoint(hi, true)
          : `${escapeCodePoint(lo, true)}-${escapeCodePoint(hi, true)}`,
    )
    .join('');
}

/**
 * Prints the tree as a regex both Python `re` and ECMAScript read the same way (astral code
 * points use \U, which is Python-only; Braid's own terminals stay in the BMP).
 */
export function printRegex(node: RegexNode): string {
  const atom = (n: RegexNode): string => {
    const s = printRegex(n);
    if (n.t === 'class' || (n.t === 'seq' && n.items.length === 0)) return s;
    if (n.t === 'seq' || n.t === 'alt' || n.t === 'repeat') return `(?:${s})`;
    return s;
  };
  switch (node.t) {
    case 'empty':
      return '';
    case 'anchor':
      return node.kind === 'start' ? '^' : '$';
    case 'boundary':
      return node.negated ? '\\B' : '\\b';
    case 'class': {
      const r = node.ranges;
      if (r.length === 1 && r[0]![0] === r[0]![1]) return escapeCodePoint(r[0]![0], false);
      if (r.length === 0) return '[^\\x00-\\U0010ffff]';
      const neg = negateRanges(r);
      // Print the smaller of the set and its complement.
      if (neg.length < r.length && neg.length > 0) return `[^${classBody(neg)}]`;
      return `[${classBody(r)}]`;
    }
    case 'seq':
      return node.items.map((i) => (i.t === 'alt' ? `(?:${printRegex(i)})` : printRegex(i))).join('');
    case 'alt':
      return node.options.map(printRegex).join('|');
    case 'repeat': {
      const inner = atom(node.node);
      const q =
        node.min === 0 && node.max === Infinity
          ? '*'
          : node.min === 1 && node.max === Infinity
            ? '+'
            : node.min === 0 && node.max === 1
              ? '?'
              : node.max === Infinity
                ? `{${node.min},}`
                : node.min === node.max
                  ? `{${node.min}}`
                  : `{${node.min},${node.max}}`;
      return inner + q + (node.lazy ? '?' : '');
    }
  }
}
