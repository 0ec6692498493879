// The error-handling summary counts the functions holding an error-handling construct, the innermost
// function taking it when functions nest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { functionsContaining } from '../../../core/clew/summaries.ts';

// functions in document order (start, end): 0 [0, 100) holds 1 [10, 40), which holds 2 [20, 30);
// 3 [40, 60) starts where 1 ends; 4 [60, 60) is empty; 5 [100, 120) starts where 0 ends
const RANGES = [0, 100, 10, 40, 20, 30, 40, 60, 60, 60, 100, 120];

test('functionsContaining: each position counts its innermost function once', () => {
  assert.equal(functionsContaining(RANGES, []), 0);
  assert.equal(functionsContaining(RANGES, [25]), 1); // function 2 only, not 1 or 0
  assert.equal(functionsContaining(RANGES, [5, 15, 25, 26]), 3); // 0, 1, 2
  assert.equal(functionsContaining(RANGES, [30, 40]), 2); // 1 (2 has ended), then 3 (1 has ended)
  assert.equal(functionsContaining(RANGES, [60, 99]), 1); // 0 twice: 3 has ended, 4 is empty
  assert.equal(functionsContaining(RANGES, [100, 119, 120, 500]), 1); // 5; nothing holds 120 or 500
  // functions starting together: the later one in the list is the inner one
  assert.equal(functionsContaining([0, 50, 0, 10], [5, 20]), 2);
});

test('functionsContaining: positions out of document order give the same count', () => {
  assert.equal(functionsContaining(RANGES, [26, 5, 15, 25]), 3);
  assert.equal(functionsContaining(RANGES, [99, 60]), 1);
  assert.equal(functionsContaining(RANGES, [119, 30, 40, 500]), 3);
});
