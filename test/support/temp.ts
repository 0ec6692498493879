// Temporary folders for a test file, removed once its tests are done (node:test's root `after`
// hook) or, failing that, when the process exits: a test run leaves nothing in the system's
// temporary folder.
import { after } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];

function removeAll(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

// Registered when this module is first imported, at the top level of a test file: the hook then
// belongs to the file's root and runs after its last test.
after(removeAll);
process.on('exit', removeAll);

/** A fresh folder under the system's temporary folder, removed after this file's tests. */
export function tempDir(prefix = 'ananke-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}
