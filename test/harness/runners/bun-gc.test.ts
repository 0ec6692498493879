// Bun's platform collects only the young generation (JavaScriptCore's eden collection) when the
// harness asks for 'young' before a bench, and everything when it asks for a full collection: a full
// one before a bench put allocating benches 3-5x slow for 200-250 ms (runners/bun/platform.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoBin, repoPath } from '../../support/platform.ts';
import { tempDir } from '../../support/temp.ts';

const root = repoPath('');

test('bun: gc("young") leaves old garbage (an eden collection), gc() frees it (a full one)', () => {
  const script = join(tempDir(), 'gc.mjs');
  writeFileSync(
    script,
    `import { bunPlatform } from ${JSON.stringify(pathToFileURL(join(root, 'dist/runners/bun/platform.js')).href)};
const p = await bunPlatform();
function fill() { const a = []; for (let i = 0; i < 200000; i++) a.push({ i, s: 'x' + i }); return a; }
let keep = fill();
p.gc(); p.gc(); // survives two full collections: old
const withOld = p.heap().usedBytes;
keep = null;
p.gc('young');
const afterYoung = p.heap().usedBytes;
p.gc();
console.log(JSON.stringify({ withOld, afterYoung, afterFull: p.heap().usedBytes }));
`,
  );
  const out = spawnSync(repoBin('bun'), [script], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(out.status, 0, out.stderr);
  const { withOld, afterYoung, afterFull } = JSON.parse(out.stdout) as Record<string, number>;
  // 200,000 small objects and strings: about 20 MB here
  assert.ok(withOld > 10e6, `heap with the old objects: ${withOld} bytes`);
  assert.ok(afterYoung > withOld * 0.9, `the young collection freed old objects: ${withOld} → ${afterYoung} bytes`);
  assert.ok(afterFull < withOld / 4, `the full collection left ${afterFull} of ${withOld} bytes`);
});
