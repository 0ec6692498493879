// The external tools the oracle tests run: a missing one fails the test with what to install, never skips it.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';

/** Debian's Python (the `python3` first on PATH may be another build without python3-lark). */
export const PYTHON = '/usr/bin/python3';

/** Fails with an actionable message when a tool the test needs is absent. */
export function requireTool(path: string, install: string): void {
  assert.ok(existsSync(path), `${path} is missing: ${install} (.ci/run installs it)`);
}
