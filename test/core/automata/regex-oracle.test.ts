// regexToDfa agrees with the JavaScript RegExp engine (u flag) on random regexes and random strings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { matches, regexToDfa, shortestMember } from '../../../core/automata/index.ts';
import { allStrings, assertionHeavySource, bmpTestString, regexSource, testString, withinBudget } from './arbitraries.ts';

const decoder = new TextDecoder();

/** Full match on random regexes (with assertions or without): the DFA accepts exactly what ^(?:p)$ matches; `witness` also checks its shortest member. */
function assertFullMatchAgrees(assertions: boolean, witness: boolean, numRuns: number): void {
  fc.assert(
    fc.property(
      regexSource(assertions),
      fc.array(testString, { minLength: 10, maxLength: 10 }),
      withinBudget((source, inputs) => {
        const dfa = regexToDfa(source);
        const oracle = new RegExp(`^(?:${source})$`, 'u');
        for (const input of inputs) assert.equal(matches(dfa, input), oracle.test(input), `/${source}/ on ${JSON.stringify(input)}`);
        if (!witness) return;
        const member = shortestMember(dfa);
        if (member) assert.ok(oracle.test(decoder.decode(member)), `shortest member of /${source}/ matches`);
      }),
    ),
    { numRuns },
  );
}

test('full match: the DFA accepts exactly the strings ^(?:p)$ matches', () => {
  assertFullMatchAgrees(false, true, 300);
});

test('search mode with assertions (\\b \\B ^ $ anywhere) agrees with RegExp.test', () => {
  fc.assert(
    fc.property(
      regexSource(true),
      fc.array(bmpTestString, { minLength: 10, maxLength: 10 }),
      withinBudget((source, inputs) => {
        const dfa = regexToDfa(source, { mode: 'search' });
        const oracle = new RegExp(source, 'u');
        for (const input of inputs) assert.equal(matches(dfa, input), oracle.test(input), `/${source}/ on ${JSON.stringify(input)}`);
      }),
    ),
    { numRuns: 200 },
  );
});

test('full match with assertions agrees with ^(?:p)$', () => {
  assertFullMatchAgrees(true, false, 200);
});

test('assertion-dense regexes agree with RegExp on every short string, in both modes', () => {
  const strings = allStrings(['a', '_', ' ', 'é'], 4);
  fc.assert(
    fc.property(
      assertionHeavySource,
      withinBudget((source) => {
        const search = regexToDfa(source, { mode: 'search' });
        const full = regexToDfa(source);
        const searchOracle = new RegExp(source, 'u');
        const fullOracle = new RegExp(`^(?:${source})$`, 'u');
        for (const input of strings) {
          assert.equal(matches(search, input), searchOracle.test(input), `search /${source}/ on ${JSON.stringify(input)}`);
          assert.equal(matches(full, input), fullOracle.test(input), `full /${source}/ on ${JSON.stringify(input)}`);
        }
      }),
    ),
    { numRuns: 150 },
  );
});

test('the i and s flags agree with RegExp', () => {
  const inputs = ['abc', 'ABC', 'aBc', 'HÉLLO', 'héllo', 'ſ', 's', 'S', 'K', 'k', '\u212a', 'a\nb', 'a\rb', 'ß', 'ẞ', 'Σ', 'ς', 'σ'];
  const patterns = ['abc', 'h[é]llo', '[^a]bc', 's', '\\w', '\\W', 'k', '[a-z]+', 'a.b', 'σ', '[^σ]', 'ß'];
  for (const flags of ['i', 's', 'is']) {
    for (const source of patterns) {
      const dfa = regexToDfa(source, { flags });
      const oracle = new RegExp(`^(?:${source})$`, `${flags}u`);
      for (const input of inputs) assert.equal(matches(dfa, input), oracle.test(input), `/${source}/${flags} on ${JSON.stringify(input)}`);
    }
  }
});

test('concrete languages', () => {
  const identifier = regexToDfa('[A-Za-z_$][A-Za-z0-9_$]*');
  assert.equal(matches(identifier, 'fooBar_1'), true);
  assert.equal(matches(identifier, '1foo'), false);
  assert.equal(identifier.stateCount, 2);
  const forbidden = regexToDfa('\\beval\\s*\\(', { mode: 'search' });
  assert.equal(matches(forbidden, 'x = eval (y)'), true);
  assert.equal(matches(forbidden, 'x = medieval(y)'), false);
  assert.equal(matches(forbidden, 'evaluate(y)'), false);
  assert.equal(decoder.decode(shortestMember(regexToDfa('[x-z]{3}|ab|b'))!), 'b');
  assert.equal(shortestMember(regexToDfa('a^b')), null);
});
