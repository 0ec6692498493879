// Reading each runtime's test report (its summary lines) and judging a run: what makes
// scripts/test.mjs fail besides a failing test.

function lastNumber(text, pattern) {
  let value = null;
  for (const match of text.matchAll(pattern)) value = Number(match[1]);
  return value;
}

function sum(a, b) {
  return a === null || b === null ? null : a + b;
}

/**
 * Per runtime: passed, failed, skipped (skip and todo) and test files run, from its report; null
 * where the report does not say. `given` is how many files the runner was handed (Node runs
 * exactly those; Bun and Deno find them in a folder and say how many they ran).
 */
export const READ_COUNTS = {
  node: (out, given) => ({
    passed: lastNumber(out, /^\s*[ℹ#] pass (\d+)/gm),
    // a cancelled test (its file failed to load, a timeout) did not pass
    failed: sum(lastNumber(out, /^\s*[ℹ#] fail (\d+)/gm), lastNumber(out, /^\s*[ℹ#] cancelled (\d+)/gm)),
    skipped: sum(lastNumber(out, /^\s*[ℹ#] skipped (\d+)/gm), lastNumber(out, /^\s*[ℹ#] todo (\d+)/gm)),
    files: given,
  }),
  bun: (out) => ({
    passed: lastNumber(out, /^\s*(\d+) pass$/gm),
    failed: lastNumber(out, /^\s*(\d+) fail$/gm),
    // bun prints the skip and todo lines only when the count is not zero
    skipped: (lastNumber(out, /^\s*(\d+) skip$/gm) ?? 0) + (lastNumber(out, /^\s*(\d+) todo$/gm) ?? 0),
    files: lastNumber(out, /^Ran \d+ tests? across (\d+) files?\./gm),
  }),
  deno: (out) => ({
    passed: lastNumber(out, /(\d+) passed/g),
    failed: lastNumber(out, /(\d+) failed/g),
    // skip and todo are "ignored", printed only when not zero. Deno reports a test that calls
    // t.skip() in its body as passed; test/harness/no-skips.test.ts forbids such calls.
    skipped: lastNumber(out, /(\d+) ignored/g) ?? 0,
    files: [...out.matchAll(/^running \d+ tests? from /gm)].length,
  }),
};

/**
 * Why a runtime's run fails besides its failing tests: the runner exited non-zero with no failing
 * test (a crash, a load error), a test skipped, fewer tests than the minimum, or not every test
 * source run (a file not compiled, or not loaded).
 */
export function runProblems(counts, { code, minimum, sources }) {
  if (counts.passed === null || counts.failed === null || counts.skipped === null) return [`could not read its test counts (exit code ${code})`];
  const problems = [];
  if (code !== 0 && counts.failed === 0) problems.push(`exited ${code}`);
  if (counts.skipped > 0) problems.push(`${counts.skipped} skipped or todo: no test may skip`);
  if (counts.passed + counts.failed < minimum)
    problems.push(`ran ${counts.passed + counts.failed} tests, fewer than its minimum ${minimum}: did a test file stop loading?`);
  if (counts.files !== sources) problems.push(`ran ${counts.files ?? 'an unknown number of'} test files, for ${sources} test sources`);
  return problems;
}
