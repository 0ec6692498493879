// The machine's tools that tests use as oracles (Debian packages .ci/run installs). A missing tool
// fails its test with what to install, never skips it: a skipped oracle checks nothing.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

/** Asserts that an executable exists, naming the Debian package that brings it. */
export function requireTool(path: string, debianPackage: string): void {
  assert.ok(existsSync(path), `${path} is missing: install Debian's ${debianPackage} (apt-get install -y ${debianPackage}; .ci/run does)`);
}

/** Asserts that files a Debian package installs are there (real code the tests read), naming the package. */
export function requireFiles(paths: readonly string[], debianPackages: string): void {
  const absent = paths.filter((p) => !existsSync(p));
  assert.deepEqual(absent, [], `missing: install Debian's ${debianPackages} (.ci/run does)`);
}

/** Debian's Python, for the oracles that use its standard library and packaged modules. */
export const PYTHON = '/usr/bin/python3';

/** Asserts that Debian's Python exists and can import a module, naming the package that brings it. */
export function requirePythonModule(module: string, debianPackage: string): void {
  requireTool(PYTHON, 'python3');
  const run = spawnSync(PYTHON, ['-c', `import ${module}`], { encoding: 'utf8' });
  assert.equal(
    run.status,
    0,
    `${PYTHON} cannot import ${module}: install Debian's ${debianPackage} (apt-get install -y ${debianPackage}; .ci/run does)\n${run.stderr}`,
  );
}

/**
 * Builds a tool once and reuses it while it is newer than every one of its sources (an oracle
 * program the tests compile); `build` must leave `output` behind or throw with what went wrong.
 */
export function cachedBuild(output: string, sources: readonly string[], build: () => void): string {
  const built = existsSync(output) ? statSync(output).mtimeMs : -1;
  if (built < 0 || sources.some((s) => statSync(s).mtimeMs > built)) {
    build();
    assert.ok(existsSync(output), `building ${output} left nothing behind`);
  }
  return output;
}

/** Runs a command, failing with its output when it does not exit 0; returns its stdout. */
export function runOrFail(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): string {
  const run = spawnSync(command, args, { ...options, encoding: 'utf8', maxBuffer: 256 << 20 });
  assert.equal(
    run.status,
    0,
    `${command} ${args.join(' ')} exited ${run.status ?? run.signal}${run.error ? ` (${run.error.message})` : ''}:\n${run.stderr}\n${run.stdout.slice(-2000)}`,
  );
  return run.stdout;
}
