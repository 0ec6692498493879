// A missing oracle tool fails with what to install.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requirePythonModule, requireTool } from '../support/tools.ts';

test('a missing tool or Python module is a failure naming the Debian package', () => {
  assert.throws(
    () => requireTool('/no/such/tool', 'golang-go'),
    /\/no\/such\/tool is missing: install Debian's golang-go \(apt-get install -y golang-go; \.ci\/run does\)/,
  );
  assert.throws(
    () => requirePythonModule('no_such_module_here', 'python3-nothing'),
    /\/usr\/bin\/python3 cannot import no_such_module_here: install Debian's python3-nothing/,
  );
  requirePythonModule('json', 'python3');
});
