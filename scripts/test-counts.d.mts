// Types of test-counts.mjs for the tests that import it.
export interface TestCounts {
  passed: number | null;
  failed: number | null;
  skipped: number | null;
  files: number | null;
}
export const READ_COUNTS: Record<'node' | 'bun' | 'deno', (out: string, given: number) => TestCounts>;
export function runProblems(counts: TestCounts, run: { code: number; minimum: number; sources: number }): string[];
