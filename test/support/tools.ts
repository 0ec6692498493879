// The machine's tools that tests use as oracles (Debian packages .ci/run installs). A missing tool
// fails its test with what to install, never skips it: a skipped oracle checks nothing.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Asserts that an executable exists, naming the Debian package that brings it. */
export function requireTool(path: string, debianPackage: string): void {
  assert.ok(existsSync(path), `${path} is missing: install Debian's ${debianPackage} (apt-get install -y ${debianPackage}; .ci/run does)`);
}

/** Debian's Python, for the oracles that use its standard library and packaged modules. */
export const PYTHON = '/usr/bin/python3';

/** Asserts that Debian's Python exists and can import a module, naming the package that brings it. */
export function requirePythonModule(module: string, debianPackage: string): void {
  requireTool(PYTHON, 'python3');
  const run = spawnSync(PYTHON, ['-c', `import ${module}`], { encoding: 'utf8' });
  assert.equal(run.status, 0, `${PYTHON} cannot import ${module}: install Debian's ${debianPackage} (apt-get install -y ${debianPackage}; .ci/run does)\n${run.stderr}`);
}
