// Every bench script answers --help with its usage and its exit codes, and exits 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runScript } from './support.ts';

const SCRIPTS: Array<[string, RegExp]> = [
  ['run-all.mjs', /^usage: npm run bench -- \[options\]/],
  ['merge.mjs', /^usage: npm run bench:merge -- \[options\] files-or-folders…/],
  ['regression.mjs', /^usage: npm run bench:regression -- /],
  ['compare.mjs', /^usage: npm run bench:compare -- --base <rev>/],
  ['baseline.mjs', /^usage: npm run bench:baseline -- /],
  ['stability.mjs', /^The harness's own benchmark \(`npm run bench:stability`\)/],
  ['history.mjs', /^usage: npm run bench:history -- \[options\]/],
  ['report.mjs', /^usage: npm run bench:report -- \[run folders…\] \[options\]/],
  ['test.mjs', /^usage: npm test/],
];

for (const [script, usage] of SCRIPTS) {
  test(`${script} --help: usage and exit codes`, async () => {
    const r = await runScript(script, ['--help']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, usage);
    assert.match(r.stdout, /exit codes: 0 /i);
  });
}
