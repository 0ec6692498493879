// UTF-8 lowering of classes, syntax and unsupported-feature errors with positions, and state budgets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { RegexSyntaxError, StateBudgetError, UnsupportedRegexError, intersect, matches, regexToDfa } from '../../../core/automata/index.ts';

const hex = (cp: number): string => cp.toString(16);
const codePoint = fc
  .oneof(
    fc.integer({ min: 0, max: 0x10ffff }),
    fc.constantFrom(0, 0x7f, 0x80, 0x7ff, 0x800, 0xfff, 0x1000, 0xd7ff, 0xe000, 0xffff, 0x10000, 0x3ffff, 0x40000, 0x10ffff),
  )
  .filter((cp) => cp < 0xd800 || cp > 0xdfff);

test('a code-point range class matches exactly the UTF-8 encodings of its code points', () => {
  fc.assert(
    fc.property(codePoint, codePoint, fc.array(codePoint, { minLength: 20, maxLength: 20 }), fc.boolean(), (x, y, probes, negated) => {
      const [lo, hi] = x <= y ? [x, y] : [y, x];
      const dfa = regexToDfa(`[${negated ? '^' : ''}\\u{${hex(lo)}}-\\u{${hex(hi)}}]`);
      for (const cp of [...probes, lo, hi, lo - 1, hi + 1].filter((c) => c >= 0 && c <= 0x10ffff && (c < 0xd800 || c > 0xdfff))) {
        const inside = cp >= lo && cp <= hi;
        assert.equal(matches(dfa, String.fromCodePoint(cp)), negated ? !inside : inside, `U+${hex(cp)} in [${negated ? '^' : ''}${hex(lo)}-${hex(hi)}]`);
      }
    }),
    { numRuns: 300 },
  );
});

test('. matches one encoded code point, never invalid UTF-8', () => {
  const dot = regexToDfa('.', { flags: 's' });
  assert.equal(dot.stateCount, 9); // start, accept, 1-3 continuation bytes left, and the E0 ED F0 F4 special cases
  assert.equal(regexToDfa('.').stateCount, 11); // plus E2 and E2 80 to exclude U+2028 and U+2029
  const invalid: number[][] = [
    [0x80],
    [0xc0, 0x80],
    [0xc1, 0xbf],
    [0xe0, 0x80, 0x80],
    [0xed, 0xa0, 0x80],
    [0xf0, 0x80, 0x80, 0x80],
    [0xf4, 0x90, 0x80, 0x80],
    [0xf5, 0x80, 0x80, 0x80],
    [0xff],
    [0xc3],
  ];
  for (const bytes of invalid) assert.equal(matches(dot, Uint8Array.from(bytes)), false, bytes.map(hex).join(' '));
  for (const text of ['a', '\n', 'é', '€', '😀', '\u{10ffff}']) assert.equal(matches(dot, text), true, text);
  assert.equal(matches(regexToDfa('.'), '\u2028'), false);
  assert.equal(matches(regexToDfa('[^a]'), Uint8Array.from([0xed, 0xa0, 0x80])), false); // an encoded surrogate
});

test('literal non-ASCII, \\u escapes and surrogate pairs are code points', () => {
  assert.ok(matches(regexToDfa('\\u00e9+'), 'éé'));
  assert.ok(matches(regexToDfa('\\uD83D\\uDE00'), '😀'));
  assert.ok(matches(regexToDfa('😀{2}'), '😀😀'));
  assert.ok(!matches(regexToDfa('😀{2}'), '😀\uDE00'));
  assert.ok(matches(regexToDfa('\\p{Lu}\\p{Ll}+'), 'Émile'));
  assert.ok(!matches(regexToDfa('\\p{Lu}\\p{Ll}+'), 'émile'));
  assert.ok(matches(regexToDfa('[\\p{Script=Greek}]+'), 'λόγος'));
});

const syntaxErrors: Array<[string, number, RegExp]> = [
  ['(ab', 3, /expected '\)' to close the group opened at position 0/],
  ['ab)', 2, /unmatched '\)'/],
  ['*a', 0, /nothing to repeat/],
  ['a|+', 2, /nothing to repeat/],
  ['[z-a]', 1, /range out of order/],
  ['a{3,1}', 1, /numbers out of order/],
  ['[abc', 4, /expected '\]' to close the class opened at position 0/],
  ['a**', 2, /two quantifiers in a row/],
  ['\\q', 0, /unknown escape \\q/],
  ['\\x4', 2, /expected two hex digits after \\x/],
  ['\\u{110000}', 0, /above 10FFFF/],
  ['(?%)', 2, /expected ':'/],
  ['^*', 1, /quantifier cannot follow an assertion/],
  ['\\', 0, /\\ at end of pattern/],
  ['[\\d-z]', 1, /cannot be a range endpoint/],
  ['\\p{NoSuchProperty}', 3, /unknown Unicode property/],
];

test('syntax errors name the position and what was expected, where RegExp (u flag) also rejects', () => {
  for (const [source, position, message] of syntaxErrors) {
    assert.throws(() => new RegExp(source, 'u'), SyntaxError, `RegExp also rejects /${source}/`);
    assert.throws(
      () => regexToDfa(source),
      (error: unknown) => {
        assert.ok(error instanceof RegexSyntaxError, `${source}: ${String(error)}`);
        assert.equal(error.position, position, `${source}: ${error.message}`);
        assert.match(error.message, message);
        assert.match(error.message, new RegExp(`at position ${position}:`));
        return true;
      },
    );
  }
  assert.throws(() => regexToDfa('a', { flags: 'q' }), /unknown flag 'q'/);
});

test('non-regular features are rejected with the reason', () => {
  const cases: Array<[string, RegExp]> = [
    ['(a)\\1', /backreference \\1 is not regular/],
    ['(?<x>a)\\k<x>', /named backreference/],
    ['a(?=b)', /lookaround/],
    ['(?<!a)b', /lookaround/],
  ];
  for (const [source, reason] of cases) {
    assert.throws(
      () => regexToDfa(source),
      (error: unknown) => error instanceof UnsupportedRegexError && reason.test(error.message),
    );
  }
  assert.throws(() => regexToDfa('^a$', { flags: 'm' }), UnsupportedRegexError);
});

test('state budgets: a clear error naming the pattern and the budget', () => {
  // (a|b)*a(a|b){n} needs 2^(n+1) states: the classic subset-construction blow-up.
  assert.equal(regexToDfa('(a|b)*a(a|b){9}').stateCount, 1024);
  assert.throws(
    () => regexToDfa('(a|b)*a(a|b){9}', { maxStates: 500 }),
    (error: unknown) =>
      error instanceof StateBudgetError && error.budget === 500 && error.message.includes('/(a|b)*a(a|b){9}/') && error.message.includes('500 states'),
  );
  assert.throws(() => regexToDfa('a{100001}'), RegexSyntaxError);
  assert.throws(
    () => regexToDfa('[^]{50000}', { maxStates: 100 }),
    (error: unknown) => error instanceof StateBudgetError && /NFA/.test(error.message),
  );
  const left = regexToDfa('[ab]*a[ab]{4}');
  const right = regexToDfa('[ab]*b[ab]{3}');
  const both = intersect(left, right);
  assert.deepEqual([...both.transitions], [...regexToDfa('[ab]*ab[ab]{3}').transitions]);
  assert.equal(both.stateCount, 13);
  assert.throws(
    () => intersect(left, right, { maxStates: 10 }),
    (error: unknown) => error instanceof StateBudgetError && /intersection/.test(error.message),
  );
});
