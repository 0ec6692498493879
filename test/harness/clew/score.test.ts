// The oracle tally can fail: an unlisted disagreement, a listed one that no longer occurs, a group
// or kind that went missing, each in one group however well the other groups agree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareKeys, Tally, type KnownDisagreement } from './score.ts';

const many = (n: number) => Array.from({ length: n }, (_, i) => `function .f${i}@${i + 1}`);

test('keys compare as multisets per kind', () => {
  const { byKind, onlyFound, onlyExpected } = compareKeys(['function .a@1', 'function .a@1', 'import x@2'], ['function .a@1', 'import y@2']);
  assert.deepEqual(Object.fromEntries(byKind), { function: { found: 2, expected: 1, matched: 1 }, import: { found: 1, expected: 1, matched: 0 } });
  assert.deepEqual(onlyFound, ['function .a@1', 'import x@2']);
  assert.deepEqual(onlyExpected, ['import y@2']);
});

test('one disagreement in a small group fails beside a large group in full agreement; listed with a reason it passes', () => {
  const tally = new Tally();
  tally.add('big', 'a.ts', compareKeys(many(1000), many(1000)));
  tally.add('small', 'b.ts', compareKeys(['function .g@1'], ['function .g@1', 'function .h@5']));
  const expectations = { big: { kinds: ['function'] }, small: { kinds: ['function'] } };
  assert.deepEqual(tally.problems(expectations, []), [
    'not listed: missing small: b.ts: function .h@5',
    'small: function: precision 1.0000, recall 0.5000 with the known disagreements, under 1',
  ]);
  const known: KnownDisagreement[] = [{ group: 'small', file: 'b.ts', side: 'missing', key: 'function .h@5', reason: 'a test' }];
  assert.deepEqual(tally.problems(expectations, known), []);
  assert.match(
    tally.report('t', known),
    /small \(1 files, 1 known disagreement\(s\)\):\n {4}function {2}precision 1\.0000 recall 0\.5000 \(1 matched, 1 found, 2 expected\)/,
  );
  // the same entry in another file or on the other side does not cover it
  assert.equal(tally.problems(expectations, [{ ...known[0]!, file: 'c.ts' }]).length, 3);
  assert.equal(tally.problems(expectations, [{ ...known[0]!, side: 'extra' }]).length, 3);
});

test('a listed disagreement that did not occur, a missing group and a missing kind are problems', () => {
  const tally = new Tally();
  tally.add('big', 'a.ts', compareKeys(many(3), many(3)));
  const stale: KnownDisagreement = { group: 'big', file: 'a.ts', side: 'extra', key: 'function .zz@9', reason: 'fixed since' };
  assert.deepEqual(tally.problems({ big: { kinds: ['function', 'import'] }, other: { kinds: ['function'] } }, [stale]), [
    'groups: got big; expected big, other',
    'listed but did not occur: extra   big: a.ts: function .zz@9 (fixed since)',
    'big: kinds function; expected function, import',
    'other: kinds ; expected function',
  ]);
});

test('a kind the oracle never reports fails even when the extractor agrees on nothing else', () => {
  const tally = new Tally();
  tally.add('g', 'a.ts', compareKeys(['import x@1'], []));
  assert.deepEqual(tally.problems({ g: { kinds: ['import'] } }, []), [
    'not listed: extra   g: a.ts: import x@1',
    'g: import: the oracle found none',
    'g: import: precision 0.0000, recall 1.0000 with the known disagreements, under 1',
  ]);
});
