// regexesOverlap (product of NFAs) agrees with the DFA intersection on random regexes; assertions defer to DFAs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { intersect, isEmpty, regexesOverlap, regexToDfa } from '../../../core/automata/index.ts';
import { regexSource, withinBudget } from './arbitraries.ts';

test('regexesOverlap equals "the DFA intersection is not empty" on random regexes', () => {
  fc.assert(
    fc.property(
      regexSource(false),
      regexSource(false),
      withinBudget((a, b) => {
        const expected = !isEmpty(intersect(regexToDfa(a), regexToDfa(b)));
        assert.equal(regexesOverlap(a, b), expected, `/${a}/ vs /${b}/`);
      }),
    ),
    { numRuns: 400 },
  );
});

test('regexesOverlap on concrete pairs, Unicode classes included', () => {
  assert.equal(regexesOverlap('a+', 'aa'), true);
  assert.equal(regexesOverlap('a+', 'b+'), false);
  assert.equal(regexesOverlap('(?:ab|a)(?:c|bc)', 'abc'), true);
  assert.equal(regexesOverlap('[^"]+', 'é'), true);
  assert.equal(regexesOverlap('[^é]', 'é'), false);
  assert.equal(regexesOverlap('(?:x|y)(?:x|y)+', 'xy'), true);
  assert.equal(regexesOverlap('(?:x|y)(?:x|y)+', 'x|y'), false);
  assert.equal(regexesOverlap('[a-z]+', '\\d+'), false);
});

test('patterns with assertions or over the pair budget are left to the DFA path (null)', () => {
  assert.equal(regexesOverlap('^a', 'a'), null);
  assert.equal(regexesOverlap('a$', 'a'), null);
  assert.equal(regexesOverlap('\\ba', 'a'), null);
  assert.equal(regexesOverlap('[ab]*a[ab]{12}', '[ab]*b[ab]{12}', { maxPairs: 50 }), null);
  assert.throws(() => regexesOverlap('(?<=a)b', 'b'), /UnsupportedRegexError|lookbehind|lookaround/i);
});
